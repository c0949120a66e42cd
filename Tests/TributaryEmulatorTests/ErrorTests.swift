import Foundation
import Testing
import TributaryCatalog
import TributaryTesting

@Suite("Errors as Stripe sends them")
struct ErrorTests {
    @Test("401 for a missing or wrong key, with Stripe's messages and a Request-Id")
    func authentication() async throws {
        try await withEmulator { emulator in
            let none = try await rawRequest(emulator.baseURL + "/v1/charges")
            #expect(none.status == 401)
            #expect(try none.json["error"]?["message"]?.stringValue?.hasPrefix("You did not provide an API key.") == true)
            #expect(none.header("Request-Id")?.hasPrefix("req_") == true)

            let wrong = try await rawRequest(emulator.baseURL + "/v1/charges", headers: [basicAuth("sk_test_wrongwrongAso0")])
            #expect(wrong.status == 401)
            #expect(try wrong.json["error"]?["message"]?.stringValue == "Invalid API Key provided: sk_test_****Aso0")
            #expect(try wrong.json["error"]?["type"]?.stringValue == "invalid_request_error")

            let basic = try await rawRequest(emulator.baseURL + "/v1/charges", headers: [basicAuth(emulator.secretKey)])
            #expect(basic.status == 200)
        }
    }

    @Test("403 for a restricted key, naming the missing permission")
    func permission() async throws {
        try await withEmulator { emulator in
            let allowed = try await get(emulator, "/v1/charges", key: emulator.restrictedKey)
            #expect(allowed.status == 200)
            let denied = try await get(emulator, "/v1/subscriptions", key: emulator.restrictedKey)
            #expect(denied.status == 403)
            let message = try denied.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.hasPrefix("The provided key 'rk_test_***' does not have the required permissions for this endpoint on account 'acct_"))
            #expect(message.hasSuffix("Having the 'rak_subscription_read' permission would allow this request to continue."))
            #expect(!message.contains(emulator.restrictedKey))
        }
    }

    @Test("404 for a missing object, an unknown URL and the removed bitcoin receivers")
    func notFound() async throws {
        try await withEmulator { emulator in
            let missing = try await get(emulator, "/v1/customers/cus_nope")
            #expect(missing.status == 404)
            #expect(try missing.json["error"]?["code"]?.stringValue == "resource_missing")
            #expect(try missing.json["error"]?["message"]?.stringValue == "No such customer: 'cus_nope'")
            let bitcoin = try await get(emulator, "/v1/bitcoin/receivers")
            #expect(bitcoin.status == 404)
            #expect(try bitcoin.json["error"]?["message"]?.stringValue?.hasPrefix("Unrecognized request URL (GET: /v1/bitcoin/receivers)") == true)
        }
    }

    @Test("429 with Stripe's body once a burst exceeds the rate")
    func rateLimit() async throws {
        try await withEmulator({ $0.requestsPerSecond = 5; $0.burst = 5 }) { emulator in
            // A burst of 20 at once: the bucket holds 5, so most are refused.
            let responses = try await withThrowingTaskGroup(of: RawResponse.self) { group in
                for _ in 0..<20 { group.addTask { try await get(emulator, "/v1/customers?limit=1") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = responses.map(\.status)
            let limited = responses.first { $0.status == 429 }
            #expect(statuses.filter { $0 == 200 }.count >= 5)
            #expect(statuses.contains(429))
            let error = try #require(try limited?.json["error"])
            #expect(error["code"]?.stringValue == "rate_limit")
            #expect(error["type"]?.stringValue == "invalid_request_error")
            #expect(error["message"]?.stringValue?.hasPrefix("Request rate limit exceeded.") == true)
            let stats = try await rawRequest(emulator.baseURL + "/_emulator/stats").json
            #expect(stats["by_status"]?["429"]?.intValue == Int64(statuses.filter { $0 == 429 }.count))
        }
    }

    @Test("faults are injected at the configured rate, deterministically under the seed")
    func faults() async throws {
        func run() async throws -> [Int] {
            try await withEmulator({ $0.failRate = 0.3; $0.seed = 11 }) { emulator in
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(try await get(emulator, "/v1/customers?limit=1").status) }
                return statuses
            }
        }
        let first = try await run()
        #expect(first.contains(500) && first.contains(200))
        #expect(try await run() == first)
    }

    @Test("dropped connections break the response mid-body")
    func drops() async throws {
        try await withEmulator({ $0.dropRate = 1 }) { emulator in
            await #expect(throws: (any Error).self) {
                _ = try await get(emulator, "/v1/customers?limit=100")
            }
        }
    }

    @Test("Stripe-Account selects a connected account; an unknown one is refused")
    func connect() async throws {
        try await withEmulator { emulator in
            let accounts = try await pageAll(emulator, "/v1/accounts")
            #expect(accounts == emulator.emulator.connectedAccountIDs.reversed() || Set(accounts) == Set(emulator.emulator.connectedAccountIDs))
            let platform = try await pageAll(emulator, "/v1/customers")
            let connected = try await pageAll(emulator, "/v1/customers", headers: [("Stripe-Account", accounts[0])])
            #expect(!connected.isEmpty)
            #expect(Set(platform).isDisjoint(with: connected))
            let unknown = try await get(emulator, "/v1/customers", headers: [("Stripe-Account", "acct_unknown")])
            #expect(unknown.status == 403)
        }
    }
}
