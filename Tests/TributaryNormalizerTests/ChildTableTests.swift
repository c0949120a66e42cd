import Testing
import TributaryCatalog
import TributaryTesting
@testable import TributaryNormalizer

@Suite struct ChildTableTests {
    let normalizer = Normalizer()
    let context = NormalizeContext(syncedAt: 1_700_000_000, run: 3)

    func rows(_ object: NormalizedObject, _ table: String) -> [Row] {
        object.rows.filter { $0.table == table }
    }

    @Test func feeDetailsAreKeyedByTheirTransactionAndPosition() throws {
        let object = try normalizer.normalize(StripeExamples.balanceTransaction, collection: "balance_transactions", context: context)
        #expect(object.rows.first?.table == "balance_transactions")
        #expect(object.rows.first?["fee_details"] == nil, "a child table is not also a column")
        let fees = rows(object, "balance_transaction_fee_details")
        #expect(fees.map { $0["balance_transaction_id"] } == [.text("txn_1MiN3gLkdIwHu7ixxapQrznl"), .text("txn_1MiN3gLkdIwHu7ixxapQrznl")])
        #expect(fees.map { $0[SystemColumn.position] } == [.integer(0), .integer(1)])
        #expect(fees.map { $0["amount"] } == [.integer(50), .integer(9)])
        #expect(fees.map { $0["type"] } == [.text("stripe_fee"), .text("tax")])
        #expect(object.replacements == [ChildReplacement(table: "balance_transaction_fee_details",
                                                         parentColumn: "balance_transaction_id",
                                                         parentID: "txn_1MiN3gLkdIwHu7ixxapQrznl")])
        let table = try #require(normalizer.table(named: "balance_transaction_fee_details"))
        #expect(table.primaryKey == ["balance_transaction_id", SystemColumn.position])
        #expect(table.parents == [.init(table: "balance_transactions", column: "balance_transaction_id")])
    }

    @Test func invoiceLinesCarryTheInvoiceID() throws {
        let object = try normalizer.normalize(StripeExamples.invoice, collection: "invoices", context: context)
        let lines = rows(object, "invoice_lines")
        #expect(lines.map { $0["id"] } == [.text("il_1"), .text("il_2")])
        #expect(lines.allSatisfy { $0["invoice_id"] == .text("in_1MtHbELkdIwHu7ixl4OzzPMv") })
        #expect(lines.map { $0["period_start"] } == [.timestamp(1_680_644_467), .timestamp(1_680_644_467)])
        #expect(object.rows.first?["customer"] == .text("cus_NeZwdNtLEOXuvB"))
        #expect(object.replacements.contains(ChildReplacement(table: "invoice_lines", parentColumn: "invoice_id",
                                                               parentID: "in_1MtHbELkdIwHu7ixl4OzzPMv")))
        #expect(normalizer.table(named: "invoice_lines")?.primaryKey == ["invoice_id", "id"])
    }

    @Test func aListWithMorePagesReplacesNothing() throws {
        let lines = try #require(StripeExamples.invoice["lines"]).setting("has_more", to: .bool(true))
        let object = try normalizer.normalize(StripeExamples.invoice.setting("lines", to: lines), collection: "invoices", context: context)
        #expect(rows(object, "invoice_lines").count == 2)
        #expect(!object.replacements.contains { $0.table == "invoice_lines" }, "the rest comes from /v1/invoices/{id}/lines")
    }

    @Test func discountsAreSharedByParentsAndKeyedByID() throws {
        let object = try normalizer.normalize(StripeExamples.invoice, collection: "invoices", context: context)
        let discounts = rows(object, "discounts")
        #expect(discounts.map { $0["id"] } == [.text("di_1"), .text("di_2")])
        #expect(discounts.allSatisfy { $0["invoice_id"] == .text("in_1MtHbELkdIwHu7ixl4OzzPMv") })
        #expect(discounts[0].isComplete)
        #expect(discounts[0]["coupon_percent_off"] == .real(25))
        #expect(discounts[0]["customer_id"] == nil, "rows from an invoice leave the customer's link alone")
        #expect(!discounts[1].isComplete, "an unexpanded id links, and leaves the discount's fields alone")
        #expect(discounts[1].columns.names == ["id", "invoice_id", SystemColumn.account, SystemColumn.syncedAt, SystemColumn.runID])
        #expect(discounts[1][SystemColumn.runID] == .integer(3), "a reference names the run that wrote it too")
        #expect(discounts[1]["invoice_id"] == .text("in_1MtHbELkdIwHu7ixl4OzzPMv"))
        #expect(!object.replacements.contains { $0.table == "discounts" })
        let table = try #require(normalizer.table(named: "discounts"))
        #expect(table.primaryKey == ["id"])
        #expect(Set(table.parents.map(\.column)) == ["customer_id", "invoice_id", "subscription_id"])
    }

    @Test func customerSourcesGoToCardsAndBankAccounts() throws {
        let object = try normalizer.normalize(StripeExamples.customer, collection: "customers", context: context)
        #expect(rows(object, "cards").map { $0["id"] } == [.text("card_1")])
        #expect(rows(object, "cards").first?["customer_id"] == .text("cus_NffrFeUfNV2Hib"))
        #expect(rows(object, "cards").first?["exp_year"] == .integer(2030))
        #expect(rows(object, "bank_accounts").map { $0["bank_name"] } == [.text("STRIPE TEST BANK")])
        #expect(rows(object, "discounts").map { $0["customer_id"] } == [.text("cus_NffrFeUfNV2Hib")])
        #expect(object.rows.count == 4, "the source object has no table of its own")
        #expect(object.replacements.isEmpty, "sources hold only some cards; discounts are shared")
        #expect(normalizer.tables(for: "customers").map(\.name).starts(with: ["customers"]))
        #expect(Set(normalizer.tables(for: "customers").map(\.name)).isSuperset(of: ["cards", "bank_accounts", "discounts", "tax_ids"]))
    }

    @Test func anAccountsExternalAccountsGoToTheirNestedCollection() throws {
        let account = StripeExamples.decode(#"""
        {"id": "acct_1", "object": "account", "external_accounts": {"object": "list", "has_more": false,
          "url": "/v1/accounts/acct_1/external_accounts",
          "data": [{"id": "ba_9", "object": "bank_account", "bank_name": "STRIPE TEST BANK", "account": "acct_1"}]}}
        """#)
        let object = try normalizer.normalize(account, collection: "accounts", context: context)
        #expect(rows(object, "external_accounts").map { $0["account_id"] } == [.text("acct_1")])
        #expect(object.replacements == [ChildReplacement(table: "external_accounts", parentColumn: "account_id", parentID: "acct_1")])
    }

    @Test func nestedCollectionsReadDirectlyNeedTheirParent() throws {
        let line = try #require(StripeExamples.invoice["lines"]?["data"]?.arrayValue?.first)
        #expect(throws: NormalizeError.self) { try normalizer.normalize(line, collection: "invoice_lines", context: context) }
        let withParent = NormalizeContext(syncedAt: 1, parentID: "in_9")
        let object = try normalizer.normalize(line, collection: "invoice_lines", context: withParent)
        #expect(object.rows.first?["invoice_id"] == .text("in_9"))
    }

    @Test func quoteLineItemsComeFromTheFieldOfTheirEndpoint() {
        let tables = normalizer.tables(for: "quotes").map(\.name)
        #expect(tables.contains("quote_line_items"))
        #expect(!tables.contains("quote_upfront_line_items"), "its list is computed.upfront.line_items, not line_items")
    }
}
