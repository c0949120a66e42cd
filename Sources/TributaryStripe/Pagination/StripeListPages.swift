import TributaryCatalog

/// The pages of a Stripe list, fetched lazily with forward paging (`starting_after` = the last id) while
/// `has_more` is true.
///
/// Each iteration is one run: it starts from the beginning (or the `starting_after` given in the query),
/// never yields an object twice, and never yields an empty page. Create one with
/// ``StripeClient/list(_:query:account:pageSize:)`` or ``StripeClient/continueList(embedded:query:account:pageSize:)``.
public struct StripeListPages: AsyncSequence, Sendable {
    public typealias Element = StripeListPage

    let client: StripeClient
    let path: String
    /// The caller's query, without `limit` and `starting_after` (the pager owns those).
    let query: [(String, String)]
    let account: String?
    let pageSize: Int
    let startingAfter: String?
    /// A list embedded in a parent object, yielded before anything is fetched.
    let embedded: JSONValue?
    /// A mistake found when the sequence was made, reported by the first `next()`.
    let invalid: StripeError?

    /// Starts a run.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: self)
    }

    /// Fetches pages one at a time as they are asked for.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        private let pages: StripeListPages
        private var cursor: ListCursor
        private var pendingEmbedded: JSONValue?

        init(pages: StripeListPages) {
            self.pages = pages
            cursor = ListCursor(startingAfter: pages.startingAfter)
            pendingEmbedded = pages.embedded
        }

        /// The next non-empty page, or `nil` after the last one.
        public mutating func next() async throws -> StripeListPage? {
            try await advance()
        }

        /// The next non-empty page, or `nil` after the last one.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(any Error) -> StripeListPage? {
            try await advance()
        }

        private mutating func advance() async throws -> StripeListPage? {
            if let invalid = pages.invalid { throw invalid }
            if let embedded = pendingEmbedded {
                pendingEmbedded = nil
                let page = try StripeListPage(list: embedded, requestId: nil, request: nil)
                // An embedded list that holds nothing yet claims more is simply paged from its start.
                if !page.objects.isEmpty || !page.hasMore {
                    let fresh = try cursor.accept(page, request: nil)
                    if !fresh.objects.isEmpty { return fresh }
                }
            }
            while !cursor.isFinished {
                var query = pages.query
                query.append(("limit", String(pages.pageSize)))
                if let after = cursor.startingAfter { query.append(("starting_after", after)) }
                let response = try await pages.client.get(pages.path, query: query, account: pages.account)
                let label = "GET \(RequestTarget(baseURL: "", path: pages.path, query: []).path)"
                let page = try StripeListPage(list: response.body, requestId: response.requestId, request: label)
                let fresh = try cursor.accept(page, request: label)
                // A page made only of repeats is skipped rather than yielded empty.
                if !fresh.objects.isEmpty { return fresh }
            }
            return nil
        }
    }
}
