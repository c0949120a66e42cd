import Foundation
import Testing
@testable import TributaryStripe

@Suite struct StripeErrorTests {
    private func error(_ status: Int, _ json: String, requestId: String? = "req_123") -> StripeError {
        StripeError(httpStatus: status, body: Data(json.utf8), requestId: requestId, request: "GET /v1/customers/cus_x")
    }

    @Test func decodesStripesErrorBody() {
        let e = error(404, #"""
            {"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: 'cus_x'",
            "param":"id","doc_url":"https://stripe.com/docs/error-codes/resource-missing"}}
            """#)
        #expect(e.code == .notFound)
        #expect(e.message == "No such customer: 'cus_x'")
        #expect(e.type == "invalid_request_error")
        #expect(e.stripeCode == "resource_missing")
        #expect(e.param == "id")
        #expect(e.docURL == "https://stripe.com/docs/error-codes/resource-missing")
        #expect(e.requestId == "req_123")
        #expect(e.httpStatus == 404)
        #expect(e.missingPermission == nil)
        #expect(e.description == "StripeError.notFound (HTTP 404, GET /v1/customers/cus_x, request req_123, "
            + "code resource_missing, param id): No such customer: 'cus_x'")
    }

    @Test func parsesMissingPermissionFrom403() {
        let message = "The provided key 'rk_test_***' does not have the required permissions for this endpoint on "
            + "account 'acct_1Abc'. Having the 'rak_subscription_read' permission would allow this request to continue."
        let e = error(403, #"{"error":{"type":"invalid_request_error","message":"\#(message)"}}"#)
        #expect(e.code == .permission)
        #expect(e.missingPermission == "rak_subscription_read")
        #expect(e.description.contains("needs rak_subscription_read"))
    }

    @Test(arguments: [
        ("Having the 'rak_charge_read' permission would allow this request to continue.", "rak_charge_read"),
        ("You don't have access. Having the 'rak_invoice_read' permission would help.", "rak_invoice_read"),
        ("The provided key 'rk_test_***' does not have the required permissions.", nil),
        ("no quotes at all", nil),
    ] as [(String, String?)])
    func missingPermissionParsing(message: String, expected: String?) {
        #expect(StripeError.missingPermission(in: message) == expected)
    }

    @Test(arguments: [
        (400, StripeError.Code.invalidRequest), (401, .authentication), (402, .invalidRequest), (403, .permission),
        (404, .notFound), (409, .conflict), (429, .rateLimited), (500, .apiError), (503, .apiError),
        (302, .unexpectedResponse),
    ])
    func mapsStatusToCode(status: Int, code: StripeError.Code) {
        #expect(StripeError.code(forHTTPStatus: status) == code)
    }

    @Test func keepsAnExcerptOfNonJSONBodies() {
        let e = error(502, "<html>\n<body>Bad Gateway</body></html>")
        #expect(e.code == .apiError)
        #expect(e.message == "HTTP 502: <html> <body>Bad Gateway</body></html>")
        #expect(error(503, "").message == "HTTP 503 with an empty body")
    }

    @Test func stripesMaskedKeyIsKeptButTheRealOneIsScrubbed() {
        let key = StripeAPIKey("sk_test_51HxYzAbCdEfGhIjKlMnOpAso0")
        let masked = error(401, #"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****Aso0"}}"#)
            .redacting(key)
        #expect(masked.code == .authentication)
        #expect(masked.message == "Invalid API Key provided: sk_test_****Aso0")

        let echoed = error(400, #"{"error":{"message":"bad header Bearer \#(key.secret)","param":"\#(key.secret)"}}"#)
            .redacting(key)
        for text in [echoed.description, String(reflecting: echoed), echoed.message, echoed.param ?? ""] {
            #expect(!text.contains(key.secret))
        }
        #expect(echoed.message == "bad header Bearer sk_test_****Aso0")
    }

    @Test func codesMatchInCatchClauses() {
        do {
            throw error(429, #"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Request rate limit exceeded."}}"#)
        } catch StripeError.Code.rateLimited {
            // Expected path.
        } catch {
            Issue.record("wrong error \(error)")
        }
        #expect(!(StripeError.Code.notFound ~= CancellationError()))
        #expect(StripeError.Code.rateLimited.description == "rateLimited")
    }
}
