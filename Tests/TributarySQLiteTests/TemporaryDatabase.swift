import Foundation
import GRDB
import TributaryNormalizer
import TributarySQLite
import TributaryWarehouse

/// A SQLite destination in a fresh file, removed with its WAL files after `body`.
func withDestination<T>(_ body: (SQLiteDestination, String) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "tributary-test-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    let destination = try SQLiteDestination(path: path)
    do {
        let value = try await body(destination, path)
        try await destination.close()
        return value
    } catch {
        try? await destination.close()
        throw error
    }
}

/// Reads the file the way an analyst would, through a connection of its own.
func query<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in try body(db) }
}

/// Every row of a table, as text, in key order: what "the same table" means.
func dump(_ path: String, _ table: String, except: Set<String> = []) throws -> [[String]] {
    try query(path) { db in
        let columns = try db.columns(in: table).map(\.name).filter { !except.contains($0) }
        let select = columns.map { "quote(\"\($0)\")" }.joined(separator: ", ")
        return try String.fetchAll(db, sql: "SELECT \(select.isEmpty ? "1" : "json_array(\(select))") FROM \"\(table)\" ORDER BY 1")
            .map { [$0] }
    }
}

let normalizer = Normalizer()
