import Foundation
import PostgresNIO
import Testing
import TributaryCatalog
import TributaryPostgres
import TributarySync
import TributaryTesting
import TributaryWarehouse

/// Issue 6's "done when": a sync from the emulator into a real PostgreSQL server gives every table the
/// emulator's count of live objects, before and after a batch of changes.
@Suite(.enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)), .timeLimit(.minutes(5)))
struct PostgresSyncTests {
    @Test func aSyncIntoPostgreSQLEqualsTheTruthPerTable() async throws {
        let schema = TestPostgres.uniqueSchema("sync")
        defer { Task { try? await TestPostgres.dropSchema(schema) } }
        let url = try #require(TestPostgres.url)
        try await withSyncFixture({ $0.scale = 250 }) { fixture in
            let open: @Sendable () async throws -> any Destination = { try await PostgresDestination(url: url) }
            let first = try await fixture.sync(schema: schema, into: open)
            #expect(first.status == .succeeded, "\(first.errors)")
            try await expectCounts(fixture, schema: schema)
            try await fixture.admin("mutate?n=300")
            let second = try await fixture.sync(schema: schema, into: open)
            #expect(second.total.deleted > 0)
            try await expectCounts(fixture, schema: schema)
        }
    }

    private func expectCounts(_ fixture: SyncFixture, schema: String) async throws {
        let truth = try await fixture.truthCounts()
        let stored = try await TestPostgres.withConnection { connection in
            var counts: [String: Int] = [:]
            for name in servedCollections where truth[name, default: 0] > 0 {
                let table = try SQLIdentifier(name).quoted, schemaName = try SQLIdentifier(schema).quoted
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(schemaName).\(table) WHERE NOT _tributary_deleted"),
                    logger: TestPostgres.logger)
                for try await count in rows.decode(Int.self) { counts[name] = count }
            }
            return counts
        }
        for name in servedCollections where truth[name, default: 0] > 0 {
            #expect(stored[name] == truth[name], "\(name): \(stored[name] ?? -1) rows in PostgreSQL, \(truth[name] ?? 0) in the emulator")
        }
    }
}
