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

    @Test func aRolledBackRunLeavesPostgreSQLAsBeforeIt() async throws {
        let schema = TestPostgres.uniqueSchema("rollback")
        defer { Task { try? await TestPostgres.dropSchema(schema) } }
        // The test's own system tables, so that no other test's run of the same source is seen.
        let url = try #require(TestPostgres.url) + "&system_schema=\(schema)"
        try await withSyncFixture({ $0.scale = 250 }) { fixture in
            let open: @Sendable () async throws -> any Destination = { try await PostgresDestination(url: url) }
            #expect(try await fixture.sync(schema: schema, into: open).status == .succeeded)
            let before = try await checksums(schema: schema)
            try await fixture.admin("mutate?n=300")
            let second = try await fixture.sync(schema: schema, into: open)
            #expect(second.status == .succeeded)
            #expect(try await checksums(schema: schema) != before)

            let destination = try await PostgresDestination(url: url)
            let summary = try await destination.rollback(second.id, in: try Namespace(source: "default", schema: schema))
            try await destination.close()
            #expect(summary.runs == [second.id] && summary.total.restored > 0)
            #expect(try await checksums(schema: schema) == before, "every row of every table, as md5 of its text, as before the run")

            #expect(try await fixture.sync(schema: schema, into: open).status == .succeeded)
            try await expectCounts(fixture, schema: schema)
        }
    }

    /// Every table of the schema (child tables too) as `md5(string_agg(t::text …))`, rows in a fixed order.
    private func checksums(schema: String) async throws -> [String: String] {
        try await TestPostgres.withConnection { connection in
            var tables: [String] = []
            let names = try await connection.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = \(schema) AND left(table_name, 11) <> '_tributary_' ORDER BY 1",
                logger: TestPostgres.logger)
            for try await name in names.decode(String.self) { tables.append(name) }
            var sums: [String: String] = [:]
            for name in tables {
                let table = try SQLIdentifier(name).quoted, schemaName = try SQLIdentifier(schema).quoted
                let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(schemaName).\(table) AS t
                    """), logger: TestPostgres.logger)
                for try await sum in rows.decode(String.self) { sums[name] = sum }
            }
            return sums
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
