import Foundation
import Testing
import TributaryCatalog
import TributarySync
import TributaryTesting

/// After the first sync, runs apply what changed: creates, updates (newest state wins) and deletes.
@Suite struct IncrementalSyncTests {
    @Test func changesAndDeletesArriveAndMatchTheTruth() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            try await fixture.sync()
            let summary = try await fixture.admin("mutate?n=400")
            let deletedCount = (summary["deleted"]?.objectValue ?? []).reduce(0) { $0 + ($1.1.intValue ?? 0) }
            #expect(deletedCount > 0, "the mutation batch deletes something")
            let record = try await fixture.sync()
            #expect(record.status == .succeeded, "\(record.errors)")
            #expect(record.total.deleted > 0)
            try await expectEqualToTruth(fixture)
        }
    }

    @Test func updatedObjectsHoldTheirNewestState() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            try await fixture.sync(collections: ["customers"])
            // Several rounds before one sync: an object changed twice must show its last state.
            for _ in 0..<3 { try await fixture.admin("mutate?n=300") }
            try await fixture.sync(collections: ["customers"])
            let stored = try fixture.read { db in
                try Dictionary(uniqueKeysWithValues: String.fetchAll(db, sql: """
                    SELECT id || '|' || coalesce(json_extract(metadata, '$.tributary_revision'), '') FROM customers
                    WHERE _tributary_deleted = 0
                    """).map { line in
                        let parts = line.split(separator: "|", omittingEmptySubsequences: false)
                        return (String(parts[0]), String(parts[1]))
                    })
            }
            let emulated = try await fixture.objects("customers")
            #expect(Set(stored.keys) == Set(emulated.keys))
            var compared = 0
            for (id, object) in emulated {
                let revision = object["metadata"]?["tributary_revision"]?.stringValue ?? ""
                #expect(stored[id] == revision, "\(id)")
                if !revision.isEmpty { compared += 1 }
            }
            #expect(compared > 0, "some customers were updated")
        }
    }

    @Test func aSecondRunWithoutChangesChangesNothing() async throws {
        try await withSyncFixture({ $0.scale = 200 }) { fixture in
            try await fixture.sync()
            let before = try fixture.snapshot(tables: servedCollections)
            let record = try await fixture.sync()
            #expect(record.total.inserted == 0)
            #expect(record.total.deleted == 0)
            #expect(try fixture.snapshot(tables: servedCollections) == before)
        }
    }
}

/// Every served collection's live ids equal the emulator's.
func expectEqualToTruth(_ fixture: SyncFixture, collections: [String] = servedCollections,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for name in collections {
        let truth = try await fixture.truth(name)
        let stored = try fixture.live(name)
        #expect(stored == truth, "\(name): \(stored.count) stored, \(truth.count) in the emulator; missing \(Array(truth.subtracting(stored).prefix(3))), extra \(Array(stored.subtracting(truth).prefix(3)))",
                sourceLocation: sourceLocation)
    }
}
