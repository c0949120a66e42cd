/// A half-open range of `created` timestamps, `[gte, lt)`, in Unix seconds.
///
/// Half-open ranges tile without overlap or gaps, so a backfill split into windows (or resumed from a
/// checkpoint) sees every object exactly once. Either end may be open.
public struct CreatedRange: Sendable, Hashable {
    /// The inclusive lower bound, sent as `created[gte]`.
    public var gte: Int64?
    /// The exclusive upper bound, sent as `created[lt]`.
    public var lt: Int64?

    /// A range from `gte` (inclusive) to `lt` (exclusive); `nil` leaves that end open.
    public init(gte: Int64? = nil, lt: Int64? = nil) {
        self.gte = gte
        self.lt = lt
    }

    /// The range `range.lowerBound ..< range.upperBound`.
    public init(_ range: Range<Int64>) {
        self.init(gte: range.lowerBound, lt: range.upperBound)
    }

    /// The query items for a list request: `created[gte]` and/or `created[lt]`.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let gte { items.append(("created[gte]", String(gte))) }
        if let lt { items.append(("created[lt]", String(lt))) }
        return items
    }

    /// Whether a `created` value falls in the range.
    public func contains(_ created: Int64) -> Bool {
        (gte.map { created >= $0 } ?? true) && (lt.map { created < $0 } ?? true)
    }

    /// Whether no timestamp can fall in the range, so a request for it can be skipped.
    public var isEmpty: Bool {
        guard let gte, let lt else { return false }
        return gte >= lt
    }
}
