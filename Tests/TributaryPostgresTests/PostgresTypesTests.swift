import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse
@testable import TributaryPostgres

/// What an analyst sees in PostgreSQL: native types, JSON as `jsonb`, UTC timestamps.
@Suite(.enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)), .timeLimit(.minutes(2)))
struct PostgresTypesTests {
    @Test func columnsHavePostgresTypes() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let types = try await strings("""
                SELECT column_name::text, data_type::text FROM information_schema.columns
                WHERE table_schema = '\(namespace.schema)' AND table_name = 'charges'
                  AND column_name IN ('id', 'amount', 'created', 'captured', 'metadata', 'billing_details_address_city',
                                      '_tributary_deleted', '_tributary_synced_at', 'application_fee_amount')
                ORDER BY column_name
                """)
            #expect(types == [
                ["_tributary_deleted", "boolean"], ["_tributary_synced_at", "timestamp with time zone"],
                ["amount", "bigint"], ["application_fee_amount", "bigint"], ["billing_details_address_city", "text"],
                ["captured", "boolean"], ["created", "timestamp with time zone"], ["id", "text"], ["metadata", "jsonb"],
            ])
            let key = try await strings("""
                SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = '"\(namespace.schema)"."charges"'::regclass AND i.indisprimary
                """)
            #expect(key == [["id"]])
        }
    }

    @Test func valuesReadBackAsAnAnalystWritesThem() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let batch = try normalizer.normalize([StripeExamples.charge], collection: "charges", context: .init(syncedAt: 1_700_000_000))
            try await destination.commit(batch, in: namespace)
            let row = try await strings("""
                SELECT created::text, _tributary_synced_at::text, metadata->>'order_id', captured::text, (amount / 100)::text,
                  _tributary_deleted::text
                FROM "\(namespace.schema)".charges WHERE created > '2023-01-01'
                """)
            #expect(row == [["2023-03-17 22:02:19+00", "2023-11-14 22:13:20+00", "6735", "true", "10", "false"]])
        }
    }

    @Test func widenedColumnsConvertTheirRows() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            for (i, value) in [JSONValue.int(7), .double(7.5)].enumerated() {
                let charge = StripeExamples.charge.setting("id", to: .string("ch_\(i)")).setting("tier", to: value)
                try await destination.commit(try normalizer.normalize([charge], collection: "charges", context: context), in: namespace)
            }
            #expect(try await strings("""
                SELECT tier::text, pg_typeof(tier)::text FROM "\(namespace.schema)".charges ORDER BY id
                """) == [["7", "double precision"], ["7.5", "double precision"]])
            // A timestamp column that meets text keeps its earlier values as the text SQLite would show.
            let odd = StripeExamples.charge.setting("id", to: .string("ch_odd")).setting("created", to: .string("yesterday"))
            let summary = try await destination.commit(try normalizer.normalize([odd], collection: "charges", context: context), in: namespace)
            #expect(summary.schemaChanges.map(\.kind) == [.widenedColumn(from: .timestamp)])
            #expect(try await strings("SELECT created FROM \"\(namespace.schema)\".charges ORDER BY id")
                == [["2023-03-17 22:02:19"], ["2023-03-17 22:02:19"], ["yesterday"]])
        }
    }

    @Test func theDefaultSchemaIsPublic() async throws {
        try await withPostgres { destination, namespace in
            let prefix = namespace.schema + "_"
            let main = try Namespace(source: "test", tablePrefix: prefix)
            do {
                try await destination.prepare(normalizer.tables(for: "charges"), in: main)
                try await destination.commit(try normalizer.normalize([StripeExamples.charge], collection: "charges",
                                                                      context: .init(syncedAt: 1)), in: main)
                #expect(try await strings("SELECT id FROM public.\(prefix)charges") == [["ch_3MmlLrLkdIwHu7ix0snN0B15"]])
                #expect(try await strings("""
                    SELECT DISTINCT schema_name FROM "\(namespace.schema)"._tributary_schema WHERE table_name = '\(prefix)charges'
                    """) == [["public"]])
            } catch {
                Issue.record(error)
            }
            let tables = normalizer.tables(for: "charges").map { "public.\"\(prefix)\($0.name)\"" }
            try await TestPostgres.withConnection { connection in
                try await connection.query(.init(unsafeSQL: "DROP TABLE IF EXISTS \(tables.joined(separator: ", "))"), logger: TestPostgres.logger)
            }
        }
    }

    @Test func concurrentWritesAreSerialized() async throws {
        try await withPostgres { destination, namespace in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<6 {
                    group.addTask {
                        let charges = (0..<50).map { StripeExamples.charge.setting("id", to: .string("ch_\(task)_\($0)")) }
                        let batch = try normalizer.normalize(charges, collection: "charges", context: .init(syncedAt: 1))
                        try await destination.commit(batch, advancing: [StateEntry(source: "test", key: "task.\(task)", value: "done")],
                                                     in: namespace)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await strings("SELECT count(*)::text FROM \"\(namespace.schema)\".charges") == [["300"]])
            #expect(try await destination.state(source: "test").count == 6)
        }
    }
}
