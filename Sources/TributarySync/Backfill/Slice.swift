/// A half-open range of `created` seconds, `[gte, lt)`, of one collection, paged newest first.
///
/// Half-open ranges put every object in exactly one slice even when many share a second.
public struct Slice: Codable, Sendable, Hashable {
    /// The lowest `created` the slice holds.
    public var gte: Int64
    /// One past the highest `created` the slice holds.
    public var lt: Int64
    /// The last object paged and committed (`starting_after` for the next page), if any.
    public var cursor: String?
    /// That object's `created`: objects still to page have `created` ≤ it.
    public var cursorCreated: Int64?

    /// Creates a slice.
    public init(gte: Int64, lt: Int64, cursor: String? = nil, cursorCreated: Int64? = nil) {
        self.gte = gte
        self.lt = lt
        self.cursor = cursor
        self.cursorCreated = cursorCreated
    }

    /// The highest `created` still to page, inclusive.
    var remainingTop: Int64 { cursorCreated ?? (lt - 1) }

    /// Seconds of range still to page.
    var remainingSeconds: Int64 { max(0, remainingTop - gte + 1) }

    /// The `created` filter of the slice's requests.
    var query: [(String, String)] {
        var q = [("created[gte]", String(gte)), ("created[lt]", String(lt))]
        if let cursor { q.append(("starting_after", cursor)) }
        return q
    }
}
