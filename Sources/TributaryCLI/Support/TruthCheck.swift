import Foundation
import GRDB
import TributaryCatalog

/// Compares a SQLite file with the emulator's truth: per collection, the ids of live rows against the
/// ids the emulator lists. What the demo prints as its last word.
enum TruthCheck {
    struct Mismatch: Sendable {
        var collection: String
        var stored: Int
        var truth: Int
    }

    /// The collections whose tables differ from the emulator, and how many were compared.
    static func compare(path: String, baseURL: String, key: String) async throws -> (compared: Int, mismatches: [Mismatch]) {
        let counts = try await EmulatorHost.admin(baseURL, "truth", key: key, method: .GET)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        var mismatches: [Mismatch] = []
        var compared = 0
        for (collection, _) in counts.objectValue ?? [] {
            let answer = try await EmulatorHost.admin(baseURL, "truth?collection=\(collection)", key: key, method: .GET)
            let truth = Set((answer["ids"]?.arrayValue ?? []).compactMap(\.stringValue))
            let stored: Set<String> = try await queue.read { db in
                guard try db.tableExists(collection) else { return [] }
                return Set(try String.fetchAll(db, sql: "SELECT id FROM \"\(collection)\" WHERE _tributary_deleted = 0"))
            }
            compared += 1
            if stored != truth { mismatches.append(Mismatch(collection: collection, stored: stored.count, truth: truth.count)) }
        }
        return (compared, mismatches)
    }
}
