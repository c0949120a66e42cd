import Foundation
import GRDB
import GRDBSQLite
import TributaryNormalizer
import TributaryWarehouse

/// A ``Destination`` in one SQLite file, in WAL mode so that readers (the `sqlite3` shell, a dashboard)
/// never block a sync, and a sync never blocks them.
///
/// ```swift
/// let destination = try SQLiteDestination(path: "tributary.sqlite")
/// let namespace = try Namespace(source: "default")
/// try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
/// try await destination.commit(batch, advancing: [StateEntry(source: "default", key: "charges.cursor", value: "…")],
///                              in: namespace)
/// ```
///
/// SQLite has no schemas: tables are named `<prefix><table>` in schema `main`, and
/// `<schema>__<prefix><table>` in any other. Values are stored as SQLite types: integers and booleans as
/// `INTEGER`, timestamps as `YYYY-MM-DD HH:MM:SS` UTC text, JSON as text.
public final class SQLiteDestination: Destination {
    /// Tuning of a SQLite destination.
    public struct Configuration: Sendable {
        /// The most rows one `INSERT` statement carries (fewer when a row has many columns, as SQLite
        /// binds at most 32,766 values per statement). One by default: a prepared statement is cached
        /// per table and column set, and a multi-row statement over a wide Stripe table is a program of
        /// hundreds of kilobytes, for no measurable gain in speed (`tributary bench sqlite`).
        public var rowsPerStatement: Int
        /// How long a write waits for another process holding the write lock.
        public var busyTimeout: Duration
        /// SQLite's page cache per connection, in MiB. The file's pages stay in the operating system's
        /// cache anyway; a larger SQLite cache only made the sync's memory grow with the account
        /// (64 MiB measured no faster than 8 on 300,000 charges).
        public var cacheMiB: Int

        /// The defaults: one row per statement, a 10 s busy timeout, an 8 MiB cache.
        public init(rowsPerStatement: Int = 1, busyTimeout: Duration = .seconds(10), cacheMiB: Int = 8) {
            self.rowsPerStatement = rowsPerStatement
            self.busyTimeout = busyTimeout
            self.cacheMiB = cacheMiB
        }
    }

    /// The file's path.
    public let path: String
    /// The configuration.
    public let configuration: Configuration
    let pool: DatabasePool
    let writer = WriterState()

    /// Opens (or creates) the file and its system tables.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/database`` if the file cannot be opened as SQLite.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        var grdb = GRDB.Configuration()
        grdb.label = "tributary"
        let timeout = configuration.busyTimeout
        grdb.busyMode = .timeout(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        let cacheKiB = max(configuration.cacheMiB, 1) * 1024
        grdb.prepareDatabase { db in
            // With WAL, NORMAL loses no committed transaction to a crash of the process, only (at worst)
            // the last ones to a power cut; each write still commits atomically with its sync state.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: grdb)
            try pool.write { db in
                for statement in SystemTables.ddl { try db.execute(sql: statement) }
                try SystemTables.migrate(db)
            }
        } catch {
            throw WarehouseError(.database, "cannot open \(path) as a SQLite database", underlying: error)
        }
    }

    public func schema(of table: String, in namespace: Namespace) async throws -> TableSchema? {
        let physical = try SQLiteNaming.table(table, in: namespace)
        return try await database { db in try SchemaStore.load(db, physical: physical.name, namespace: namespace) }
    }

    public func state(source: String) async throws -> [String: String] {
        try await pool.read { db in
            let rows = try GRDB.Row.fetchAll(db, sql: #"SELECT "key", "value" FROM "_tributary_state" WHERE "source" = ?"#,
                                             arguments: [source])
            return Dictionary(rows.map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { _, last in last })
        }
    }

    public func close() async throws {
        try await pool.writeWithoutTransaction { [writer] _ in writer.statements.removeAll() }
        try pool.close()
    }

    /// Runs `body` in a write transaction, turning database errors into ``WarehouseError``s.
    func database<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            // The transaction rolled back: what memory learnt during it may not be in the file.
            try? await pool.writeWithoutTransaction { [writer] _ in writer.reset() }
            if let error = error as? WarehouseError { throw error }
            if let error = error as? DatabaseError {
                throw WarehouseError(.database, error.message ?? "SQLite error \(error.resultCode)", underlying: error)
            }
            throw error
        }
    }
}

/// The normalizer's row, not GRDB's.
typealias Row = TributaryNormalizer.Row

/// What the destination keeps between writes. Touched only inside the pool's write closures, which
/// GRDB runs one at a time on its writer connection, hence `@unchecked Sendable`.
final class WriterState: @unchecked Sendable {
    /// The schema of each table by physical name, as `_tributary_schema` holds it.
    var schemas: [String: TableSchema] = [:]
    /// Bumped on every schema change, to retire statements written for the old columns.
    var versions: [String: Int] = [:]
    /// Prepared statements of the writer connection.
    var statements: [StatementKey: Statement] = [:]
    /// The column lists of rows' non-null columns, shared so that statements for them are found again.
    var subsets: [SubsetKey: ColumnList] = [:]
}

extension SQLiteDestination {
    /// The most memory SQLite has held at once in this process, in bytes (its page caches, schemas and
    /// prepared statements), for benchmarks that account for a sync's memory.
    public static var memoryHighWater: Int {
        var current: Int64 = 0
        var highest: Int64 = 0
        sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highest, 0)
        return Int(highest)
    }
}
