import Foundation
import Testing
import TributaryCatalog
import TributaryStripe
import TributaryTesting

/// The client against the Stripe emulator: a real HTTP server with Stripe's behaviour and faults.
@Suite("Client against the emulator")
struct EmulatorClientTests {
    func client(_ emulator: RunningEmulator, key: String? = nil, rate: Double = 1000) throws -> StripeClient {
        try StripeClient(configuration: .init(
            apiKey: StripeAPIKey(key ?? emulator.secretKey), baseURL: emulator.baseURL,
            requestsPerSecond: rate, retryBaseDelay: .milliseconds(20), retryMaxDelay: .milliseconds(200),
            requestTimeout: .seconds(10)))
    }

    func truthIDs(_ emulator: RunningEmulator, _ collection: String) async throws -> [String] {
        let json = try await rawRequest("\(emulator.baseURL)/_emulator/truth?collection=\(collection)").json
        return json["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test("10,000 objects are paged exactly once, newest first")
    func tenThousandExactlyOnce() async throws {
        try await withEmulator({ $0.scale = 60_000 }) { emulator in
            let expected = try await truthIDs(emulator, "balance_transactions")
            #expect(expected.count >= 10_000)
            let stripe = try client(emulator)
            var ids: [String] = []
            for try await page in stripe.list("/v1/balance_transactions") {
                ids += page.objects.compactMap { $0["id"]?.stringValue }
            }
            try await stripe.shutdown()
            #expect(ids == expected)
        }
    }

    @Test("injected 500s and dropped connections are retried until every page arrives")
    func faultsAreRetried() async throws {
        try await withEmulator({ $0.scale = 6000; $0.failRate = 0.15; $0.dropRate = 0.1; $0.seed = 5 }) { emulator in
            let expected = try await truthIDs(emulator, "charges")
            let stripe = try client(emulator)
            var ids: [String] = []
            for try await page in stripe.list("/v1/charges") {
                ids += page.objects.compactMap { $0["id"]?.stringValue }
            }
            let metrics = await stripe.metrics()
            try await stripe.shutdown()
            #expect(ids == expected)
            #expect(metrics.retries > 0)
            #expect(metrics.errorsByStatus[500, default: 0] > 0)
            #expect(metrics.transportErrors > 0)
        }
    }

    @Test("429s are absorbed and the measured rate stays under the limit")
    func rateLimitsAbsorbed() async throws {
        try await withEmulator({ $0.scale = 3000; $0.requestsPerSecond = 20; $0.burst = 5 }) { emulator in
            // The client is told the limit is higher than the emulator's: it must adapt down.
            let stripe = try client(emulator, rate: 40)
            let started = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<10 { _ = try await stripe.get("/v1/customers", query: [("limit", "1")]) }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Date().timeIntervalSince(started)
            let metrics = await stripe.metrics()
            try await stripe.shutdown()
            let served = try await rawRequest("\(emulator.baseURL)/_emulator/stats").json["by_status"]?["200"]?.intValue ?? 0
            #expect(served == 80, "every call succeeded in the end")
            // 80 requests at 20/s (plus a burst of 5) cannot take less than about 3.75 s.
            #expect(seconds >= 3.5)
            #expect(metrics.rateLimited < 40, "the limiter slowed down instead of hammering: \(metrics.rateLimited) 429s")
        }
    }

    @Test("a bad key is an authentication error with Stripe's message, without the key")
    func badKey() async throws {
        try await withEmulator { emulator in
            let stripe = try client(emulator, key: "sk_test_thisIsNotTheKeyAso0")
            let error = await #expect(throws: StripeError.self) { _ = try await stripe.get("/v1/charges") }
            try await stripe.shutdown()
            #expect(error?.code == .authentication)
            #expect(error?.message == "Invalid API Key provided: sk_test_****Aso0")
            #expect(error?.requestId?.hasPrefix("req_") == true)
            #expect(!String(describing: error as Any).contains("thisIsNotTheKey"))
        }
    }

    @Test("a restricted key gets a permission error naming the permission")
    func restrictedKey() async throws {
        try await withEmulator { emulator in
            let stripe = try client(emulator, key: emulator.restrictedKey)
            _ = try await stripe.get("/v1/charges")
            let error = await #expect(throws: StripeError.self) { _ = try await stripe.get("/v1/subscriptions") }
            try await stripe.shutdown()
            #expect(error?.code == .permission)
            #expect(error?.missingPermission == "rak_subscription_read")
        }
    }

    @Test("an embedded list is continued from its url to the end")
    func embeddedContinuation() async throws {
        try await withEmulator({ $0.scale = 6000 }) { emulator in
            let stripe = try client(emulator)
            var checked = 0
            for try await page in stripe.list("/v1/subscriptions", query: [("status", "all")]) {
                for sub in page.objects {
                    guard let items = sub["items"], items["has_more"]?.boolValue == true,
                          let id = sub["id"]?.stringValue else { continue }
                    var all: [String] = []
                    for try await p in stripe.continueList(embedded: items) { all += p.objects.compactMap { $0["id"]?.stringValue } }
                    let listed = try await rawRequest("\(emulator.baseURL)/v1/subscription_items?subscription=\(id)&limit=100",
                                                      headers: [bearerAuth(emulator.secretKey)]).json
                    #expect(all == listed["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
                    checked += 1
                }
                if checked >= 2 { break }
            }
            try await stripe.shutdown()
            #expect(checked >= 1)
        }
    }
}

/// A slow API is only fast in parallel: the client must keep as many requests in flight as its callers
/// ask for, up to its pool, not AsyncHTTPClient's default eight connections.
@Suite struct ClientConcurrencyTests {
    @Test func thirtyConcurrentCallsAreInFlightAtOnce() async throws {
        try await withEmulator({ $0.latencyMilliseconds = 400 }) { emulator in
            var configuration = StripeClient.Configuration(apiKey: StripeAPIKey(emulator.secretKey), baseURL: emulator.baseURL,
                                                           requestsPerSecond: 1000)
            configuration.rateLimitAdaptation = .disabled
            try await withStripeClient(configuration: configuration) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<30 { group.addTask { _ = try await client.get("/v1/charges", query: [("limit", "1")]) } }
                    try await group.waitForAll()
                }
            }
            let stats = try await rawRequest(emulator.baseURL + "/_emulator/stats", headers: [bearerAuth(emulator.secretKey)]).json
            let inFlight = try #require(stats["max_in_flight"]?.intValue)
            #expect(inFlight >= 24, "only \(inFlight) requests were in flight at once")
        }
    }
}
