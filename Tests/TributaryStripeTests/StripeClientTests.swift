import Testing
import TributaryCatalog
@testable import TributaryStripe

/// Client behaviour that needs no server: configuration checks, connection failures, local refusals and
/// embedded lists that are already complete.
@Suite struct StripeClientTests {
    static let secret = "sk_test_51HxYzAbCdEfGhIjKlMnOpAso0"

    /// Nothing listens on port 1 (binding it needs root), so connections are refused. AsyncHTTPClient keeps
    /// retrying a refused connection until the attempt's deadline, hence the short request timeout.
    static func unreachable(maxRetries: Int = 2) -> StripeClient.Configuration {
        StripeClient.Configuration(
            apiKey: StripeAPIKey(secret), baseURL: "http://127.0.0.1:1", requestsPerSecond: 1000,
            maxRetries: maxRetries, retryBaseDelay: .milliseconds(1), retryMaxDelay: .milliseconds(5),
            requestTimeout: .milliseconds(300)
        )
    }

    @Test(arguments: ["ftp://example.com", "not a url", "https://api.stripe.com?x=1", "http://", ""])
    func rejectsBadBaseURLs(baseURL: String) {
        let configuration = StripeClient.Configuration(apiKey: StripeAPIKey("sk_test_x"), baseURL: baseURL)
        #expect(throws: StripeError.self) { _ = try StripeClient(configuration: configuration) }
    }

    @Test func rejectsNonPositiveRates() {
        let configuration = StripeClient.Configuration(apiKey: StripeAPIKey("sk_test_x"), requestsPerSecond: 0)
        #expect(throws: StripeError.self) { _ = try StripeClient(configuration: configuration) }
    }

    @Test func acceptsAnEmulatorAddress() async throws {
        var configuration = Self.unreachable()
        configuration.baseURL = "http://127.0.0.1:12111/"
        let baseURL = try await withStripeClient(configuration: configuration) { $0.baseURL }
        #expect(baseURL == "http://127.0.0.1:12111")
    }

    @Test func retriesRefusedConnectionsThenFailsWithTransport() async throws {
        try await withStripeClient(configuration: Self.unreachable(maxRetries: 2)) { stripe in
            let error = await #expect(throws: StripeError.self) {
                try await stripe.get("/v1/customers", query: [("limit", "1")])
            }
            #expect(error?.code == .transport)
            #expect(error?.request == "GET /v1/customers")
            for text in [error?.description ?? "", String(reflecting: error as Any)] {
                #expect(!text.contains(Self.secret))
            }
            let metrics = await stripe.metrics()
            #expect(metrics.requests == 3)
            #expect(metrics.retries == 2)
            #expect(metrics.transportErrors == 3)
            #expect(metrics.failures == 1)
            #expect(metrics.rateLimited == 0)
            #expect(metrics.currentRate == 1000)
        }
    }

    @Test func refusesMalformedConnectAccountsWithoutSending() async throws {
        try await withStripeClient(configuration: Self.unreachable()) { stripe in
            let error = await #expect(throws: StripeError.self) {
                try await stripe.get("/v1/customers", account: "acct_1\r\nX-Evil: 1")
            }
            #expect(error?.code == .invalidRequest)
            #expect(await stripe.metrics().requests == 0)
        }
    }

    @Test func aShutDownClientFailsWithoutRetrying() async throws {
        let stripe = try await withStripeClient(configuration: Self.unreachable(maxRetries: 5)) { $0 }
        let error = await #expect(throws: StripeError.self) { try await stripe.get("/v1/customers") }
        #expect(error?.code == .transport)
        #expect(await stripe.metrics().requests == 1)
    }

    @Test func cancellationStopsRetrying() async throws {
        var configuration = Self.unreachable(maxRetries: 8)
        // Without cancellation the first retry alone would wait a minute.
        configuration.retryBaseDelay = .seconds(60)
        configuration.retryMaxDelay = .seconds(60)
        try await withStripeClient(configuration: configuration) { stripe in
            let request = Task { try await stripe.get("/v1/customers") }
            while await stripe.metrics().requests == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let cancelledAt = ContinuousClock.now
            request.cancel()
            await #expect(throws: CancellationError.self) { try await request.value }
            #expect(ContinuousClock.now - cancelledAt < .seconds(30))
        }
    }

    @Test func listRefusesBadArgumentsBeforeSending() async throws {
        try await withStripeClient(configuration: Self.unreachable()) { stripe in
            let tooBig = await #expect(throws: StripeError.self) {
                for try await _ in stripe.list("/v1/customers", pageSize: 101) {}
            }
            #expect(tooBig?.param == "limit")
            let backwards = await #expect(throws: StripeError.self) {
                for try await _ in stripe.list("/v1/customers", query: [("ending_before", "cus_1")]) {}
            }
            #expect(backwards?.param == "ending_before")
            #expect(await stripe.metrics().requests == 0)
        }
    }

    @Test func completeEmbeddedListsNeedNoRequest() async throws {
        let embedded: JSONValue = .object([
            ("object", .string("list")), ("has_more", .bool(false)), ("url", .string("/v1/invoices/in_1/lines")),
            ("data", .array(["il_1", "il_2", "il_1"].map { .object([("id", .string($0))]) })),
        ])
        try await withStripeClient(configuration: Self.unreachable()) { stripe in
            var ids: [String] = []
            var pages = 0
            for try await page in stripe.continueList(embedded: embedded) {
                pages += 1
                #expect(page.requestId == nil)
                ids += page.objects.compactMap { $0["id"]?.stringValue }
            }
            #expect(pages == 1)
            #expect(ids == ["il_1", "il_2"])
            #expect(await stripe.metrics().requests == 0)
        }
    }

    @Test func embeddedListsThatClaimMoreNeedAURL() async throws {
        let embedded: JSONValue = .object([
            ("object", .string("list")), ("has_more", .bool(true)), ("data", .array([.object([("id", .string("il_1"))])])),
        ])
        try await withStripeClient(configuration: Self.unreachable()) { stripe in
            let error = await #expect(throws: StripeError.self) {
                for try await _ in stripe.continueList(embedded: embedded) {}
            }
            #expect(error?.code == .unexpectedResponse)
        }
    }
}
