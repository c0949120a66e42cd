import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting
import TributaryWarehouse

/// Deleted objects stay as rows marked `_tributary_deleted`, with their child rows, and are never revived.
@Suite(.timeLimit(.minutes(2))) struct DeletionConformanceTests {
    let stub = JSONValue.object([("id", .string("cus_NffrFeUfNV2Hib")), ("object", .string("customer")), ("deleted", .bool(true))])

    @Test(arguments: Backend.enabled)
    func deletedObjectsAreMarkedWithTheirChildRows(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers"), in: w.namespace)
            let context = NormalizeContext(syncedAt: 1)
            try await w.destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers", context: context),
                                           in: w.namespace)
            let summary = try await w.destination.commit(try normalizer.normalize([stub], collection: "customers", context: context),
                                                         in: w.namespace)
            #expect(summary.tables["customers"]?.deleted == 1)
            #expect(summary.tables["cards"]?.deleted == 1)
            #expect(summary.tables["bank_accounts"]?.deleted == 1)
            #expect(summary.tables["discounts"]?.deleted == 1)
            for table in ["customers", "cards", "bank_accounts", "discounts"] {
                #expect(try await w.count(table, where: "NOT _tributary_deleted") == 0, "\(table)")
                #expect(try await w.count(table, where: "_tributary_deleted") == 1, "\(table)")
            }
            #expect(try await w.column("SELECT email FROM \(w.table("customers"))") == ["jennyrosen@example.com"], "the last state is kept")

            let again = try await w.destination.commit(try normalizer.normalize([StripeExamples.customer], collection: "customers",
                                                                                context: context), in: w.namespace)
            #expect(again.tables["customers"] == TableCounts(updated: 1))
            #expect(try await w.count("customers", where: "_tributary_deleted") == 1,
                    "a stale state read after the deletion does not bring the customer back")
            #expect(try await w.count("cards", where: "_tributary_deleted") == 1, "nor its card")
        }
    }

    @Test(arguments: Backend.enabled)
    func aDeletionOfAnObjectNeverSeenLeavesAMarkedRow(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers"), in: w.namespace)
            let summary = try await w.destination.markDeleted([Deletion(table: "customers", id: "cus_gone", account: "acct_1")],
                                                              in: w.namespace)
            #expect(summary.tables["customers"]?.deleted == 1)
            #expect(try await w.strings("SELECT id, _tributary_account, email FROM \(w.table("customers")) WHERE _tributary_deleted")
                == [["cus_gone", "acct_1", nil]])
            let again = try await w.destination.markDeleted([Deletion(table: "customers", id: "cus_gone")], in: w.namespace)
            #expect(again.tables["customers"]?.deleted == 0)

            let later = StripeExamples.customer.setting("id", to: .string("cus_gone"))
            try await w.destination.commit(try normalizer.normalize([later], collection: "customers", context: .init(syncedAt: 9)),
                                           in: w.namespace)
            #expect(try await w.strings("SELECT email FROM \(w.table("customers")) WHERE _tributary_deleted") == [["jennyrosen@example.com"]],
                    "the object's state fills the row, which stays deleted")
        }
    }

    @Test(arguments: Backend.enabled)
    func nestedObjectsAreDeletedByTheirWholeKey(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "capabilities"), in: w.namespace)
            let unknownParent = try await w.destination.markDeleted([Deletion(table: "capabilities", id: "card_payments")], in: w.namespace)
            #expect(unknownParent.tables["capabilities"]?.deleted == 0, "no key-only row without the parent's id")
            let summary = try await w.destination.markDeleted([
                Deletion(table: "capabilities", id: "card_payments", parentID: "acct_1"),
                Deletion(table: "capabilities", id: "card_payments", parentID: "acct_2"),
            ], in: w.namespace)
            #expect(summary.tables["capabilities"]?.deleted == 2)
            #expect(try await w.strings("SELECT account_id, id FROM \(w.table("capabilities")) WHERE _tributary_deleted ORDER BY account_id")
                == [["acct_1", "card_payments"], ["acct_2", "card_payments"]])
            let all = try await w.destination.markDeleted([Deletion(table: "capabilities", id: "card_payments")], in: w.namespace)
            #expect(all.tables["capabilities"]?.deleted == 0, "already marked")
        }
    }

    @Test(arguments: Backend.enabled)
    func aSweepMarksWhatARelistingDidNotSee(_ backend: Backend) async throws {
        try await withWarehouse(backend) { w in
            try await w.destination.prepare(normalizer.tables(for: "customers"), in: w.namespace)
            let old = StripeExamples.customer
            let fresh = StripeExamples.customer.setting("id", to: .string("cus_fresh")).setting("sources", to: .null)
                .setting("discount", to: .null)
            let connected = StripeExamples.customer.setting("id", to: .string("cus_connected")).setting("sources", to: .null)
                .setting("discount", to: .null)
            try await w.destination.commit(try normalizer.normalize([old], collection: "customers", context: .init(syncedAt: 1_000)),
                                           in: w.namespace)
            try await w.destination.commit(try normalizer.normalize([fresh], collection: "customers", context: .init(syncedAt: 2_000)),
                                           in: w.namespace)
            try await w.destination.commit(try normalizer.normalize([connected], collection: "customers",
                                                                    context: .init(syncedAt: 1_000, account: "acct_1")), in: w.namespace)

            let marked = try await w.destination.markDeleted(notSyncedSince: 1_500, table: "customers", account: nil, in: w.namespace, run: nil)
            #expect(marked == 1)
            #expect(try await w.column("SELECT id FROM \(w.table("customers")) WHERE _tributary_deleted") == ["cus_NffrFeUfNV2Hib"])
            #expect(try await w.count("cards", where: "_tributary_deleted") == 1, "child rows follow their parent")
            #expect(try await w.count("bank_accounts", where: "_tributary_deleted") == 1)
            #expect(try await w.count("customers", where: "id = 'cus_connected' AND NOT _tributary_deleted") == 1,
                    "another account's rows are left alone")

            let again = try await w.destination.markDeleted(notSyncedSince: 1_500, table: "customers", account: nil, in: w.namespace, run: nil)
            #expect(again == 0, "rows marked already are not counted again")
            let theirs = try await w.destination.markDeleted(notSyncedSince: 1_500, table: "customers", account: "acct_1",
                                                             in: w.namespace, run: nil)
            #expect(theirs == 1)
            #expect(try await w.count("customers", where: "NOT _tributary_deleted") == 1)
            let unprepared = try await w.destination.markDeleted(notSyncedSince: 1_500, table: "charges", account: nil,
                                                                 in: w.namespace, run: nil)
            #expect(unprepared == 0, "a table never prepared has nothing to sweep")
        }
    }
}
