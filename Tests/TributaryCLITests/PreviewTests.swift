import Foundation
import Testing
import TributaryCatalog
import TributaryNormalizer

/// `preview`: rows as the warehouse gets them, the source's rules applied, child tables included.
@Suite struct PreviewTests {
    @Test func previewAppliesTheSourcesMappingAndShowsTypes() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [
                (name: "shop", keys: """
                    schema: stripe
                    table_prefix: s_
                    collections: [charges, invoices]
                    columns:
                      charges:
                        exclude: [billing_details.address]
                    mapping:
                      charges:
                        rename: {amount: amount_minor}
                        decimal_amounts: [amount]
                    """),
            ]))
            let result = try await f.tributary("preview", "charges", "--limit", "3", "--json")
            #expect(result.status == 0, "\(result)")
            let preview = try json(result)
            #expect(preview["source"]?.stringValue == "shop" && preview["collection"]?.stringValue == "charges")
            let charges = try #require(preview["tables"]?.arrayValue?.first)
            #expect(charges["name"]?.stringValue == "charges" && charges["table"]?.stringValue == "stripe__s_charges")
            let columns = (charges["columns"]?.arrayValue ?? []).compactMap { c in
                c["name"]?.stringValue.map { ($0, c["type"]?.stringValue ?? "") }
            }
            let types = Dictionary(columns, uniquingKeysWith: { first, _ in first })
            let decimalColumn = try #require(columns.first { $0.0.hasPrefix("amount") && $0.0.hasSuffix("_decimal") }?.0)
            #expect(types["amount_minor"] == "integer" && types[decimalColumn] == "real" && types["amount"] == nil)
            #expect(types["created"] == "timestamp" && types["metadata"] == "json")
            #expect(!columns.contains { $0.0.hasPrefix("billing_details_address") })
            let rows = charges["rows"]?.arrayValue ?? []
            #expect(rows.count == 3)
            for row in rows {
                let minor = try #require(row["amount_minor"]?.intValue)
                #expect(row["id"]?.stringValue?.hasPrefix("ch_") == true)
                let currency = try #require(row["currency"]?.stringValue)
                let decimal: Double? = switch row[decimalColumn] {
                case let .double(d)?: d
                case let .int(i)?: Double(i)
                default: nil
                }
                #expect(decimal == CurrencyExponent.decimal(minor, currency: currency), "\(currency) \(minor)")
            }
            // Nothing was written.
            #expect(!FileManager.default.fileExists(atPath: f.database))

            let text = try await f.tributary("preview", "charges")
            #expect(text.stdout.contains("stripe__s_charges (") && text.stdout.contains("amount_minor"))
            #expect(text.stdout.contains("-- row 5 --"))
        }
    }

    @Test func previewShowsChildTablesAndNestedCollections() async throws {
        try await withCLIFixture { f in
            try f.workspace.write("tributary.yml", f.config(sources: [(name: "shop", keys: "collections: [invoices]")]))
            let invoices = try json(try await f.tributary("preview", "invoices", "--json"))
            let tables = invoices["tables"]?.arrayValue ?? []
            #expect(tables.first?["name"]?.stringValue == "invoices")
            let lines = try #require(tables.first { $0["name"]?.stringValue == "invoice_lines" })
            #expect((lines["rows"]?.arrayValue?.count ?? 0) > 0)
            #expect(lines["rows"]?.arrayValue?.allSatisfy { $0["invoice_id"]?.stringValue?.hasPrefix("in_") == true } == true)

            let nested = try await f.tributary("preview", "invoice_lines", "--limit", "2", "--json")
            #expect(nested.status == 0, "\(nested)")
            let rows = try json(nested)["tables"]?.arrayValue?.first?["rows"]?.arrayValue ?? []
            #expect(rows.count == 2)

            let unknown = try await f.tributary("preview", "chargez")
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("did you mean 'charges'?"))
            let refused = try await f.tributary("preview", "subscriptions", environment: ["STRIPE_API_KEY": f.emulator.restrictedKey])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("rak_subscription_read"))
        }
    }
}
