import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

/// The destination's one connection, used by one transaction at a time, and what the destination keeps
/// between transactions.
///
/// A transaction that loses its connection is replayed whole on a new one: it committed nothing, so the
/// replay stores the batch once. Everything but the gate is touched only inside ``run(_:transaction:_:)``,
/// which the gate runs one at a time, hence `@unchecked Sendable`.
final class PostgresSession: @unchecked Sendable {
    let configuration: PostgresDestination.Configuration
    let logger: Logger
    let system: PostgresSystemTables
    private let connectionConfiguration: PostgresConnection.Configuration
    private let gate = AsyncGate()

    private var connection: PostgresConnection?
    private var connections = 0
    /// The schema of each table, as `_tributary_schema` holds it; forgotten whenever a transaction fails.
    var schemas: [QualifiedName: TableSchema] = [:]
    /// Connections made after the first: lost ones replaced.
    private(set) var reconnects = 0

    init(configuration: PostgresDestination.Configuration, logger: Logger) throws(WarehouseError) {
        self.configuration = configuration
        self.logger = logger
        self.system = PostgresSystemTables(schema: try SQLIdentifier(configuration.systemSchema))
        self.connectionConfiguration = try Self.connectionConfiguration(configuration)
    }

    /// Runs `body` on the connection, in a transaction unless `transaction` is false, replaying it on a new
    /// connection when the connection is lost, up to ``PostgresDestination/Configuration/Retry/attempts``
    /// tries in all.
    ///
    /// - Parameter activity: what is being done, for error messages ("writing a batch").
    @discardableResult
    func run<T: Sendable>(_ activity: String, transaction: Bool = true,
                          _ body: @escaping @Sendable (PostgresContext) async throws -> T) async throws -> T {
        try await gate.run {
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let context = PostgresContext(connection: try await self.connect(), logger: self.logger, system: self.system)
                    guard transaction else { return try await body(context) }
                    return try await self.inTransaction(context, body)
                } catch {
                    // The transaction rolled back: what memory learnt during it may not be in the database.
                    self.schemas.removeAll()
                    let lost = PostgresFailure.isConnectionLoss(error)
                    if lost { await self.drop() }
                    guard (lost || PostgresFailure.isTransient(error)), attempt < self.configuration.retry.attempts,
                          !Task.isCancelled else {
                        throw PostgresFailure.warehouseError(error, doing: activity, attempts: attempt)
                    }
                    let wait = self.configuration.retry.backoff(after: attempt)
                    self.logger.warning("PostgreSQL transaction failed; retrying", metadata: [
                        "activity": "\(activity)", "attempt": "\(attempt)", "wait": "\(wait)",
                        "error": "\(PostgresFailure.warehouseError(error, doing: activity).message)",
                    ])
                    try await Task.sleep(for: wait)
                }
            }
        }
    }

    /// ``reconnects``, once the transaction under way is done.
    func reconnectCount() async -> Int {
        (try? await gate.run { self.reconnects }) ?? 0
    }

    /// Closes the connection; the session may still reconnect if used again.
    func close() async {
        _ = try? await gate.run { await self.drop() }
    }

    private func inTransaction<T>(_ context: PostgresContext, _ body: (PostgresContext) async throws -> T) async throws -> T {
        try await context.execute("BEGIN")
        do {
            let value = try await body(context)
            try await context.execute("COMMIT")
            return value
        } catch {
            // A lost connection has rolled back already; a failed statement needs the ROLLBACK.
            if !PostgresFailure.isConnectionLoss(error) { _ = try? await context.execute("ROLLBACK") }
            throw error
        }
    }

    private func connect() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        connections += 1
        if connections > 1 { reconnects += 1 }
        let made = try await PostgresConnection.connect(configuration: connectionConfiguration, id: connections, logger: logger)
        do {
            // Timestamps as text (widening a timestamp column) are UTC whatever the server's zone.
            try await PostgresContext(connection: made, logger: logger, system: system).execute("SET TIME ZONE 'UTC'")
        } catch {
            try? await made.close()
            throw error
        }
        connection = made
        return made
    }

    private func drop() async {
        if let connection { try? await connection.close() }
        connection = nil
    }

    private static func connectionConfiguration(_ configuration: PostgresDestination.Configuration) throws(WarehouseError)
        -> PostgresConnection.Configuration {
        var result: PostgresConnection.Configuration
        if let socket = configuration.unixSocketPath {
            result = .init(unixSocketPath: socket, username: configuration.user, password: configuration.password,
                           database: configuration.database)
        } else {
            result = .init(host: configuration.host, port: configuration.port, username: configuration.user,
                           password: configuration.password, database: configuration.database, tls: try tls(configuration))
        }
        let timeout = configuration.connectTimeout.components
        result.options.connectTimeout = .nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)
        result.options.additionalStartupParameters = [("application_name", configuration.applicationName)]
        return result
    }

    private static func tls(_ configuration: PostgresDestination.Configuration) throws(WarehouseError) -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.tls {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let path = configuration.rootCertificatePath { tls.trustRoots = .file(path) }
        do {
            let context = try NIOSSLContext(configuration: tls)
            return configuration.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw WarehouseError(.connection, "cannot set up TLS (sslmode=\(configuration.tls.rawValue)); check sslrootcert", underlying: error)
        }
    }
}
