import Foundation
import Testing
@testable import TributaryCatalog

/// `../shared/stripe-openapi` beside the project root, when it is there.
let specDirectory: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let dir = root.deletingLastPathComponent().appendingPathComponent("shared/stripe-openapi")
    return FileManager.default.fileExists(atPath: dir.appendingPathComponent("spec3.json").path) ? dir : nil
}()

@Suite("Catalog")
struct CatalogTests {
    let catalog = Catalog.stripe

    @Test("the names users know from Segment and Adobe are all there, among at least 80 tables")
    func knownNames() {
        let names = Set(CatalogListing(catalog: catalog).entries.map(\.name))
        let segmentAndAdobe = [
            "accounts", "application_fee_refunds", "application_fees", "balance_transactions",
            "balance_transaction_fee_details", "bank_accounts", "bitcoin_receivers", "cards", "charges", "coupons",
            "customers", "discounts", "disputes", "file_uploads", "invoice_items", "invoice_lines", "invoices",
            "plans", "refunds", "subscriptions", "transfer_reversals", "transfers", "prices",
        ]
        #expect(segmentAndAdobe.count == 23)
        for name in segmentAndAdobe { #expect(names.contains(name), "missing \(name)") }
        #expect(names.count >= 80)
        let also = ["products", "payment_intents", "payment_methods", "setup_intents", "setup_attempts", "payouts",
                    "checkout_sessions", "checkout_session_line_items", "credit_notes", "credit_note_lines",
                    "subscription_items", "subscription_schedules", "tax_rates", "tax_ids", "promotion_codes",
                    "topups", "reviews", "early_fraud_warnings", "customer_balance_transactions", "file_links",
                    "events", "persons", "external_accounts", "shipping_rates", "quotes", "payment_links",
                    "issuing_cards", "terminal_readers", "radar_value_lists", "identity_verification_sessions",
                    "reporting_report_runs", "payout_balance_transactions"]
        for name in also { #expect(names.contains(name), "missing \(name)") }
    }

    @Test("table names are unique and safe as SQL identifiers")
    func uniqueNames() {
        let names = catalog.collections.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(name)")
        }
    }

    @Test("every schema a collection or field refers to is in the catalog")
    func schemasResolve() {
        func check(_ type: FieldType, in owner: String) {
            switch type {
            case let .object(name), let .list(name):
                #expect(catalog.schema(named: name) != nil || name == "json", "\(owner) → \(name)")
            case let .array(inner), let .map(inner): check(inner, in: owner)
            case let .anyOf(options): options.forEach { check($0, in: owner) }
            case let .expandable(targets): for t in targets { #expect(catalog.schema(named: t) != nil, "\(owner) → \(t)") }
            default: break
            }
        }
        for c in catalog.collections {
            #expect(catalog.schema(named: c.schema) != nil, "\(c.name)")
            for child in c.childTables { #expect(catalog.schema(named: child.schema) != nil) }
        }
        for schema in catalog.schemas.values {
            for field in schema.fields { check(field.type, in: "\(schema.name).\(field.name)") }
        }
    }

    @Test("nested collections name a parent that exists, and embedded lists page through them")
    func parents() {
        for c in catalog.collections {
            guard let parent = c.parent else { continue }
            #expect(catalog.collection(named: parent.collection) != nil, "\(c.name) → \(parent.collection)")
            #expect(c.syncMethod == .viaParent)
            if let field = parent.embeddedField {
                let owner = catalog.collection(named: parent.collection)!
                #expect(owner.childTables.contains { $0.field == field && $0.pagedBy == c.name })
            }
        }
        #expect(catalog.collection(named: "invoice_lines")?.parent?.embeddedField == "lines")
        #expect(catalog.collection(named: "subscription_items")?.parent?.access == .queryParameter("subscription"))
        #expect(catalog.collection(named: "payout_balance_transactions")?.parent?.access == .queryParameter("payout"))
    }

    @Test("the sync facts that matter are derived correctly")
    func syncFacts() {
        let subs = catalog.collection(named: "subscriptions")!
        #expect(subs.fixedQuery == ["status": "all"])
        // A canceled subscription is announced as customer.subscription.deleted but is not deleted.
        #expect(subs.events.updated.contains("customer.subscription.deleted"))
        #expect(subs.events.deleted.isEmpty)
        let customers = catalog.collection(named: "customers")!
        #expect(customers.events.deleted == ["customer.deleted"])
        #expect(customers.syncMethod == .events && customers.supportsCreated)
        // No events announce new balance transactions: they are synced by created.
        let txns = catalog.collection(named: "balance_transactions")!
        #expect(txns.syncMethod == .createdCursor && txns.immutable)
        #expect(txns.childTables.map(\.table) == ["balance_transaction_fee_details"])
        #expect(catalog.collection(named: "checkout_sessions")?.supportsCreated == false)
        #expect(catalog.collection(named: "payment_methods")?.partition?.parameter == "type")
        #expect(catalog.collection(named: "file_uploads")?.path == "/v1/files")
        #expect(catalog.collection(named: "charges")?.idPrefix == "ch")
        let charge = catalog.schema(named: "charge")!
        #expect(charge.field("created")?.type == .unixTime)
        #expect(charge.field("amount")?.type == .integer)
        #expect(charge.field("customer")?.type == .expandable(["customer", "deleted_customer"]))
        #expect(charge.field("customer")?.nullable == true)
        #expect(charge.field("metadata")?.type == .map(.string))
    }

    @Test("every list endpoint of Stripe's spec is a collection or excluded with a reason",
          .enabled(if: specDirectory != nil, "needs ../shared/stripe-openapi"))
    func coversSpec() throws {
        let data = try Data(contentsOf: specDirectory!.appendingPathComponent("spec3.json"))
        let spec = try JSONValue(parsing: data)
        let paths = try #require(spec["paths"]?.objectValue)
        var listEndpoints: [String] = []
        for (path, operations) in paths {
            guard let schema = operations["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"],
                  let properties = schema["properties"], properties["data"] != nil, properties["has_more"] != nil
            else { continue }
            listEndpoints.append(path)
        }
        #expect(listEndpoints.count >= 94)
        let covered = Set(catalog.collections.map(\.path))
        for path in listEndpoints {
            #expect(covered.contains(path) || catalog.excludedEndpoints[path] != nil,
                    "\(path) is neither a collection nor excluded")
        }
        for (path, reason) in catalog.excludedEndpoints {
            #expect(listEndpoints.contains(path), "excluded \(path) is not in the spec")
            #expect(!reason.isEmpty)
        }
        #expect(catalog.apiVersion == spec["info"]?["version"]?.stringValue)
    }

    @Test("the generated Swift is what the script derives from the spec today",
          .enabled(if: specDirectory != nil, "needs ../shared/stripe-openapi"))
    func generatedIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/generate-catalog.py").path, "--out", out.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let generated = root.appendingPathComponent("Sources/TributaryCatalog/Generated")
        let files = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == files)
        for file in files {
            let committed = try String(contentsOf: generated.appendingPathComponent(file), encoding: .utf8)
            let fresh = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(committed == fresh, "\(file) is stale: run scripts/generate-catalog.py")
        }
    }
}
