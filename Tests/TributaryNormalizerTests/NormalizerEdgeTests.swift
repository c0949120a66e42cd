import Testing
import TributaryCatalog
import TributaryTesting
@testable import TributaryNormalizer

@Suite struct NormalizerEdgeTests {
    let normalizer = Normalizer()
    let context = NormalizeContext(syncedAt: 1_700_000_000)

    @Test func unknownFieldsBecomeColumnsTypedFromTheirValue() throws {
        let billing = try #require(StripeExamples.charge["billing_details"]).setting("tax_id", to: .string("DE123"))
        let charge = StripeExamples.charge
            .setting("risk_insights", to: .object([("score", .int(3))]))
            .setting("settled_at", to: .int(1_700_000_100))
            .setting("fx_rate", to: .double(1.25))
            .setting("billing_details", to: billing)
            .setting("ignored_when_null", to: .null)
        let row = try #require(try normalizer.normalize(charge, collection: "charges", context: context).rows.first)
        let table = try #require(normalizer.table(named: "charges"))
        let extras = Array(row.columns.columns.dropFirst(table.columns.count - 1))
        #expect(extras.map(\.name) == ["billing_details_tax_id", "fx_rate", "risk_insights", "settled_at"])
        #expect(extras.map(\.type) == [.text, .real, .json, .timestamp])
        #expect(row["billing_details_tax_id"] == .text("DE123"))
        #expect(row["risk_insights"] == .json(#"{"score":3}"#))
        #expect(row["settled_at"] == .timestamp(1_700_000_100))
        #expect(row["ignored_when_null"] == nil)
        #expect(extras.first?.path == "billing_details.tax_id")
    }

    @Test func valuesOfAnotherTypeThanTheCatalogsKeepTheirOwn() throws {
        let charge = StripeExamples.charge.setting("amount", to: .double(10.5)).setting("captured", to: .string("yes"))
        let row = try #require(try normalizer.normalize(charge, collection: "charges", context: context).rows.first)
        #expect(row["amount"] == .real(10.5))
        #expect(row["captured"] == .text("yes"))
    }

    @Test func aScalarWhereTheCatalogHasAnObjectGetsAColumnOfItsOwn() throws {
        let charge = StripeExamples.charge.setting("outcome", to: .string("approved"))
        let row = try #require(try normalizer.normalize(charge, collection: "charges", context: context).rows.first)
        #expect(row["outcome"] == .text("approved"))
        #expect(row["outcome_type"] == .null)
    }

    @Test(arguments: [
        (JSONValue.array([]), NormalizeError.Code.notAnObject),
        (.object([("object", .string("charge"))]), .missingID),
        (.object([("id", .int(5))]), .missingID),
        (.object([("id", .string("cus_1")), ("object", .string("customer"))]), .wrongObjectType),
        (.object([("id", .string("ch_1")), ("object", .string("list"))]), .wrongObjectType),
    ])
    func malformedObjectsAreRefused(object: JSONValue, code: NormalizeError.Code) {
        #expect { try normalizer.normalize(object, collection: "charges", context: context) } throws: {
            ($0 as? NormalizeError)?.code == code
        }
    }

    @Test func aMalformedObjectIsRejectedAndTheRestOfTheBatchNormalized() throws {
        let badLines = StripeExamples.invoice.setting("lines", to: .object([
            ("object", .string("list")), ("data", .array([.object([("amount", .int(1))])])), ("has_more", .bool(false)),
        ]))
        let batch = try normalizer.normalize([StripeExamples.invoice, badLines.setting("id", to: .string("in_bad")), .string("junk")],
                                             collection: "invoices", context: NormalizeContext(syncedAt: 1, account: "acct_9"))
        #expect(batch.objects.map(\.id) == ["in_1MtHbELkdIwHu7ixl4OzzPMv"])
        #expect(batch.rejects.count == 2)
        #expect(batch.rejects[0].objectID == "in_bad")
        #expect(batch.rejects[0].reason == "malformed_child: invoices.lines[0] has no id")
        #expect(batch.rejects[0].account == "acct_9")
        #expect(batch.rejects[0].rawJSON.contains(#""id":"in_bad""#))
        #expect(batch.rejects[1].rawJSON == #""junk""#)
        #expect(throws: NormalizeError.self) { try normalizer.normalize([], collection: "no_such_thing", context: context) }
    }

    @Test func deletedObjectsBecomeDeletions() throws {
        let stub = JSONValue.object([("id", .string("cus_1")), ("object", .string("customer")), ("deleted", .bool(true))])
        let object = try normalizer.normalize(stub, collection: "customers", context: NormalizeContext(syncedAt: 1, account: "acct_2"))
        #expect(object.rows.isEmpty)
        #expect(object.deletion == Deletion(table: "customers", id: "cus_1", account: "acct_2"))
    }

    @Test func aLaterStateOfAnObjectReplacesTheEarlierInABatch() throws {
        let older = StripeExamples.invoice
        let lines = try #require(older["lines"]).setting("data", to: .array([]))
        let newer = older.setting("status", to: .string("paid")).setting("lines", to: lines)
        let batch = try normalizer.normalize([older, StripeExamples.charge.setting("object", to: .string("invoice")), newer],
                                             collection: "invoices", context: context)
        #expect(batch.objects.count == 2)
        #expect(batch.objects[0].rows.first?["status"] == .text("paid"))
        #expect(!batch.rows.contains { $0.table == "invoice_lines" }, "the older state's lines are gone with it")
    }

    @Test func everyColumnNameIsCleanAndShort() {
        for table in normalizer.tables {
            for column in table.columns {
                #expect(ColumnName.isClean(column.name), "\(table.name).\(column.name)")
            }
            #expect(Set(table.columns.map(\.name)).count == table.columns.count, "\(table.name) has a duplicate column")
        }
        #expect(normalizer.tables.count == 81)
    }
}
