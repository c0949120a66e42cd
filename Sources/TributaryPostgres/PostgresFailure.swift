import NIOCore
import PostgresNIO
import TributaryWarehouse

/// How Tributary reads postgres-nio's errors: whether a transaction may be replayed, and what to tell the
/// user without passwords or row values.
enum PostgresFailure {
    /// Whether the connection is gone (or the server is going away): reconnect and replay the transaction.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
                 .messageDecodingFailure, .unexpectedBackendMessage:
                return true
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                // 08: connection exception; 57P01-57P03: the server shuts down, crashed, or is starting.
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return false
            }
        }
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError].contains { $0.map(isConnectionLoss) ?? false }
        }
        return error is IOError || error is ChannelError
    }

    /// Whether the server gave up the transaction for a reason a replay can cure, on a connection that
    /// still works: a deadlock, a serialization failure, or a unique violation (another writer added a key
    /// between the check and the `COPY` that assumed it new; the replay sees it and upserts).
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return ["40001", "40P01", "23505"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// A ``WarehouseError`` for a driver error, saying what Tributary was doing.
    ///
    /// The message holds the server's SQLSTATE and primary message, except for data errors (classes 22
    /// and 23), whose messages quote row values. Never the password: the server does not know it in clear
    /// text, and the driver's errors do not carry the configuration.
    static func warehouseError(_ error: any Error, doing activity: String, attempts: Int = 1) -> WarehouseError {
        if let error = error as? WarehouseError { return error }
        let tries = attempts > 1 ? " (after \(attempts) tries)" : ""
        if let psql = error as? PSQLError {
            if psql.code == .server, let info = psql.serverInfo {
                let state = info[.sqlState] ?? "?"
                let quotesValues = state.hasPrefix("22") || state.hasPrefix("23")
                let message = quotesValues ? "a value was refused" : (info[.message] ?? "error")
                let code: WarehouseError.Code = state.hasPrefix("28") || state.hasPrefix("08") || state.hasPrefix("57P")
                    || state == "3D000" ? .connection : .database
                return WarehouseError(code, "PostgreSQL \(state) while \(activity)\(tries): \(message)", underlying: error)
            }
            let code: WarehouseError.Code = isConnectionLoss(psql) || [.sslUnsupported, .failedToAddSSLHandler,
                .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError].contains(psql.code) ? .connection : .database
            return WarehouseError(code, "PostgreSQL connection failed while \(activity)\(tries): \(psql.code)", underlying: error)
        }
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? transaction.rollbackError
            if let inner { return warehouseError(inner, doing: activity, attempts: attempts) }
        }
        if isConnectionLoss(error) {
            return WarehouseError(.connection, "lost the PostgreSQL server while \(activity)\(tries): \(type(of: error))", underlying: error)
        }
        return WarehouseError(.database, "PostgreSQL failed while \(activity)\(tries): \(type(of: error))", underlying: error)
    }
}
