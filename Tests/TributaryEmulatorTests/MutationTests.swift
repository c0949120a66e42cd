import Foundation
import Testing
import TributaryCatalog
import TributaryTesting

@Suite("Changes over time")
struct MutationTests {
    @Test("mutations create, update and delete objects and record matching events")
    func mutations() async throws {
        try await withEmulator({ $0.scale = 3000 }) { emulator in
            let before = try await pageAll(emulator, "/v1/events")
            let summary = try await rawRequest(emulator.baseURL + "/_emulator/mutate?n=300", method: .POST).json
            let eventCount = Int(summary["events"]!.intValue!)
            #expect(eventCount > 250)
            let after = try await pageAll(emulator, "/v1/events")
            #expect(after.count == before.count + eventCount)
            #expect(Array(after.suffix(before.count)) == before)

            // Read the new events and check them against the objects.
            var updatedWithPrevious = false
            var deletedCustomer: String?
            var after100 = ""
            var seen = 0
            while seen < eventCount {
                let page = try await get(emulator, "/v1/events?limit=100\(after100)").json
                let events = try #require(page["data"]?.arrayValue)
                try #require(!events.isEmpty)
                for event in events where seen < eventCount {
                    seen += 1
                    let type = try #require(event["type"]?.stringValue)
                    let object = try #require(event["data"]?["object"])
                    #expect(object["id"]?.stringValue != nil)
                    if type == "customer.updated", event["data"]!["previous_attributes"] != nil { updatedWithPrevious = true }
                    if type == "customer.deleted" { deletedCustomer = object["id"]?.stringValue }
                }
                after100 = "&starting_after=" + (events.last?["id"]?.stringValue ?? "")
            }
            #expect(updatedWithPrevious)
            let deleted = try #require(deletedCustomer)
            let customers = try await pageAll(emulator, "/v1/customers")
            #expect(!customers.contains(deleted))
            let retrieved = try await get(emulator, "/v1/customers/\(deleted)").json
            #expect(retrieved["deleted"]?.boolValue == true)
        }
    }

    @Test("events older than the retention window disappear")
    func retention() async throws {
        try await withEmulator({ $0.scale = 2000 }) { emulator in
            _ = try await rawRequest(emulator.baseURL + "/_emulator/mutate?n=20", method: .POST)
            #expect(!(try await pageAll(emulator, "/v1/events")).isEmpty)
            _ = try await rawRequest(emulator.baseURL + "/_emulator/clock?advance=\(31 * 86400)", method: .POST)
            #expect(try await pageAll(emulator, "/v1/events").isEmpty)
        }
    }

    @Test("the same seed gives the same data; another seed does not")
    func determinism() async throws {
        func sample(seed: UInt64) async throws -> [UInt8] {
            try await withEmulator({ $0.seed = seed; $0.scale = 1500 }) { emulator in
                var bytes: [UInt8] = []
                for path in ["/v1/charges", "/v1/invoices", "/v1/customers", "/v1/events"] {
                    bytes += try await get(emulator, "\(path)?limit=100").body
                }
                return bytes
            }
        }
        let a = try await sample(seed: 3)
        #expect(try await sample(seed: 3) == a)
        #expect(try await sample(seed: 4) != a)
    }

    @Test("references point at objects that exist")
    func referentialIntegrity() async throws {
        try await withEmulator({ $0.scale = 3000 }) { emulator in
            let customers = Set(try await pageAll(emulator, "/v1/customers"))
            let transactions = Set(try await pageAll(emulator, "/v1/balance_transactions"))
            let subscriptions = Set(try await pageAll(emulator, "/v1/subscriptions", query: "status=all"))
            let charges = try await get(emulator, "/v1/charges?limit=100").json["data"]!.arrayValue!
            for charge in charges {
                if let customer = charge["customer"]?.stringValue { #expect(customers.contains(customer)) }
                if let txn = charge["balance_transaction"]?.stringValue { #expect(transactions.contains(txn)) }
            }
            let invoices = try await get(emulator, "/v1/invoices?limit=100").json["data"]!.arrayValue!
            for invoice in invoices {
                if let sub = invoice["subscription"]?.stringValue { #expect(subscriptions.contains(sub)) }
            }
        }
    }
}
