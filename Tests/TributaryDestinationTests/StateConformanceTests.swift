import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// Sync state, rejects and runs: written with the rows they stand for, and kept apart per source.
@Suite(.timeLimit(.minutes(2))) struct StateConformanceTests {
    @Test(arguments: Backend.enabled)
    func aMalformedObjectLandsInRejectsWhileItsBatchLoads(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let run = try await w.destination.startRun(source: "test", startedAt: Date())
            let objects: [JSONValue] = [
                StripeExamples.charge.setting("id", to: .string("ch_a")),
                .object([("object", .string("charge")), ("amount", .int(5))]),
                StripeExamples.charge.setting("id", to: .string("ch_b")),
            ]
            let batch = try normalizer.normalize(objects, collection: "charges", context: .init(syncedAt: 1, account: "acct_7"))
            let summary = try await w.destination.commit(batch, advancing: [StateEntry(source: "test", key: "charges.cursor", value: "ch_b")],
                                                         in: w.namespace, run: run)
            #expect(summary.tables["charges"] == TableCounts(inserted: 2, rejected: 1))
            #expect(try await w.count("charges") == 2)
            let reject = try await w.strings("""
                SELECT source, stripe_table, object_id, account, reason, raw_json, CAST(run_id AS TEXT),
                  CAST(rejected_at IS NOT NULL AS TEXT) FROM \(w.system("_tributary_rejects"))
                """)
            #expect(reject.count == 1)
            #expect(reject.first?.prefix(7) == ["test", "charges", nil, "acct_7", "missing_id: the object has no string id",
                                                #"{"amount":5,"object":"charge"}"#, String(run.rawValue)])
            #expect(try await w.destination.state(source: "test") == ["charges.cursor": "ch_b"])
        }
    }

    @Test(arguments: Backend.enabled)
    func aFailedBatchStoresNothingNotEvenItsState(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            try await w.destination.write(WriteBatch(namespace: w.namespace, state: [StateEntry(source: "test", key: "k", value: "before")]))
            let charges = try normalizer.normalize([StripeExamples.charge.setting("tier", to: .int(1))], collection: "charges",
                                                   context: .init(syncedAt: 1))
            let invoices = try normalizer.normalize([StripeExamples.invoice], collection: "invoices", context: .init(syncedAt: 1))
            // The charges (and a new column for them) come first; the invoices then fail the batch.
            var batch = WriteBatch(namespace: w.namespace, normalized: charges, state: [StateEntry(source: "test", key: "k", value: "after")])
            batch.rows += invoices.rows
            batch.rejects = [Reject(collection: "charges", objectID: "ch_x", account: nil, reason: "test", rawJSON: "{}")]
            await #expect { try await w.destination.write(batch) } throws: { ($0 as? WarehouseError)?.code == .tableNotPrepared }
            #expect(try await w.count("charges") == 0)
            #expect(try await w.column("SELECT CAST(count(*) AS TEXT) FROM \(w.system("_tributary_rejects"))") == ["0"])
            #expect(try await w.destination.state(source: "test") == ["k": "before"])
            #expect(try await w.destination.schema(of: "charges", in: w.namespace)?.column("tier") == nil,
                    "the column added for the batch went with it")

            try await w.destination.prepare(normalizer.tables(for: "invoices"), in: w.namespace)
            let summary = try await w.destination.write(batch)
            #expect(summary.tables["charges"] == TableCounts(inserted: 1, rejected: 1))
            #expect(summary.schemaChanges.map(\.column.name) == ["tier"])
            #expect(try await w.destination.state(source: "test") == ["k": "after"])
            #expect(try await w.count("invoices") == 1)
        }
    }

    @Test(arguments: Backend.enabled)
    func theLaterOfTwoStateEntriesWins(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.write(WriteBatch(namespace: w.namespace, state: [
                StateEntry(source: "test", key: "cursor", value: "1"), StateEntry(source: "test", key: "cursor", value: "2"),
                StateEntry(source: "other", key: "cursor", value: "9"),
            ]))
            #expect(try await w.destination.state(source: "test") == ["cursor": "2"])
            #expect(try await w.destination.state(source: "other") == ["cursor": "9"])
            #expect(try await w.destination.state(source: "nobody").isEmpty)
        }
    }

    @Test(arguments: Backend.enabled)
    func runsAreRecordedFromStartToFinish(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            let started = Date(timeIntervalSince1970: 1_700_000_000)
            let id = try await w.destination.startRun(source: "test", startedAt: started)
            let other = try await w.destination.startRun(source: "other", startedAt: started.addingTimeInterval(5))
            #expect(other.rawValue > id.rawValue)
            #expect(try await w.destination.runs(source: "test", limit: 5).map(\.status) == [.running])
            var record = RunRecord(id: id, source: "test", startedAt: started)
            record.add(WriteSummary(tables: ["charges": TableCounts(inserted: 3, updated: 1)]))
            record.add(WriteSummary(tables: ["charges": TableCounts(inserted: 2, rejected: 1), "refunds": TableCounts(deleted: 4)]))
            record.finishedAt = started.addingTimeInterval(42)
            record.status = .partial
            record.requests = 12
            record.rateLimited = 2
            record.retries = 3
            record.errors = [RunRecord.RunError(collection: "disputes", code: "permission_denied", message: "needs rak_dispute_read",
                                                requestID: "req_123", httpStatus: 403)]
            record.message = "1 collection forbidden"
            try await w.destination.finishRun(record)
            let stored = try #require(try await w.destination.runs(source: "test", limit: 5).first)
            #expect(stored == record)
            #expect(stored.tables["charges"] == TableCounts(inserted: 5, updated: 1, rejected: 1))
            #expect(try await w.destination.runs(source: nil, limit: 5).map(\.id) == [other, id], "newest first")
            #expect(try await w.destination.runs(source: nil, limit: 1).map(\.id) == [other])
            #expect(try await w.strings("""
                SELECT CAST(inserted AS TEXT), CAST(deleted AS TEXT), status FROM \(w.system("_tributary_runs")) WHERE source = 'test'
                """) == [["5", "4", "partial"]])
            var unknown = record
            unknown.id = RunID(rawValue: 999_999)
            await #expect { try await w.destination.finishRun(unknown) } throws: { ($0 as? WarehouseError)?.code == .unknownRun }
        }
    }

    @Test(arguments: Backend.enabled)
    func twoSourcesShareASchemaWithTheirOwnPrefixes(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            let shop = try w.namespace(source: "shop", prefix: "shop_")
            let eu = try w.namespace(source: "eu", prefix: "eu_")
            for namespace in [shop, eu] {
                try await w.destination.prepare(normalizer.tables(for: "customers"), in: namespace)
            }
            let context = NormalizeContext(syncedAt: 1)
            try await w.destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context),
                                           advancing: [StateEntry(source: "shop", key: "customers.cursor", value: "a")], in: shop)
            let other = StripeExamples.customer.setting("id", to: .string("cus_eu")).setting("tier", to: .string("gold"))
            try await w.destination.commit(try normalizer.normalize([other], collection: "customers", context: context),
                                           advancing: [StateEntry(source: "eu", key: "customers.cursor", value: "b")], in: eu)
            #expect(try await w.column("SELECT id FROM \(w.table("customers", in: shop))") == ["cus_NffrFeUfNV2Hib"])
            #expect(try await w.column("SELECT id FROM \(w.table("customers", in: eu))") == ["cus_eu"])
            #expect(try await w.count("cards", in: shop) == 1)
            #expect(try await w.count("cards", in: eu) == 1)
            #expect(try await w.destination.schema(of: "customers", in: eu)?.column("tier") != nil)
            #expect(try await w.destination.schema(of: "customers", in: shop)?.column("tier") == nil, "each table evolves on its own")
            #expect(try await w.destination.state(source: "shop") == ["customers.cursor": "a"])
            #expect(try await w.destination.state(source: "eu") == ["customers.cursor": "b"])
            #expect(try await w.column("""
                SELECT DISTINCT source FROM \(w.system("_tributary_schema")) WHERE table_name = 'eu_customers'
                """) == ["eu"])

            try await w.destination.markDeleted([Deletion(table: "customers", id: "cus_eu")], in: eu)
            #expect(try await w.count("cards", in: eu, where: "_tributary_deleted") == 1)
            #expect(try await w.count("cards", in: shop, where: "_tributary_deleted") == 0, "children are found in their own namespace")
        }
    }
}
