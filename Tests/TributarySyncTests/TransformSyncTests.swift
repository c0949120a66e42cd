import Foundation
import GRDB
import Testing
import TributaryCatalog
import TributaryNormalizer
import TributaryTesting

/// A source's column rules and mappings reach the warehouse: excluded columns are never created,
/// hashed ones hold the salted hash, renamed ones their new name, decimal amounts their added column (named after the renamed one).
@Suite struct TransformSyncTests {
    @Test func columnRulesAndMappingsApplyToEverySyncedRow() async throws {
        try await withSyncFixture({ $0.scale = 300 }) { fixture in
            let salt = HashSalt("0123456789abcdef-sync-test")
            let transforms = try TransformSet(
                rules: ["charges": ColumnRules(exclude: ["billing_details.address"], hash: ["billing_details_email"])],
                mappings: ["charges": TableMapping(rename: ["amount": "amount_minor"], decimalAmounts: ["amount"])],
                salt: salt, normalizer: Normalizer())
            let record = try await fixture.sync(collections: ["charges"], transforms: transforms)
            #expect(record.status == .succeeded, "\(record.errors)")
            let objects = try await fixture.objects("charges")
            try fixture.read { db in
                let columns = Set(try db.columns(in: "charges").map(\.name))
                #expect(!columns.contains { $0.hasPrefix("billing_details_address") })
                #expect(columns.isSuperset(of: ["amount_minor", "amount_minor_decimal", "billing_details_email"]))
                #expect(!columns.contains("amount"))
                let rows = try GRDB.Row.fetchAll(db, sql: "SELECT id, amount_minor, amount_minor_decimal, billing_details_email FROM charges")
                #expect(rows.count == objects.count)
                for row in rows {
                    let id: String = row["id"]
                    let object = try #require(objects[id])
                    #expect(row["amount_minor"] as Int64? == object["amount"]?.intValue)
                    if object["currency"]?.stringValue == "usd", let amount = object["amount"]?.intValue {
                        #expect(row["amount_minor_decimal"] as Double? == Double(amount) / 100)
                    }
                    if let email = object["billing_details"]?["email"]?.stringValue {
                        let hashed: String? = row["billing_details_email"]
                        #expect(hashed != email)
                        #expect(hashed?.count == 64, "a SHA-256 in hex")
                    }
                }
            }
        }
    }
}
