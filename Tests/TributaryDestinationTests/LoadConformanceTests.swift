import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// Rows in, the same rows out: upserts, child rows, references, cleared fields.
@Suite(.timeLimit(.minutes(2))) struct LoadConformanceTests {
    func charges(_ count: Int, from start: Int = 0) -> [JSONValue] {
        (start..<start + count).map { i in
            StripeExamples.charge.setting("id", to: .string("ch_\(i)")).setting("amount", to: .int(Int64(100 + i)))
        }
    }

    @Test(arguments: Backend.enabled)
    func chargesLoadWithTheirValues(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let batch = try normalizer.normalize(charges(3), collection: "charges", context: .init(syncedAt: 1_700_000_000))
            let summary = try await w.destination.commit(batch, in: w.namespace)
            #expect(summary.tables["charges"] == TableCounts(inserted: 3))
            let row = try #require(try await w.strings("""
                SELECT billing_details_address_city, CAST(amount AS TEXT), customer, _tributary_account, "order"
                FROM \(w.table("charges")) WHERE id = 'ch_1'
                """).first)
            #expect(row == ["San Francisco", "101", nil, nil, nil])
            #expect(try await w.count("charges", where: "NOT _tributary_deleted") == 3)
            #expect(try await w.count("charges", where: "captured") == 3)
        }
    }

    @Test(arguments: Backend.enabled)
    func loadingTheSameBatchTwiceLeavesTheSameTables(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "balance_transactions"), in: w.namespace)
            let objects = [StripeExamples.balanceTransaction, StripeExamples.balanceTransaction.setting("id", to: .string("txn_2"))]
            let batch = try normalizer.normalize(objects, collection: "balance_transactions", context: .init(syncedAt: 5))
            let first = try await w.destination.commit(batch, in: w.namespace)
            let transactions = try await w.dump("balance_transactions")
            let fees = try await w.dump("balance_transaction_fee_details")
            let second = try await w.destination.commit(batch, in: w.namespace)
            #expect(try await w.dump("balance_transactions") == transactions)
            #expect(try await w.dump("balance_transaction_fee_details") == fees)
            #expect(transactions.count == 2)
            #expect(fees.count == 4)
            #expect(first.tables["balance_transactions"] == TableCounts(inserted: 2))
            #expect(first.tables["balance_transaction_fee_details"] == TableCounts(inserted: 4))
            #expect(second.tables["balance_transactions"] == TableCounts(updated: 2))
            #expect(second.tables["balance_transaction_fee_details"] == TableCounts(updated: 4))
        }
    }

    @Test(arguments: Backend.enabled)
    func theLastStateOfAnObjectInABatchWins(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let old = StripeExamples.charge.setting("amount", to: .int(1))
            let new = StripeExamples.charge.setting("amount", to: .int(2))
            let batch = try normalizer.normalize([old], collection: "charges", context: .init(syncedAt: 1))
            // Appended as rows, not through NormalizedBatch, which would already keep only the last.
            let later = try normalizer.normalize([new], collection: "charges", context: .init(syncedAt: 2))
            var write = WriteBatch(namespace: w.namespace, normalized: batch)
            write.rows += later.rows
            let summary = try await w.destination.write(write)
            #expect(summary.tables["charges"] == TableCounts(inserted: 1))
            #expect(try await w.column("SELECT CAST(amount AS TEXT) FROM \(w.table("charges"))") == ["2"])
        }
    }

    @Test(arguments: Backend.enabled)
    func aShorterListReplacesTheParentsChildRows(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "invoices"), in: w.namespace)
            let context = NormalizeContext(syncedAt: 1)
            try await w.destination.commit(try normalizer.normalize([StripeExamples.invoice], collection: "invoices", context: context),
                                           in: w.namespace)
            #expect(try await w.column("SELECT id FROM \(w.table("invoice_lines")) ORDER BY id") == ["il_1", "il_2"])
            let lines = try #require(StripeExamples.invoice["lines"])
            let oneLine = lines.setting("data", to: .array(Array(try #require(lines["data"]?.arrayValue).suffix(1))))
            let summary = try await w.destination.commit(
                try normalizer.normalize([StripeExamples.invoice.setting("lines", to: oneLine)], collection: "invoices", context: context),
                in: w.namespace)
            #expect(try await w.column("SELECT id FROM \(w.table("invoice_lines")) ORDER BY id") == ["il_2"])
            #expect(summary.tables["invoice_lines"] == TableCounts(updated: 1, deleted: 1))
            let discounts = try await w.strings("SELECT id, invoice_id, coupon_id FROM \(w.table("discounts")) ORDER BY id")
            #expect(discounts == [["di_1", "in_1MtHbELkdIwHu7ixl4OzzPMv", "25OFF"], ["di_2", "in_1MtHbELkdIwHu7ixl4OzzPMv", nil]])

            let empty = lines.setting("data", to: .array([]))
            let cleared = try await w.destination.commit(
                try normalizer.normalize([StripeExamples.invoice.setting("lines", to: empty)], collection: "invoices", context: context),
                in: w.namespace)
            #expect(try await w.count("invoice_lines") == 0, "an empty complete list removes every line")
            #expect(cleared.tables["invoice_lines"]?.deleted == 1)
        }
    }

    @Test(arguments: Backend.enabled)
    func aReferenceLeavesWhatAFullDiscountWrote(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers") + normalizer.tables(for: "invoices"), in: w.namespace)
            let context = NormalizeContext(syncedAt: 1)
            let invoice = StripeExamples.invoice.setting("discounts", to: .array([.string("di_9")]))
            try await w.destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context),
                                           in: w.namespace)
            try await w.destination.commit(try normalizer.normalize([invoice], collection: "invoices", context: context), in: w.namespace)
            let row = try await w.strings("""
                SELECT customer_id, invoice_id, CAST(coupon_amount_off AS TEXT) FROM \(w.table("discounts")) WHERE id = 'di_9'
                """)
            #expect(row == [["cus_NffrFeUfNV2Hib", "in_1MtHbELkdIwHu7ixl4OzzPMv", "500"]])
            #expect(try await w.count("cards", where: "customer_id = 'cus_NffrFeUfNV2Hib'") == 1)
        }
    }

    @Test(arguments: Backend.enabled)
    func fieldsStripeStopsSendingAreCleared(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let context = NormalizeContext(syncedAt: 1)
            let with = StripeExamples.charge.setting("tier", to: .string("gold")).setting("description", to: .string("first"))
            try await w.destination.commit(try normalizer.normalize([with], collection: "charges", context: context), in: w.namespace)
            let without = StripeExamples.charge.setting("description", to: .null)
            try await w.destination.commit(try normalizer.normalize([without], collection: "charges", context: context), in: w.namespace)
            let row = try await w.strings("SELECT tier, description, CAST(amount AS TEXT) FROM \(w.table("charges"))")
            #expect(row == [[nil, nil, "1099"]])
        }
    }

    @Test(arguments: Backend.enabled)
    func textWithEscapesAndUnicodeSurvives(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "charges"), in: w.namespace)
            let tricky = "tab\there, new\nline, back\\slash \\N, quote \" ', Zürich 東京 🎉, cr\r."
            let charge = StripeExamples.charge.setting("description", to: .string(tricky))
                .setting("metadata", to: .object([("note", .string(tricky)), ("n", .int(1))]))
            try await w.destination.commit(try normalizer.normalize([charge], collection: "charges", context: .init(syncedAt: 1)),
                                           in: w.namespace)
            #expect(try await w.column("SELECT description FROM \(w.table("charges"))") == [tricky])
            let metadata = try #require(try await w.column("SELECT CAST(metadata AS TEXT) FROM \(w.table("charges"))").first ?? nil)
            let parsed = try JSONValue(parsing: Data(metadata.utf8))
            #expect(parsed["note"]?.stringValue == tricky)
            #expect(parsed["n"] == .int(1))
        }
    }
}
