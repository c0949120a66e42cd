import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryTesting
import TributaryNormalizer
import TributarySQLite
import TributaryWarehouse

@Suite struct DeletionAndRejectTests {
    let namespace = try! Namespace(source: "test")

    @Test func deletedObjectsAreMarkedWithTheirChildRows() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "customers"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            try await destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context), in: namespace)
            let stub = JSONValue.object([("id", .string("cus_NffrFeUfNV2Hib")), ("object", .string("customer")), ("deleted", .bool(true))])
            let summary = try await destination.commit(try normalizer.normalize([stub], collection: "customers", context: context), in: namespace)
            #expect(summary.tables["customers"]?.deleted == 1)
            #expect(summary.tables["cards"]?.deleted == 1)
            #expect(summary.tables["bank_accounts"]?.deleted == 1)
            #expect(summary.tables["discounts"]?.deleted == 1)
            let marks = try query(path) { db in
                try Int.fetchAll(db, sql: """
                    SELECT _tributary_deleted FROM customers UNION ALL SELECT _tributary_deleted FROM cards
                    UNION ALL SELECT _tributary_deleted FROM discounts
                    """)
            }
            #expect(marks == [1, 1, 1])
            #expect(try query(path) { try String.fetchOne($0, sql: "SELECT email FROM customers") } == "jennyrosen@example.com",
                    "the last state is kept")
            try await destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context), in: namespace)
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT _tributary_deleted FROM customers") } == 1,
                    "a stale state read after the deletion does not bring the customer back")
        }
    }

    @Test func aDeletionOfAnObjectNeverSeenLeavesAMarkedRow() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "customers"), in: namespace)
            let summary = try await destination.markDeleted([Deletion(table: "customers", id: "cus_gone", account: "acct_1")], in: namespace)
            #expect(summary.tables["customers"]?.deleted == 1)
            let row = try #require(try query(path) { try GRDB.Row.fetchOne($0, sql: "SELECT * FROM customers") })
            #expect(row["id"] == "cus_gone")
            #expect(row["_tributary_deleted"] == 1)
            #expect(row["_tributary_account"] == "acct_1")
            let again = try await destination.markDeleted([Deletion(table: "customers", id: "cus_gone")], in: namespace)
            #expect(again.tables["customers"]?.deleted == 0)
        }
    }

    @Test func aMalformedObjectLandsInRejectsWhileItsBatchLoads() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let run = try await destination.startRun(source: "test", startedAt: Date())
            let objects: [JSONValue] = [
                StripeExamples.charge.setting("id", to: .string("ch_a")),
                .object([("object", .string("charge")), ("amount", .int(5))]),
                StripeExamples.charge.setting("id", to: .string("ch_b")),
            ]
            let batch = try normalizer.normalize(objects, collection: "charges", context: .init(syncedAt: 1, account: "acct_7"))
            let summary = try await destination.commit(batch, advancing: [StateEntry(source: "test", key: "charges.cursor", value: "ch_b")],
                                                       in: namespace, run: run)
            #expect(summary.tables["charges"] == TableCounts(inserted: 2, rejected: 1))
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM charges") } == 2)
            let reject = try #require(try query(path) { try GRDB.Row.fetchOne($0, sql: "SELECT * FROM _tributary_rejects") })
            #expect(reject["source"] == "test")
            #expect(reject["stripe_table"] == "charges")
            #expect(reject["object_id"] as String? == nil)
            #expect(reject["account"] == "acct_7")
            #expect(reject["reason"] == "missing_id: the object has no string id")
            #expect(reject["raw_json"] == #"{"amount":5,"object":"charge"}"#)
            #expect(reject["run_id"] == run.rawValue)
            #expect(try await destination.state(source: "test") == ["charges.cursor": "ch_b"])
        }
    }

    @Test func aFailedBatchStoresNothingNotEvenItsState() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let charges = try normalizer.normalize([StripeExamples.charge], collection: "charges", context: .init(syncedAt: 1))
            let invoices = try normalizer.normalize([StripeExamples.invoice], collection: "invoices", context: .init(syncedAt: 1))
            var batch = WriteBatch(namespace: namespace, normalized: charges, state: [StateEntry(source: "test", key: "k", value: "v")])
            batch.rows += invoices.rows
            await #expect { try await destination.write(batch) } throws: { ($0 as? WarehouseError)?.code == .tableNotPrepared }
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM charges") } == 0)
            #expect(try await destination.state(source: "test").isEmpty)
            try await destination.prepare(normalizer.tables(for: "invoices"), in: namespace)
            try await destination.write(batch)
            #expect(try await destination.state(source: "test") == ["k": "v"])
        }
    }

    @Test func runsAreRecordedFromStartToFinish() async throws {
        try await withDestination { destination, _ in
            let started = Date(timeIntervalSince1970: 1_700_000_000)
            let id = try await destination.startRun(source: "test", startedAt: started)
            #expect(try await destination.runs(source: "test", limit: 5).map(\.status) == [.running])
            var record = RunRecord(id: id, source: "test", startedAt: started)
            record.add(WriteSummary(tables: ["charges": TableCounts(inserted: 3, updated: 1)]))
            record.add(WriteSummary(tables: ["charges": TableCounts(inserted: 2, rejected: 1)]))
            record.finishedAt = started.addingTimeInterval(42)
            record.status = .partial
            record.requests = 12
            record.rateLimited = 2
            record.retries = 3
            record.errors = [RunRecord.RunError(collection: "disputes", code: "permission_denied", message: "needs rak_dispute_read",
                                                requestID: "req_123", httpStatus: 403)]
            record.message = "1 collection forbidden"
            try await destination.finishRun(record)
            let stored = try #require(try await destination.runs(source: nil, limit: 5).first)
            #expect(stored == record)
            #expect(stored.tables["charges"] == TableCounts(inserted: 5, updated: 1, rejected: 1))
            var unknown = record
            unknown.id = RunID(rawValue: 999)
            await #expect { try await destination.finishRun(unknown) } throws: { ($0 as? WarehouseError)?.code == .unknownRun }
        }
    }
}
