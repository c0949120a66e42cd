import Foundation
import NIOHTTP1
import TributaryCatalog

/// A successful Stripe response.
public struct StripeResponse: Sendable {
    /// The HTTP status (2xx).
    public var status: Int
    /// The `Request-Id` header, which Stripe support asks for.
    public var requestId: String?
    /// The decoded JSON body.
    public var body: JSONValue
    /// All response headers.
    public var headers: HTTPHeaders
    /// How many attempts it took (1 when the first attempt succeeded).
    public var attempts: Int

    /// A response; the client builds these, tests and emulator harnesses may too.
    public init(status: Int, requestId: String?, body: JSONValue, headers: HTTPHeaders = [:], attempts: Int = 1) {
        self.status = status
        self.requestId = requestId
        self.body = body
        self.headers = headers
        self.attempts = attempts
    }
}

/// A successful Stripe response whose body is not decoded yet (``StripeClient/getRaw(_:query:account:)``).
public struct StripeRawResponse: Sendable {
    /// The HTTP status (2xx).
    public var status: Int
    /// The `Request-Id` header.
    public var requestId: String?
    /// The body as received.
    public var body: Data
    /// All response headers.
    public var headers: HTTPHeaders
    /// How many attempts it took.
    public var attempts: Int
    /// `GET /v1/…`, for error messages.
    var request: String

    /// The response with its body decoded.
    ///
    /// - Throws: ``StripeError`` with code ``StripeError/Code/decoding`` when the body is not JSON.
    public func decoded() throws(StripeError) -> StripeResponse {
        do {
            return StripeResponse(status: status, requestId: requestId, body: try JSONValue(parsing: body), headers: headers,
                                  attempts: attempts)
        } catch {
            throw StripeError(code: .decoding, message: "response body is not valid JSON (\(body.count) bytes)",
                              requestId: requestId, httpStatus: status, request: request, underlying: error)
        }
    }
}
