import Testing
@testable import TributaryStripe

@Suite struct QueryEncodingTests {
    @Test func encodesBracketedKeys() {
        let query = StripeQueryEncoding.encode([
            ("expand[]", "data.customer"), ("expand[]", "data.invoice.subscription"),
            ("created[gte]", "1700000000"), ("created[lt]", "1700086400"),
        ])
        #expect(query == "expand%5B%5D=data.customer&expand%5B%5D=data.invoice.subscription"
            + "&created%5Bgte%5D=1700000000&created%5Blt%5D=1700086400")
    }

    @Test func encodesReservedCharactersSpacesAndUnicode() {
        #expect(StripeQueryEncoding.percentEncode("a b+c&d=e/f?g#h%") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25")
        #expect(StripeQueryEncoding.percentEncode("müller@example.com") == "m%C3%BCller%40example.com")
        #expect(StripeQueryEncoding.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(StripeQueryEncoding.encode([]) == "")
        #expect(StripeQueryEncoding.encode([("email", "")]) == "email=")
    }

    @Test func buildsURLsFromPathsAndQueries() {
        let plain = RequestTarget(baseURL: "http://127.0.0.1:8080", path: "/v1/customers", query: [("limit", "100")])
        #expect(plain.url == "http://127.0.0.1:8080/v1/customers?limit=100")
        #expect(plain.path == "/v1/customers")

        let bare = RequestTarget(baseURL: "https://api.stripe.com", path: "v1/charges/ch_1/refunds", query: [])
        #expect(bare.url == "https://api.stripe.com/v1/charges/ch_1/refunds")
    }

    @Test func keepsTheQueryOfEmbeddedListURLs() {
        let target = RequestTarget(baseURL: "https://api.stripe.com", path: "/v1/subscription_items?subscription=sub_1",
                                   query: [("limit", "100"), ("starting_after", "si_9")])
        #expect(target.url == "https://api.stripe.com/v1/subscription_items?subscription=sub_1&limit=100&starting_after=si_9")
        #expect(target.path == "/v1/subscription_items")
    }

    @Test func encodesUnsafePathBytes() {
        let target = RequestTarget(baseURL: "https://x", path: "/v1/customers/cus 1\n", query: [])
        #expect(target.path == "/v1/customers/cus%201%0A")
        #expect(RequestTarget(baseURL: "https://x", path: "/v1/a%2Fb", query: []).path == "/v1/a%2Fb")
    }

    @Test func createdRangeIsHalfOpen() {
        let range = CreatedRange(100..<200)
        #expect(range.queryItems.map { "\($0.0)=\($0.1)" } == ["created[gte]=100", "created[lt]=200"])
        #expect(range.contains(100) && range.contains(199))
        #expect(!range.contains(200) && !range.contains(99))
        #expect(CreatedRange(gte: 5).queryItems.count == 1)
        #expect(CreatedRange().queryItems.isEmpty)
        #expect(CreatedRange().contains(.min))
        #expect(CreatedRange(gte: 10, lt: 10).isEmpty)
        #expect(!CreatedRange(lt: 10).isEmpty)
    }
}
