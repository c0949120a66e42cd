import Testing
import TributaryCatalog
import TributaryTesting
@testable import TributaryNormalizer

@Suite struct ChargeGoldenTests {
    let normalizer = Normalizer()
    let context = NormalizeContext(syncedAt: 1_700_000_000, run: 42)

    @Test func stripesExampleChargeGivesExactlyTheseValues() throws {
        let object = try normalizer.normalize(StripeExamples.charge, collection: "charges", context: context)
        #expect(object.rows.count == 1)
        let row = try #require(object.rows.first)
        #expect(row.table == "charges")
        #expect(row.isComplete)
        var set: [String: Value] = [:]
        for (column, value) in zip(row.columns.columns, row.values) where !value.isNull { set[column.name] = value }
        let expected: [String: Value] = [
            "id": .text("ch_3MmlLrLkdIwHu7ix0snN0B15"),
            "amount": .integer(1099),
            "amount_captured": .integer(1099),
            "amount_refunded": .integer(0),
            "balance_transaction": .text("txn_3MmlLrLkdIwHu7ix0uke3Ezy"),
            "billing_details_address_city": .text("San Francisco"),
            "billing_details_address_country": .text("US"),
            "billing_details_address_line1": .text("510 Townsend St"),
            "billing_details_address_postal_code": .text("94103"),
            "billing_details_address_state": .text("CA"),
            "billing_details_email": .text("jenny.rosen@example.com"),
            "billing_details_name": .text("Jenny Rosen"),
            "calculated_statement_descriptor": .text("Stripe"),
            "captured": .boolean(true),
            "created": .timestamp(1_679_090_539),
            "currency": .text("usd"),
            "disputed": .boolean(false),
            "livemode": .boolean(false),
            "metadata": .json(#"{"order_id":"6735"}"#),
            "object": .text("charge"),
            "outcome_network_status": .text("approved_by_network"),
            "outcome_risk_level": .text("normal"),
            "outcome_risk_score": .integer(32),
            "outcome_seller_message": .text("Payment complete."),
            "outcome_type": .text("authorized"),
            "paid": .boolean(true),
            "payment_method": .text("card_1MmlLrLkdIwHu7ixIJwEWSNR"),
            "payment_method_details_card_brand": .text("visa"),
            "payment_method_details_card_checks": .json(#"{"address_line1_check":null,"address_postal_code_check":null,"cvc_check":null}"#),
            "payment_method_details_card_country": .text("US"),
            "payment_method_details_card_exp_month": .integer(3),
            "payment_method_details_card_exp_year": .integer(2024),
            "payment_method_details_card_fingerprint": .text("mToisGZ01V71BCos"),
            "payment_method_details_card_funding": .text("credit"),
            "payment_method_details_card_last4": .text("4242"),
            "payment_method_details_card_network": .text("visa"),
            "payment_method_details_type": .text("card"),
            "receipt_url": .text("https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTTJKVGtMa2RJd0h1N2l4KOvG06AGMgZfBXyr1aw6LBa9vaaSRWU96d8qBwz9z2J_CObiV_H2-e8RezSK_sw0KISesp4czsOUlVKY"),
            "refunded": .boolean(false),
            "status": .text("succeeded"),
            "_tributary_synced_at": .timestamp(1_700_000_000),
            "_tributary_run_id": .integer(42),
        ]
        #expect(set == expected)
    }

    @Test func theRowSetsEveryColumnOfTheChargesTableButTheDeletionMark() throws {
        let row = try #require(try normalizer.normalize(StripeExamples.charge, collection: "charges", context: context).rows.first)
        let table = try #require(normalizer.table(named: "charges"))
        #expect(row.columns.names == table.columns.map(\.name).filter { $0 != SystemColumn.deleted })
        #expect(table.primaryKey == ["id"])
        #expect(table.columns.first?.name == "id")
        #expect(table.columns.suffix(4).map(\.name) == [SystemColumn.account, SystemColumn.syncedAt, SystemColumn.runID,
                                                         SystemColumn.deleted])
        #expect(table.column(SystemColumn.runID)?.type == .integer)
    }

    @Test func columnTypesComeFromTheCatalog() throws {
        let table = try #require(normalizer.table(named: "charges"))
        let types = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.type) })
        #expect(types["amount"] == .integer)
        #expect(types["created"] == .timestamp)
        #expect(types["captured"] == .boolean)
        #expect(types["status"] == .text)
        #expect(types["metadata"] == .json)
        #expect(types["customer"] == .text)
        #expect(types["billing_details_address_city"] == .text)
        #expect(types["payment_method_details_card_checks"] == .json, "an object at depth 3 is JSON")
        #expect(types["refunds"] == nil, "charge.refunds is the refunds collection, not a column")
        #expect(table.column("billing_details_address_city")?.path == "billing_details.address.city")
    }

    @Test func expandedReferencesAreStoredAsTheirID() throws {
        let expanded = StripeExamples.charge
            .setting("customer", to: .object([("id", .string("cus_1")), ("object", .string("customer")), ("email", .string("a@b.c"))]))
        let row = try #require(try normalizer.normalize(expanded, collection: "charges", context: context).rows.first)
        #expect(row["customer"] == .text("cus_1"))
        let plain = StripeExamples.charge.setting("customer", to: .string("cus_1"))
        #expect(try normalizer.normalize(plain, collection: "charges", context: context).rows.first?["customer"] == .text("cus_1"))
    }

    @Test func theConnectedAccountIsOnEveryRow() throws {
        let connected = NormalizeContext(syncedAt: 1, account: "acct_1")
        let object = try normalizer.normalize(StripeExamples.balanceTransaction, collection: "balance_transactions", context: connected)
        #expect(object.rows.count == 3)
        #expect(object.rows.allSatisfy { $0[SystemColumn.account] == .text("acct_1") })
    }

    @Test func everyRowNamesTheRunThatWroteIt() throws {
        let object = try normalizer.normalize(StripeExamples.balanceTransaction, collection: "balance_transactions",
                                              context: NormalizeContext(syncedAt: 1, run: 9))
        #expect(object.rows.count == 3, "the transaction and its fee details")
        #expect(object.rows.allSatisfy { $0[SystemColumn.runID] == .integer(9) })
        let outside = try normalizer.normalize(StripeExamples.balanceTransaction, collection: "balance_transactions",
                                               context: NormalizeContext(syncedAt: 1))
        #expect(outside.rows.allSatisfy { $0[SystemColumn.runID] == .null }, "no run: NULL")
    }
}
