import Testing
@testable import TributaryStripe

@Suite struct StripeAPIKeyTests {
    static let secret = "sk_test_51HxYzAbCdEfGhIjKlMnOpAso0"

    @Test func redactsLikeStripe() {
        #expect(StripeAPIKey(Self.secret).redacted == "sk_test_****Aso0")
        #expect(StripeAPIKey("rk_live_0123456789abcdefWXYZ").redacted == "rk_live_****WXYZ")
    }

    @Test func shortKeysShowNoTail() {
        #expect(StripeAPIKey("sk_test_abc123").redacted == "sk_test_****")
        #expect(StripeAPIKey("hunter2").redacted == "****")
    }

    @Test func unknownFormatsKeepOnlyTheTail() {
        #expect(StripeAPIKey("emulator-key-0123456789").redacted == "****6789")
    }

    @Test func everyTextualFormIsRedacted() {
        let key = StripeAPIKey(Self.secret)
        var dumped = ""
        dump(key, to: &dumped)
        let forms = [
            String(describing: key), String(reflecting: key), "\(key)", dumped,
            String(describing: Mirror(reflecting: key).children.map { "\($0.label ?? ""): \($0.value)" }),
        ]
        for form in forms {
            #expect(!form.contains(Self.secret), "leaked in \(form)")
            #expect(form.contains("sk_test_****Aso0"), "no redacted form in \(form)")
        }
    }

    @Test func configurationPrintsOnlyTheRedactedKey() {
        let configuration = StripeClient.Configuration(apiKey: StripeAPIKey(Self.secret))
        var dumped = ""
        dump(configuration, to: &dumped)
        for form in [String(describing: configuration), String(reflecting: configuration), dumped] {
            #expect(!form.contains(Self.secret), "leaked in \(form)")
            #expect(!form.contains("51HxYz"))
        }
    }

    @Test(arguments: [
        ("sk_live_abc", StripeAPIKey.Mode.live), ("rk_live_abc", .live),
        ("sk_test_abc", .test), ("rk_test_abc", .test), ("something_else", .test), ("", .test),
    ])
    func detectsMode(secret: String, mode: StripeAPIKey.Mode) {
        #expect(StripeAPIKey(secret).mode == mode)
    }

    @Test func trimsWhitespaceFromKeyFiles() {
        #expect(StripeAPIKey("  sk_live_abc\n").secret == "sk_live_abc")
        #expect(StripeAPIKey("  sk_live_abc\n").mode == .live)
    }

    @Test func defaultRateIsNinetyPercentOfTheModeLimit() {
        #expect(StripeClient.Configuration(apiKey: StripeAPIKey("sk_live_x")).effectiveRequestsPerSecond == 90)
        #expect(StripeClient.Configuration(apiKey: StripeAPIKey("rk_live_x")).effectiveRequestsPerSecond == 90)
        #expect(StripeClient.Configuration(apiKey: StripeAPIKey("sk_test_x")).effectiveRequestsPerSecond == 22.5)
        let explicit = StripeClient.Configuration(apiKey: StripeAPIKey("sk_live_x"), requestsPerSecond: 5)
        #expect(explicit.effectiveRequestsPerSecond == 5)
    }

    @Test func pinsTheCatalogsAPIVersion() {
        #expect(StripeClient.Configuration.pinnedAPIVersion == "2020-08-27")
        #expect(StripeClient.Configuration(apiKey: StripeAPIKey("sk_test_x")).apiVersion == "2020-08-27")
    }
}
