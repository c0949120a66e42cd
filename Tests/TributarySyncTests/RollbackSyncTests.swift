import Foundation
import GRDB
import Testing
import TributarySQLite
import TributaryWarehouse

/// A run killed part-way through, then rolled back: the tables are as they were before it, and the next
/// sync brings them to Stripe's state.
@Suite struct RollbackSyncTests {
    @Test(arguments: [3, 15, 40])
    func aKilledRunRolledBackLeavesTheTablesAsBeforeIt(killedAfterWrites: Int) async throws {
        try await withSyncFixture({ $0.scale = 250 }) { fixture in
            let first = try await fixture.sync()
            #expect(first.status == .succeeded)
            let before = try fixture.exact(tables: servedCollections)
            let stateBefore = try await fixture.state()
            try await fixture.admin("mutate?n=300")

            await #expect(throws: FailingDestination.Killed.self) {
                try await fixture.sync(failAfterWrites: killedAfterWrites)
            }
            let killed = try #require(try await fixture.runs().first)
            #expect(killed.id.rawValue > first.id.rawValue && killed.status == .running, "a dead process records no end")
            #expect(try fixture.exact(tables: servedCollections) != before, "the run wrote something before it died")

            let destination = try SQLiteDestination(path: fixture.path)
            let namespace = try Namespace(source: "default")
            await #expect { try await destination.rollback(killed.id, in: namespace) } throws: {
                ($0 as? WarehouseError)?.code == .rollbackRefused
            }
            let summary = try await destination.rollback(killed.id, in: namespace, options: RollbackOptions(ignoringRunning: true))
            try await destination.close()
            #expect(summary.runs == [killed.id])
            #expect(summary.total.removed > 0)
            #expect(try fixture.exact(tables: servedCollections) == before, "every row, to the last column, as before the run")
            #expect(try await fixture.state() == stateBefore)

            let again = try await fixture.sync()
            #expect(again.status == .succeeded)
            try await expectEqualToTruth(fixture)
        }
    }
}

extension SyncFixture {
    /// Every table's rows with every column (`_tributary_synced_at` and `_tributary_run_id` included)
    /// as SQLite's `quote()` gives them, in order.
    func exact(tables: [String]) throws -> [String: [String]] {
        try read { db in
            var result: [String: [String]] = [:]
            for table in tables where try db.tableExists(table) {
                let select = try db.columns(in: table).map { "quote(\"\($0.name)\")" }.joined(separator: " || ',' || ")
                result[table] = try String.fetchAll(db, sql: "SELECT \(select) FROM \"\(table)\" ORDER BY 1")
            }
            return result
        }
    }

    /// The sync state of the default source.
    func state() async throws -> [String: String] {
        let destination = try SQLiteDestination(path: path)
        let state = try await destination.state(source: "default")
        try await destination.close()
        return state
    }

    /// The runs of the default source, newest first.
    func runs() async throws -> [RunRecord] {
        let destination = try SQLiteDestination(path: path)
        let runs = try await destination.runs(source: "default", limit: 10)
        try await destination.close()
        return runs
    }
}
