import TributaryCatalog

extension StripeClient {
    /// The pages of the list at `path`, newest first.
    ///
    /// ```swift
    /// let range = CreatedRange(gte: 1_700_000_000, lt: 1_700_086_400)
    /// for try await page in stripe.list("/v1/invoices", query: range.queryItems + [("expand[]", "data.customer")]) { … }
    /// ```
    ///
    /// - Parameters:
    ///   - path: the list's path, e.g. `/v1/customers` or `/v1/charges/ch_1/refunds`.
    ///   - query: filters (`created[gte]`, `status`, `expand[]`, …), sent with every page. A
    ///     `starting_after` here resumes after that id; `limit` is replaced by `pageSize`; `ending_before`
    ///     (backward paging) is refused.
    ///   - account: a connected account (`acct_…`) to read on behalf of.
    ///   - pageSize: objects per request, 1…100; larger pages mean fewer requests against the rate limit.
    public func list(
        _ path: String,
        query: [(String, String)] = [],
        account: String? = nil,
        pageSize: Int = 100
    ) -> StripeListPages {
        let startingAfter = query.last { $0.0 == "starting_after" }?.1
        var invalid: StripeError?
        if query.contains(where: { $0.0 == "ending_before" }) {
            invalid = StripeError(code: .invalidRequest, message: "the pager pages forward; ending_before is not supported",
                                  param: "ending_before", request: "GET \(path)")
        } else if !(1...100).contains(pageSize) {
            invalid = StripeError(code: .invalidRequest, message: "pageSize must be 1…100, got \(pageSize)",
                                  param: "limit", request: "GET \(path)")
        }
        return StripeListPages(
            client: self,
            path: path,
            query: query.filter { $0.0 != "limit" && $0.0 != "starting_after" },
            account: account,
            pageSize: pageSize,
            startingAfter: startingAfter,
            embedded: nil,
            invalid: invalid
        )
    }

    /// The whole of a list embedded in a parent object: first the objects the parent carried, then the rest
    /// fetched from the embedded list's `url`, continuing after the last embedded id.
    ///
    /// Stripe truncates nested lists (`invoice.lines`, `subscription.items`, `charge.refunds`, …) to about
    /// ten entries; pass such a value, `{"object":"list","data":[…],"has_more":true,"url":"/v1/invoices/in_1/lines"}`.
    /// The embedded page comes back with a `nil` ``StripeListPage/requestId``.
    ///
    /// - Parameters:
    ///   - embedded: the nested list value.
    ///   - query: extra items sent with every fetched page, such as `expand[]`.
    ///   - account: the connected account the parent was read from, if any.
    ///   - pageSize: objects per fetched page, 1…100.
    public func continueList(
        embedded: JSONValue,
        query: [(String, String)] = [],
        account: String? = nil,
        pageSize: Int = 100
    ) -> StripeListPages {
        let url = embedded["url"]?.stringValue
        var invalid: StripeError?
        if embedded["has_more"]?.boolValue == true, url == nil {
            invalid = StripeError(code: .unexpectedResponse, message: "embedded list has more objects but no url")
        }
        let pages = list(url ?? "", query: query, account: account, pageSize: pageSize)
        return StripeListPages(
            client: self,
            path: pages.path,
            query: pages.query,
            account: account,
            pageSize: pageSize,
            startingAfter: nil,
            embedded: embedded,
            invalid: invalid ?? pages.invalid
        )
    }
}
