import TributaryCatalog

/// The paging state of one run of a pager: where to continue and which ids were just seen.
///
/// Why remembering only the previous page's ids is enough to never yield an object twice: forward paging
/// walks one fixed order (newest first, ties broken by id) with a cursor that only moves forward, and
/// objects created meanwhile sort *before* the cursor, so they never reach later pages. A repeat can only
/// come from an object near the cursor, when objects created in the same second are ordered differently
/// from one response to the next; such an object reappears on the page right after the one that held it.
/// So memory stays at one page of ids (at most 100) however long the list is.
///
/// Skipping is prevented by always continuing after the last object Stripe *sent*, even when that object
/// was a repeat and is not yielded again.
struct ListCursor: Sendable {
    /// The `starting_after` for the next request; `nil` to start from the newest object.
    private(set) var startingAfter: String?
    /// Whether the last page had `has_more: false`.
    private(set) var isFinished = false
    private var previousIDs: Set<String> = []

    init(startingAfter: String? = nil) {
        self.startingAfter = startingAfter
    }

    /// Takes a fetched page: drops objects already yielded, moves the cursor to the page's last object and
    /// notes whether more pages follow.
    ///
    /// - Throws: ``StripeError/Code/unexpectedResponse`` for an empty page that claims more, a last object
    ///   without an id to continue from, or a cursor that would not move (each would loop forever).
    mutating func accept(_ page: StripeListPage, request: String?) throws -> StripeListPage {
        func fail(_ message: String) -> StripeError {
            StripeError(code: .unexpectedResponse, message: message, requestId: page.requestId, request: request)
        }
        guard let last = page.objects.last else {
            if page.hasMore { throw fail("empty page with has_more: true") }
            isFinished = true
            return page
        }
        let nextCursor = last["id"]?.stringValue
        if page.hasMore {
            guard let nextCursor else { throw fail("the last object of the page has no id to continue after") }
            guard nextCursor != startingAfter else { throw fail("the page ends at the cursor it started after") }
        }

        var seen: Set<String> = []
        var fresh = page
        fresh.objects = page.objects.filter { object in
            // Objects without an id cannot be told apart, so they are passed through.
            guard let id = object["id"]?.stringValue else { return true }
            return !previousIDs.contains(id) && seen.insert(id).inserted
        }
        previousIDs = Set(page.objects.compactMap { $0["id"]?.stringValue })
        startingAfter = nextCursor
        isFinished = !page.hasMore
        return fresh
    }
}
