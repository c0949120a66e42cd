import TributaryCatalog

/// One page of a Stripe list: `{"object":"list","data":[…],"has_more":…,"url":…}`.
public struct StripeListPage: Sendable {
    /// The page's objects, newest first, without any already yielded by the same pager.
    public var objects: [JSONValue]
    /// Whether Stripe has more objects after this page.
    public var hasMore: Bool
    /// The list's URL as Stripe reports it, e.g. `/v1/customers` or `/v1/invoices/in_1/lines`.
    public var url: String?
    /// The `Request-Id` of the response that carried the page; `nil` for a list embedded in a parent.
    public var requestId: String?

    /// A page; the pager builds these, tests may too.
    public init(objects: [JSONValue], hasMore: Bool, url: String?, requestId: String?) {
        self.objects = objects
        self.hasMore = hasMore
        self.url = url
        self.requestId = requestId
    }

    /// Reads a list object (a response body, or a list embedded in a parent object).
    ///
    /// - Throws: ``StripeError/Code/unexpectedResponse`` when `data` is not an array or `has_more` is not a
    ///   boolean: paging on a guess could silently stop early or never stop.
    init(list: JSONValue, requestId: String?, request: String?) throws {
        guard let data = list["data"]?.arrayValue, let hasMore = list["has_more"]?.boolValue else {
            throw StripeError(code: .unexpectedResponse, message: "expected a list object with data and has_more",
                              requestId: requestId, request: request)
        }
        self.init(objects: data, hasMore: hasMore, url: list["url"]?.stringValue, requestId: requestId)
    }
}
