import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization
import TributaryNormalizer
import TributaryWarehouse

/// The destination's connections, each used by one transaction at a time, and what the destination
/// keeps between transactions.
///
/// Batches from a sync's many workers are written side by side, one per connection, so that the server
/// stores one while Tributary encodes the next. A transaction that loses its connection is replayed
/// whole on a new one: it committed nothing, so the replay stores the batch once.
final class PostgresSession: Sendable {
    let configuration: PostgresDestination.Configuration
    let logger: Logger
    let system: PostgresSystemTables
    private let connectionConfiguration: PostgresConnection.Configuration
    private let pool: ConnectionPool
    /// The schema of each table, shared by the connections.
    let schemas = SchemaCache()
    private let counters = Mutex((made: 0, reconnects: 0))

    init(configuration: PostgresDestination.Configuration, logger: Logger) throws(WarehouseError) {
        self.configuration = configuration
        self.logger = logger
        self.system = PostgresSystemTables(schema: try SQLIdentifier(configuration.systemSchema))
        self.connectionConfiguration = try Self.connectionConfiguration(configuration)
        self.pool = ConnectionPool(size: configuration.connections)
    }

    /// Runs `body` on the connection, in a transaction unless `transaction` is false, replaying it on a new
    /// connection when the connection is lost, up to ``PostgresDestination/Configuration/Retry/attempts``
    /// tries in all.
    ///
    /// - Parameter activity: what is being done, for error messages ("writing a batch").
    @discardableResult
    func run<T: Sendable>(_ activity: String, transaction: Bool = true,
                          _ body: @escaping @Sendable (PostgresContext) async throws -> T) async throws -> T {
        try await pool.withSlot { slot in
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let context = PostgresContext(connection: try await self.connect(slot), logger: self.logger, system: self.system)
                    guard transaction else { return try await body(context) }
                    return try await self.inTransaction(context, body)
                } catch {
                    // The transaction rolled back: what memory learnt during it may not be in the database.
                    self.schemas.removeAll()
                    let lost = PostgresFailure.isConnectionLoss(error)
                    if lost { await Self.drop(slot) }
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

    /// Connections made to replace lost ones.
    var reconnects: Int { counters.withLock { $0.reconnects } }

    /// Closes the connections; call once no transaction is under way. The session may still reconnect if
    /// used again.
    func close() async {
        for slot in await pool.all { await Self.drop(slot) }
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

    private func connect(_ slot: ConnectionPool.Slot) async throws -> PostgresConnection {
        if let connection = slot.connection, !connection.isClosed { return connection }
        let isReplacement = slot.connectedBefore
        slot.connectedBefore = true
        slot.connection = nil
        let id = counters.withLock { counters in
            counters.made += 1
            if isReplacement { counters.reconnects += 1 }
            return counters.made
        }
        let made = try await PostgresConnection.connect(configuration: connectionConfiguration, id: id, logger: logger)
        do {
            let context = PostgresContext(connection: made, logger: logger, system: system)
            // Timestamps as text (widening a timestamp column) are UTC whatever the server's zone.
            try await context.execute("SET TIME ZONE 'UTC'")
            if !configuration.synchronousCommit {
                // Each batch commits with the checkpoint it advances: a commit the server loses in a crash
                // loses its checkpoint too, and the next sync reads that page again. Nothing is lost, and
                // the server does not wait for its disk at every commit.
                try await context.execute("SET synchronous_commit = off")
            }
        } catch {
            try? await made.close()
            throw error
        }
        slot.connection = made
        return made
    }

    private static func drop(_ slot: ConnectionPool.Slot) async {
        if let connection = slot.connection { try? await connection.close() }
        slot.connection = nil
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
