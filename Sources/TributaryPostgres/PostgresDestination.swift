import Foundation
import Logging
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

/// A ``Destination`` on a PostgreSQL server (or one that speaks its protocol), through postgres-nio.
///
/// ```swift
/// let destination = try await PostgresDestination(url: "postgres://loader:secret@db.internal/warehouse?sslmode=require")
/// let namespace = try Namespace(source: "default", schema: "stripe", tablePrefix: "")
/// try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
/// try await destination.commit(batch, advancing: state, in: namespace)
/// ```
///
/// - Each namespace's tables are in its own PostgreSQL schema, created when missing; the default schema
///   (`main`) is `public`. Table names carry the namespace's prefix.
/// - The system tables are in one schema all sources share (`public`, or
///   ``Configuration/systemSchema``).
/// - Types: `bigint`, `double precision`, `text`, `boolean`, `timestamptz`, and `jsonb` for JSON.
/// - A batch is loaded with `COPY` into a temporary staging table, then upserted with
///   `INSERT … SELECT … ON CONFLICT … DO UPDATE`, with its deletions, rejects and sync state, in one
///   transaction.
/// - ``Configuration/connections`` connections, each used by one call at a time, so that batches written
///   at once are stored side by side. A lost connection is replaced and the transaction replayed; see
///   ``Configuration/Retry``.
public final class PostgresDestination: Destination {
    /// The configuration.
    public let configuration: Configuration
    let session: PostgresSession

    /// Connects, creating the system schema and tables when missing.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/connection`` when the server cannot be reached or
    ///   refuses the login (after the configured retries), never with the password in the message.
    public init(configuration: Configuration, logger: Logger = PostgresDestination.defaultLogger) async throws {
        self.configuration = configuration
        self.session = try PostgresSession(configuration: configuration, logger: logger)
        try await session.run("creating the system tables") { context in
            try await context.execute(PostgresSession.ddlLock)
            for statement in context.system.ddl { try await context.execute(statement) }
        }
    }

    /// Connects to the server a `postgres://` destination names.
    public convenience init(url: String, logger: Logger = PostgresDestination.defaultLogger) async throws {
        guard case let .postgres(endpoint) = try DestinationURL(url) else {
            throw WarehouseError(.invalidURL, "a PostgreSQL destination starts with postgres://")
        }
        try await self.init(configuration: try Configuration(endpoint), logger: logger)
    }

    /// Warnings only: retries and reconnections.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "tributary.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Connections made to replace lost ones since the destination was opened.
    public var reconnects: Int {
        get async { session.reconnects }
    }

    public func schema(of table: String, in namespace: Namespace) async throws -> TableSchema? {
        let name = try PostgresNaming.table(table, in: namespace)
        return try await session.run("reading the schema of \(name)", transaction: false) { context in
            try await PostgresSchemaStore.load(context, name, namespace: namespace)
        }
    }

    public func state(source: String) async throws -> [String: String] {
        try await session.run("reading the sync state", transaction: false) { context in
            let rows = try await context.rows(#"SELECT "key", "value" FROM "# + context.system.state + #" WHERE "source" = $1"#, .of(source))
            var state: [String: String] = [:]
            for row in rows {
                let (key, value) = try row.decode((String, String).self)
                state[key] = value
            }
            return state
        }
    }

    public func close() async throws {
        await session.close()
    }

    /// Drops a schema with every table in it (`DROP SCHEMA … CASCADE`), for benchmarks and tests that
    /// made one of their own. Rows other schemas' system tables hold about it stay.
    public func dropSchema(_ schema: String) async throws {
        let name = try SQLIdentifier(schema)
        try await session.run("dropping schema \(schema)") { context in
            try await context.execute("DROP SCHEMA IF EXISTS \(name.quoted) CASCADE")
        }
    }
}

extension PostgresSession {
    /// Taken at the start of every transaction that changes tables' definitions, so that two processes
    /// preparing the same schema at once do not both try to create it.
    static let ddlLock = "SELECT pg_advisory_xact_lock(7305981294)"

    /// Now, in whole seconds as `_tributary_synced_at` holds them.
    static func now() -> Date {
        Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }
}
