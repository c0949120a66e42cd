import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryTesting
import TributaryNormalizer
import TributarySQLite
import TributaryWarehouse

@Suite struct SQLiteDestinationTests {
    let namespace = try! Namespace(source: "test")

    func charges(_ count: Int, from start: Int = 0) -> [JSONValue] {
        (start..<start + count).map { i in
            StripeExamples.charge.setting("id", to: .string("ch_\(i)")).setting("amount", to: .int(Int64(100 + i)))
        }
    }

    @Test func chargesLoadWithTypedValues() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
            let batch = try normalizer.normalize(charges(3), collection: "charges", context: .init(syncedAt: 1_700_000_000))
            let summary = try await destination.commit(batch, in: namespace)
            #expect(summary.tables["charges"] == TableCounts(inserted: 3))
            let row = try query(path) { db in
                try GRDB.Row.fetchOne(db, sql: """
                    SELECT billing_details_address_city, typeof(billing_details_address_city) AS city_type,
                           amount, typeof(amount) AS amount_type, created, captured, typeof(captured) AS captured_type,
                           metadata, json_extract(metadata, '$.order_id') AS order_id, customer, _tributary_deleted,
                           _tributary_synced_at, _tributary_account
                    FROM charges WHERE id = 'ch_1'
                    """)
            }
            let found = try #require(row)
            #expect(found["billing_details_address_city"] == "San Francisco")
            #expect(found["city_type"] == "text")
            #expect(found["amount"] == 101)
            #expect(found["amount_type"] == "integer")
            #expect(found["created"] == "2023-03-17 22:02:19")
            #expect(found["captured"] == 1)
            #expect(found["captured_type"] == "integer")
            #expect(found["order_id"] == "6735")
            #expect(found["customer"] as String? == nil)
            #expect(found["_tributary_deleted"] == 0)
            #expect(found["_tributary_synced_at"] == "2023-11-14 22:13:20")
            #expect(found["_tributary_account"] as String? == nil)
            #expect(try query(path) { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        }
    }

    @Test func loadingTheSameBatchTwiceLeavesTheSameTable() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "balance_transactions"), in: namespace)
            let objects = [StripeExamples.balanceTransaction,
                           StripeExamples.balanceTransaction.setting("id", to: .string("txn_2"))]
            let batch = try normalizer.normalize(objects, collection: "balance_transactions", context: .init(syncedAt: 5))
            let first = try await destination.commit(batch, in: namespace)
            let tables = try dump(path, "balance_transactions")
            let fees = try dump(path, "balance_transaction_fee_details")
            let second = try await destination.commit(batch, in: namespace)
            #expect(try dump(path, "balance_transactions") == tables)
            #expect(try dump(path, "balance_transaction_fee_details") == fees)
            #expect(fees.count == 4)
            #expect(first.tables["balance_transactions"] == TableCounts(inserted: 2))
            #expect(first.tables["balance_transaction_fee_details"] == TableCounts(inserted: 4))
            #expect(second.tables["balance_transactions"] == TableCounts(updated: 2))
            #expect(second.tables["balance_transaction_fee_details"] == TableCounts(updated: 4))
        }
    }

    @Test func aShorterListReplacesTheParentsChildRows() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "invoices"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            try await destination.commit(try normalizer.normalize([StripeExamples.invoice], collection: "invoices", context: context), in: namespace)
            let lines = try #require(StripeExamples.invoice["lines"])
            let oneLine = lines.setting("data", to: .array(Array(try #require(lines["data"]?.arrayValue).suffix(1))))
            let summary = try await destination.commit(
                try normalizer.normalize([StripeExamples.invoice.setting("lines", to: oneLine)], collection: "invoices", context: context),
                in: namespace)
            let ids = try query(path) { try String.fetchAll($0, sql: "SELECT id FROM invoice_lines ORDER BY id") }
            #expect(ids == ["il_2"])
            #expect(summary.tables["invoice_lines"] == TableCounts(updated: 1, deleted: 1))
            let discounts = try query(path) { db in
                try GRDB.Row.fetchAll(db, sql: "SELECT id, invoice_id, coupon_id FROM discounts ORDER BY id")
            }
            #expect(discounts.map { $0["id"] as String } == ["di_1", "di_2"])
            #expect(discounts.map { $0["invoice_id"] as String } == ["in_1MtHbELkdIwHu7ixl4OzzPMv", "in_1MtHbELkdIwHu7ixl4OzzPMv"])
            #expect(discounts.map { $0["coupon_id"] as String? } == ["25OFF", nil])
        }
    }

    @Test func aReferenceLeavesWhatAFullDiscountWrote() async throws {
        try await withDestination { destination, path in
            try await destination.prepare(normalizer.tables(for: "customers") + normalizer.tables(for: "invoices"), in: namespace)
            let context = NormalizeContext(syncedAt: 1)
            let invoice = StripeExamples.invoice.setting("discounts", to: .array([.string("di_9")]))
            try await destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context), in: namespace)
            try await destination.commit(try normalizer.normalize([invoice], collection: "invoices", context: context), in: namespace)
            let row = try #require(try query(path) { db in
                try GRDB.Row.fetchOne(db, sql: "SELECT customer_id, invoice_id, coupon_amount_off FROM discounts WHERE id = 'di_9'")
            })
            #expect(row["customer_id"] == "cus_NffrFeUfNV2Hib")
            #expect(row["invoice_id"] == "in_1MtHbELkdIwHu7ixl4OzzPMv")
            #expect(row["coupon_amount_off"] == 500)
            #expect(try query(path) { try Int.fetchOne($0, sql: "SELECT count(*) FROM cards WHERE customer_id = 'cus_NffrFeUfNV2Hib'") } == 1)
        }
    }
}
