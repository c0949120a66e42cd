import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryTesting
import TributaryNormalizer
import TributarySQLite
import TributaryWarehouse

@Suite struct SchemaEvolutionSQLiteTests {
    let namespace = try! Namespace(source: "test")

    @Test func aNewFieldMidSyncAddsAColumn() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            let before = StripeExamples.charge.setting("id", to: .string("ch_old"))
            try await destination.commit(try normalizer.normalize([before], collection: "charges", context: context), in: namespace)
            let after = StripeExamples.charge.setting("id", to: .string("ch_new")).setting("risk_tier", to: .int(3))
            let summary = try await destination.commit(try normalizer.normalize([after], collection: "charges", context: context), in: namespace)
            #expect(summary.schemaChanges.map(\.column.name) == ["risk_tier"])
            let values = try query(path) { try Int.fetchAll($0, sql: "SELECT risk_tier FROM charges WHERE id = 'ch_new'") }
            #expect(values == [3])
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM charges WHERE risk_tier IS NULL") } == 1)
            let recorded = try #require(try query(path) { db in
                try GRDB.Row.fetchOne(db, sql: """
                    SELECT type, role, path, source, stripe_table, position FROM _tributary_schema
                    WHERE table_name = 'charges' AND column_name = 'risk_tier'
                    """)
            })
            #expect(recorded["type"] == "integer")
            #expect(recorded["role"] == "data")
            #expect(recorded["path"] == "risk_tier")
            #expect(recorded["source"] == "test")
            #expect(recorded["stripe_table"] == "charges")
            #expect(recorded["position"] == normalizer.table(named: "charges")!.columns.count)
            let schema = try #require(try await destination.schema(of: "charges", in: namespace))
            #expect(schema.columns.last?.name == "risk_tier")
        }
    }

    @Test func conflictingTypesWidenAndAreRecorded() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            for (i, value) in [JSONValue.int(7), .double(7.5), .string("seven")].enumerated() {
                let charge = StripeExamples.charge.setting("id", to: .string("ch_\(i)")).setting("tier", to: value)
                try await destination.commit(try normalizer.normalize([charge], collection: "charges", context: context), in: namespace)
            }
            let recorded = try #require(try query(path) { db in
                try GRDB.Row.fetchOne(db, sql: "SELECT type, widened_from, widened_at FROM _tributary_schema WHERE column_name = 'tier'")
            })
            #expect(recorded["type"] == "text")
            #expect(recorded["widened_from"] == "integer,real")
            #expect((recorded["widened_at"] as String?) != nil)
            let stored = try query(path) { db in
                try GRDB.Row.fetchAll(db, sql: "SELECT tier, typeof(tier) AS t FROM charges ORDER BY id").map { $0["t"] as String }
            }
            #expect(stored == ["integer", "real", "text"], "SQLite keeps earlier values as they were stored")
            #expect(try await destination.schema(of: "charges", in: namespace)?.column("tier")?.type == .text)
        }
    }

    @Test func aFieldStripeStopsSendingIsCleared() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            let with = StripeExamples.charge.setting("tier", to: .string("gold"))
            try await destination.commit(try normalizer.normalize([with], collection: "charges", context: context), in: namespace)
            try await destination.commit(try normalizer.normalize([StripeExamples.charge], collection: "charges", context: context), in: namespace)
            #expect(try query(path) { try String.fetchAll($0, sql: "SELECT tier FROM charges WHERE tier IS NOT NULL") }.isEmpty)
        }
    }

    @Test func aValueThatBecomesNullInEveryRowIsCleared() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            let described = StripeExamples.charge.setting("description", to: .string("first"))
            try await destination.commit(try normalizer.normalize([described], collection: "charges", context: context), in: namespace)
            let blank = StripeExamples.charge.setting("description", to: .null)
            try await destination.commit(try normalizer.normalize([blank], collection: "charges", context: context), in: namespace)
            let row = try #require(try query(path) { try GRDB.Row.fetchOne($0, sql: "SELECT description, amount FROM charges") })
            #expect(row["description"] as String? == nil, "left out of the statement as null in every row, and cleared")
            #expect(row["amount"] == 1099)
        }
    }

    @Test func schemasSurviveReopeningTheFile() async throws {
        let path = NSTemporaryDirectory() + "tributary-reopen-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try SQLiteDestination(path: path)
        try await first.prepare(normalizer.tables(for: "charges"), in: namespace)
        let charge = StripeExamples.charge.setting("tier", to: .int(1))
        try await first.commit(try normalizer.normalize([charge], collection: "charges", context: .init(syncedAt: 1)), in: namespace)
        try await first.close()

        let second = try SQLiteDestination(path: path)
        let changes = try await second.prepare(normalizer.tables(for: "charges"), in: namespace)
        #expect(changes.isEmpty)
        #expect(try await second.schema(of: "charges", in: namespace)?.column("tier")?.type == .integer)
        let widened = StripeExamples.charge.setting("tier", to: .double(1.5))
        let summary = try await second.commit(try normalizer.normalize([widened], collection: "charges", context: .init(syncedAt: 2)), in: namespace)
        #expect(summary.schemaChanges.map(\.kind) == [.widenedColumn(from: .integer)])
        try await second.close()
    }

    @Test func aTableTributaryDidNotCreateIsNotTouched() async throws {
        try await withDestination { destination, path in
            let queue = try DatabaseQueue(path: path)
            try await queue.write { try $0.execute(sql: "CREATE TABLE charges (id TEXT)") }
            try queue.close()
            await #expect { try await destination.prepare(normalizer.tables(for: "charges"), in: namespace) } throws: {
                ($0 as? WarehouseError)?.code == .schemaMismatch
            }
            let prefixed = try Namespace(source: "test", tablePrefix: "stripe_")
            try await destination.prepare(normalizer.tables(for: "charges"), in: prefixed)
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM stripe_charges") } == 0)
        }
    }
}
