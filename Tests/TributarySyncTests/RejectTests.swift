import Foundation
import GRDB
import Testing
import TributaryTesting

/// Objects no row can hold are set aside in `_tributary_rejects` with the reason, the rest load, and a
/// run whose rejected share passes `max_rejected_share` says it failed instead of succeeding.
@Suite struct RejectTests {
    @Test func rejectsBelowTheThresholdLoadTheRestAndSucceed() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            let ids = try await malform(fixture, 2)
            let record = try await fixture.sync(collections: ["charges"], maxRejectedShare: 0.2)
            #expect(record.status == .succeeded, "\(record.message ?? "")")
            #expect(record.tables["charges"]?.rejected == 2)
            #expect(try fixture.live("charges") == (try await fixture.truth("charges")).subtracting(ids))
            let rejected = try fixture.read { db in try String.fetchAll(db, sql: "SELECT object_id FROM _tributary_rejects") }
            #expect(Set(rejected) == ids)
        }
    }

    @Test func rejectsAboveTheThresholdFailTheRunAndSayWhy() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            let charges = try await fixture.truth("charges").count
            _ = try await malform(fixture, max(2, charges / 20))
            let record = try await fixture.sync(collections: ["charges"], maxRejectedShare: 0.01)
            #expect(record.status == .failed)
            #expect(record.message?.contains("max_rejected_share") == true, "\(record.message ?? "no message")")
            let stored = try fixture.read { db in try GRDB.Row.fetchOne(db, sql: "SELECT status, message FROM _tributary_runs") }
            #expect(stored?["status"] as String? == "failed")
        }
    }

    private func malform(_ fixture: SyncFixture, _ n: Int) async throws -> Set<String> {
        let answer = try await fixture.admin("malform?collection=charges&n=\(n)")
        let ids = Set((answer["malformed"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(ids.count == n)
        return ids
    }
}
