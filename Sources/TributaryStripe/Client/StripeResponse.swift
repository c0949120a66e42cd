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
