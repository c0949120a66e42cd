/// An error from talking to Stripe: a stable ``Code`` plus whatever context Stripe sent back.
///
/// `description` is built only from Stripe's own message (which masks keys as `sk_test_****Aso0`) and
/// request metadata; the client scrubs its key out of any server text before it gets here.
///
/// Match on the code with `catch let error as StripeError where error.code == .notFound`, or with the
/// pattern form `catch StripeError.Code.notFound`.
public struct StripeError: Error, Sendable {
    /// The kind of failure, stable across Stripe's wording changes and safe to use as a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case authentication, permission, notFound, invalidRequest, conflict, rateLimited, apiError
            case unexpectedResponse, decoding, transport, timeout, invalidConfiguration
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// 401: the key is missing, malformed, expired or revoked.
        public static let authentication = Code(.authentication)
        /// 403: a restricted key lacks a permission; see ``StripeError/missingPermission``.
        public static let permission = Code(.permission)
        /// 404: the object or the URL does not exist (e.g. removed endpoints such as `bitcoin_receivers`).
        public static let notFound = Code(.notFound)
        /// 400 or another 4xx: bad or conflicting parameters (see ``StripeError/param``), or a request the
        /// client refused to send.
        public static let invalidRequest = Code(.invalidRequest)
        /// 409: a conflicting concurrent request; retried before it surfaces.
        public static let conflict = Code(.conflict)
        /// 429: rate limited (or lock contention) even after backing off and retrying.
        public static let rateLimited = Code(.rateLimited)
        /// 5xx: Stripe failed; retried before it surfaces.
        public static let apiError = Code(.apiError)
        /// A response that is not what Stripe sends: an unexpected status, a list without `data`, an empty
        /// page that claims more, a cursor that does not advance, or a body over the size limit.
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// A body that is not valid JSON.
        public static let decoding = Code(.decoding)
        /// The connection failed or broke (refused, reset, TLS, DNS, client already shut down).
        public static let transport = Code(.transport)
        /// No response within ``StripeClient/Configuration/requestTimeout``.
        public static let timeout = Code(.timeout)
        /// The client's configuration cannot work (bad base URL, non-positive rate, …).
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// The code's name, e.g. `notFound`.
        public var description: String { base.rawValue }

        /// Lets `catch StripeError.Code.notFound { … }` match a thrown ``StripeError``.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? StripeError)?.code == code
        }
    }

    /// What went wrong, in a stable form.
    public var code: Code
    /// Stripe's human-readable message, or the client's own when Stripe sent none.
    public var message: String
    /// Stripe's error `type`, e.g. `invalid_request_error` or `api_error`.
    public var type: String?
    /// Stripe's machine-readable error `code`, e.g. `resource_missing` or `rate_limit`.
    public var stripeCode: String?
    /// The request parameter Stripe blamed, e.g. `starting_after`.
    public var param: String?
    /// Stripe's link to documentation about the error.
    public var docURL: String?
    /// The value of the `Request-Id` response header, for Stripe support.
    public var requestId: String?
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// For ``Code/permission``: the permission a restricted key needs, e.g. `rak_subscription_read`.
    public var missingPermission: String?
    /// The request as `GET /v1/customers` (path only: no query, no headers).
    public var request: String?
    /// The error that caused this one (a NIO or AsyncHTTPClient error for transport failures).
    public var underlying: (any Error)?

    /// Creates an error; the client fills in the context it has.
    public init(
        code: Code,
        message: String,
        type: String? = nil,
        stripeCode: String? = nil,
        param: String? = nil,
        docURL: String? = nil,
        requestId: String? = nil,
        httpStatus: Int? = nil,
        missingPermission: String? = nil,
        request: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.type = type
        self.stripeCode = stripeCode
        self.param = param
        self.docURL = docURL
        self.requestId = requestId
        self.httpStatus = httpStatus
        self.missingPermission = missingPermission
        self.request = request
        self.underlying = underlying
    }
}

extension StripeError: CustomStringConvertible, CustomDebugStringConvertible {
    /// `StripeError.notFound (HTTP 404, GET /v1/customers/cus_x, request req_1): No such customer: 'cus_x'`.
    public var description: String {
        var context: [String] = []
        if let httpStatus { context.append("HTTP \(httpStatus)") }
        if let request { context.append(request) }
        if let requestId { context.append("request \(requestId)") }
        if let stripeCode { context.append("code \(stripeCode)") }
        if let param { context.append("param \(param)") }
        if let missingPermission { context.append("needs \(missingPermission)") }
        let head = context.isEmpty ? "StripeError.\(code)" : "StripeError.\(code) (\(context.joined(separator: ", ")))"
        return "\(head): \(message)"
    }

    /// The description plus the underlying error, if any.
    public var debugDescription: String {
        guard let underlying else { return description }
        return "\(description) [underlying: \(String(reflecting: underlying))]"
    }

    /// The code alone: few distinct values and no ids, so it can label a metric or a log line.
    public var shortDescription: String { code.description }
}
