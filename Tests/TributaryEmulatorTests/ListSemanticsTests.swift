import Testing
import TributaryCatalog
import TributaryTesting

@Suite("List semantics")
struct ListSemanticsTests {
    @Test("paging 1,050+ charges with limit=100 yields each exactly once, newest first")
    func pagingExactlyOnce() async throws {
        try await withEmulator({ $0.scale = 8100 }) { emulator in
            let expected = try await truth(emulator, "charges")
            #expect(expected.count >= 1050)
            let ids = try await pageAll(emulator, "/v1/charges")
            #expect(ids == expected)
            #expect(Set(ids).count == ids.count)
            // Newest first: created never increases along the list.
            let page = try await get(emulator, "/v1/charges?limit=100").json
            let created = page["data"]!.arrayValue!.map { $0["created"]!.intValue! }
            #expect(created == created.sorted(by: >))
        }
    }

    @Test("created ranges split a list into disjoint slices that cover it")
    func createdRanges() async throws {
        try await withEmulator({ $0.scale = 3000 }) { emulator in
            let all = try await pageAll(emulator, "/v1/customers")
            let first = try await get(emulator, "/v1/customers?limit=100").json["data"]!.arrayValue!
            let pivot = first[first.count / 2]["created"]!.intValue!
            let newer = try await pageAll(emulator, "/v1/customers", query: "created%5Bgte%5D=\(pivot)")
            let older = try await pageAll(emulator, "/v1/customers", query: "created%5Blt%5D=\(pivot)")
            #expect(newer + older == all)
            #expect(!newer.isEmpty && !older.isEmpty)
        }
    }

    @Test("created is refused where Stripe's spec does not accept it")
    func createdWhereNotAccepted() async throws {
        try await withEmulator { emulator in
            let response = try await get(emulator, "/v1/checkout/sessions?created=1")
            #expect(response.status == 400)
            #expect(try response.json["error"]?["param"]?.stringValue == "created")
        }
    }

    @Test("ending_before returns the page just before the cursor, newest first")
    func endingBefore() async throws {
        try await withEmulator({ $0.scale = 3000 }) { emulator in
            let all = try await pageAll(emulator, "/v1/charges")
            let cursor = all[150]
            let json = try await get(emulator, "/v1/charges?limit=100&ending_before=\(cursor)").json
            let ids = json["data"]!.arrayValue!.map { $0["id"]!.stringValue! }
            #expect(ids == Array(all[50..<150]))
            #expect(json["has_more"]?.boolValue == true)
        }
    }

    @Test("nested lists are embedded truncated, with has_more and a url that pages the rest")
    func embeddedLists() async throws {
        try await withEmulator({ $0.scale = 6000 }) { emulator in
            var found = false
            var after = ""
            search: for _ in 0..<40 {
                let json = try await get(emulator, "/v1/invoices?limit=100\(after)").json
                for invoice in json["data"]!.arrayValue! {
                    let lines = invoice["lines"]!
                    guard lines["has_more"]?.boolValue == true else { continue }
                    let embedded = lines["data"]!.arrayValue!.map { $0["id"]!.stringValue! }
                    #expect(embedded.count == 10)
                    let url = lines["url"]!.stringValue!
                    let id = invoice["id"]!.stringValue!
                    #expect(url == "/v1/invoices/\(id)/lines")
                    let paged = try await pageAll(emulator, url)
                    #expect(Array(paged.prefix(10)) == embedded)
                    #expect(paged.count > 10 && Set(paged).count == paged.count)
                    found = true
                    break search
                }
                guard json["has_more"]?.boolValue == true else { break }
                after = "&starting_after=" + json["data"]!.arrayValue!.last!["id"]!.stringValue!
            }
            #expect(found, "some invoice should have more than 10 lines")
        }
    }

    @Test("subscriptions hide canceled ones unless status=all")
    func subscriptionStatus() async throws {
        try await withEmulator({ $0.scale = 4000 }) { emulator in
            let everything = try await truth(emulator, "subscriptions")
            let all = try await pageAll(emulator, "/v1/subscriptions", query: "status=all")
            let defaultList = try await pageAll(emulator, "/v1/subscriptions")
            #expect(all == everything)
            #expect(defaultList.count < all.count)
            let canceled = try await pageAll(emulator, "/v1/subscriptions", query: "status=canceled")
            #expect(defaultList.count + canceled.count == all.count)
        }
    }

    @Test("limit is checked, parameters are checked, unknown ones are named")
    func parameterChecks() async throws {
        try await withEmulator { emulator in
            for bad in ["limit=0", "limit=101", "limit=abc"] {
                let response = try await get(emulator, "/v1/customers?\(bad)")
                #expect(response.status == 400)
                #expect(try response.json["error"]?["param"]?.stringValue == "limit")
            }
            let defaultPage = try await get(emulator, "/v1/customers").json
            #expect(defaultPage["data"]?.arrayValue?.count == 10)
            let unknown = try await get(emulator, "/v1/customers?colour=blue").json
            #expect(unknown["error"]?["message"]?.stringValue == "Received unknown parameter: colour")
            #expect(unknown["error"]?["param"]?.stringValue == "colour")
            let missing = try await get(emulator, "/v1/subscription_items").json
            #expect(missing["error"]?["param"]?.stringValue == "subscription")
        }
    }

    @Test("a customer's sources, a subscription's items and a payout's balance transactions")
    func parentFilters() async throws {
        try await withEmulator({ $0.scale = 4000 }) { emulator in
            let subs = try await get(emulator, "/v1/subscriptions?status=all&limit=5").json["data"]!.arrayValue!
            for sub in subs {
                let id = sub["id"]!.stringValue!
                let embedded = sub["items"]!["data"]!.arrayValue!.map { $0["id"]!.stringValue! }
                let listed = try await pageAll(emulator, "/v1/subscription_items", query: "subscription=\(id)")
                #expect(Array(listed.prefix(embedded.count)) == embedded)
            }
            // Each balance transaction settles in at most one payout.
            let payouts = try await pageAll(emulator, "/v1/payouts")
            let all = Set(try await pageAll(emulator, "/v1/balance_transactions"))
            var seen = Set<String>()
            for payout in payouts.prefix(10) {
                let settled = try await pageAll(emulator, "/v1/balance_transactions", query: "payout=\(payout)")
                #expect(!settled.isEmpty)
                #expect(Set(settled).isSubset(of: all))
                #expect(seen.isDisjoint(with: settled))
                seen.formUnion(settled)
            }
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard case let .array(a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
