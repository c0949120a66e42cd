import Foundation
import GRDB
import PostgresNIO
import Testing
import TributaryNormalizer
import TributaryPostgres
import TributarySQLite
import TributaryTesting
import TributaryWarehouse

/// The destinations every conformance test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// SQLite always; PostgreSQL when a server is configured, or required (and then missing fails).
    static var enabled: [Backend] { TestPostgres.shouldRun ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }
}

/// A fresh destination of one backend, its namespace, and a way to read its tables with SQL both
/// backends understand (`CAST(x AS TEXT)`, `count(*)`, boolean columns as conditions).
///
/// SQLite: a new file, schema `main`. PostgreSQL: a new schema, holding this test's system tables too,
/// so that tests run in parallel on one database; dropped at the end.
struct TestWarehouse: Sendable {
    let backend: Backend
    let destination: any Destination
    /// `test` in the test's schema, no prefix.
    let namespace: Namespace
    /// The SQLite file, or the PostgreSQL schema.
    let place: String

    /// Opens another destination on the same file or schema, as a restarted process would.
    func reopen() async throws -> any Destination {
        switch backend {
        case .sqlite: try SQLiteDestination(path: place)
        case .postgres: try await PostgresDestination(configuration: Self.postgresConfiguration(schema: place))
        }
    }

    /// A namespace of another source in the same schema.
    func namespace(source: String, prefix: String) throws -> Namespace {
        try Namespace(source: source, schema: namespace.schema, tablePrefix: prefix)
    }

    /// The quoted name of a table as SQL reads it.
    func table(_ table: String, in namespace: Namespace? = nil) -> String {
        let namespace = namespace ?? self.namespace
        switch backend {
        case .sqlite: return "\"\(namespace.tablePrefix)\(table)\""
        case .postgres: return "\"\(place)\".\"\(namespace.tablePrefix)\(table)\""
        }
    }

    /// The quoted name of a system table.
    func system(_ table: String) -> String {
        backend == .sqlite ? "\"\(table)\"" : "\"\(place)\".\"\(table)\""
    }

    /// The rows of a query whose every column is text (or NULL).
    func strings(_ sql: String) async throws -> [[String?]] {
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: place)
            defer { try? queue.close() }
            return try await queue.read { db in
                try GRDB.Row.fetchAll(db, sql: sql).map { row in (0..<row.count).map { row[$0] as String? } }
            }
        case .postgres:
            return try await TestPostgres.withConnection { connection in
                var result: [[String?]] = []
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger) {
                    result.append(try row.map { try $0.decode(String?.self) })
                }
                return result
            }
        }
    }

    /// The first column of a query.
    func column(_ sql: String) async throws -> [String?] {
        try await strings(sql).map { $0.first ?? nil }
    }

    /// The rows of a table matching `condition`.
    func count(_ table: String, in namespace: Namespace? = nil, where condition: String = "1 = 1") async throws -> Int {
        let text = try await column("SELECT CAST(count(*) AS TEXT) FROM \(self.table(table, in: namespace)) WHERE \(condition)")
        return Int(text.first.flatMap { $0 } ?? "") ?? -1
    }

    /// Every row of a table as text, in key order: what "the same table" means.
    func dump(_ table: String, in namespace: Namespace? = nil) async throws -> [[String?]] {
        let namespace = namespace ?? self.namespace
        let schema = try #require(try await destination.schema(of: table, in: namespace))
        let columns = schema.columns.map { "CAST(\"\($0.name)\" AS TEXT)" }.joined(separator: ", ")
        let key = schema.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ")
        return try await strings("SELECT \(columns) FROM \(self.table(table, in: namespace)) ORDER BY \(key)")
    }

    /// A table's exact contents, every column of every row in key order: SQLite's `quote()` of each
    /// value (a REAL with every bit), PostgreSQL's `md5` of the rows' text.
    func checksum(_ table: String, in namespace: Namespace? = nil) async throws -> String {
        let namespace = namespace ?? self.namespace
        let schema = try #require(try await destination.schema(of: table, in: namespace))
        let key = schema.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ")
        switch backend {
        case .sqlite:
            let values = schema.columns.map { "quote(\"\($0.name)\")" }.joined(separator: " || ',' || ")
            return try await column("SELECT \(values) FROM \(self.table(table, in: namespace)) ORDER BY \(key)")
                .map { $0 ?? "" }.joined(separator: "\n")
        case .postgres:
            return try await column("""
                SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY \(key))), 'empty') FROM \(self.table(table, in: namespace)) AS t
                """).first.flatMap { $0 } ?? ""
        }
    }

    /// Runs a statement of the backend's own SQL, as someone else using the database would.
    func execute(_ sql: String) async throws {
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: place)
            defer { try? queue.close() }
            try await queue.write { try $0.execute(sql: sql) }
        case .postgres:
            try await TestPostgres.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger)
            }
        }
    }

    static func postgresConfiguration(schema: String) throws -> PostgresDestination.Configuration {
        var configuration = try PostgresDestination.Configuration(try TestPostgres.endpoint())
        configuration.systemSchema = schema
        configuration.retry = .init(attempts: 3, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100))
        return configuration
    }
}

/// Runs `body` with a fresh warehouse of `backend`, then closes and removes it.
func withWarehouse(_ backend: Backend, _ body: (TestWarehouse) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        let path = NSTemporaryDirectory() + "tributary-conformance-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let destination = try SQLiteDestination(path: path)
        try await run(TestWarehouse(backend: backend, destination: destination, namespace: try Namespace(source: "test"), place: path), body)
    case .postgres:
        let schema = TestPostgres.uniqueSchema()
        let destination = try await PostgresDestination(configuration: TestWarehouse.postgresConfiguration(schema: schema))
        do {
            try await run(TestWarehouse(backend: backend, destination: destination,
                                        namespace: try Namespace(source: "test", schema: schema), place: schema), body)
            try await TestPostgres.dropSchema(schema)
        } catch {
            try? await TestPostgres.dropSchema(schema)
            throw error
        }
    }
}

private func run(_ warehouse: TestWarehouse, _ body: (TestWarehouse) async throws -> Void) async throws {
    do {
        try await body(warehouse)
        try await warehouse.destination.close()
    } catch {
        try? await warehouse.destination.close()
        throw error
    }
}

let normalizer = Normalizer()
