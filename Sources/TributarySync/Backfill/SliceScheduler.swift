import TributaryCatalog

/// Hands out slices of `created` ranges to backfill workers, splitting the slice with the most objects
/// left whenever a worker would otherwise be idle, so that the shared rate limiter always has requests
/// waiting, and splitting only where the objects left make the extra request worth it.
///
/// Each slice has two positions: how far it has been *fetched* (where its next request starts, and what
/// a split may take from), and how far it has been *committed* (what checkpoints claim). A page is
/// accepted — its objects filtered to the slice's current range and the fetched position moved — in one
/// step, so that a split can never hand out a range whose objects are already on their way to the
/// warehouse.
actor SliceScheduler {
    /// One unit of work: a slice of a collection.
    struct Assignment: Sendable, Hashable {
        var collection: String
        var sliceID: Int
    }

    /// What a worker should do next.
    enum Next: Sendable {
        case page(Assignment)
        /// Nothing to hand out now, but slices in progress may still be split.
        case wait
        /// Every slice is finished or taken to its end.
        case done
    }

    /// A page as accepted into its slice.
    struct Accepted: Sendable {
        var kept: [JSONValue]
        var exhausted: Bool
        var last: Position?
        var checkpoint: CollectionCheckpoint
    }

    struct Position: Sendable, Hashable {
        var id: String
        var created: Int64
    }

    private struct Entry {
        var collection: String
        /// Bounds, with the committed cursor.
        var slice: Slice
        /// Where the next request starts.
        var fetched: Position?
        var active = false
        /// The last page has been fetched: nothing is left to split or request.
        var finishing = false

        /// Seconds not yet fetched.
        var unfetchedSeconds: Int64 { max(0, (fetched?.created ?? (slice.lt - 1)) - slice.gte + 1) }
    }

    /// Objects seen and seconds they spanned, per collection: the density that estimates a slice's size.
    private struct Density {
        var objects = 0
        var seconds: Int64 = 0
        var perSecond: Double? { seconds > 0 ? Double(objects) / Double(seconds) : nil }
    }

    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    private var uppers: [String: Int64] = [:]
    private var densities: [String: Density] = [:]
    /// A split must leave each half at least this many objects, by estimate: a split costs at least one
    /// more request (each half ends on a partial page), and at the rate limit every request counts.
    private let minimumObjectsPerHalf: Double

    init(minimumObjectsPerHalf: Double = 150) {
        self.minimumObjectsPerHalf = minimumObjectsPerHalf
    }

    /// Adds the unfinished slices of a collection whose backfill ends at `upper`.
    func add(collection: String, slices: [Slice], upper: Int64) {
        uppers[collection] = upper
        for slice in slices where slice.remainingSeconds > 0 {
            var entry = Entry(collection: collection, slice: slice)
            if let cursor = slice.cursor, let created = slice.cursorCreated { entry.fetched = Position(id: cursor, created: created) }
            entries[nextID] = entry
            nextID += 1
        }
    }

    /// The next slice to page: a waiting one, or half of the slice with the most objects left.
    func next() -> Next {
        if let (id, entry) = entries.filter({ !$0.value.active }).min(by: { $0.key < $1.key }) {
            entries[id]?.active = true
            return .page(Assignment(collection: entry.collection, sliceID: id))
        }
        let splittable = entries.compactMap { (id, entry) -> (Int, Double)? in
            guard entry.active, !entry.finishing, entry.unfetchedSeconds >= 2,
                  let density = densities[entry.collection]?.perSecond else { return nil }
            let estimate = density * Double(entry.unfetchedSeconds)
            return estimate >= 2 * minimumObjectsPerHalf ? (id, estimate) : nil
        }
        guard let (id, _) = splittable.max(by: { $0.1 < $1.1 }), let entry = entries[id] else {
            return entries.isEmpty ? .done : .wait
        }
        // The older half becomes a new slice; the slice in progress keeps paging down to the midpoint.
        let mid = entry.slice.gte + entry.unfetchedSeconds / 2
        entries[id]?.slice.gte = mid
        entries[nextID] = Entry(collection: entry.collection, slice: Slice(gte: entry.slice.gte, lt: mid), active: true)
        defer { nextID += 1 }
        return .page(Assignment(collection: entry.collection, sliceID: nextID))
    }

    /// The query of the slice's next request: its current range, after what has been fetched.
    func request(_ id: Int) -> [(String, String)]? {
        guard let entry = entries[id], !entry.finishing else { return nil }
        var q = [("created[gte]", String(entry.slice.gte)), ("created[lt]", String(entry.slice.lt))]
        if let fetched = entry.fetched { q.append(("starting_after", fetched.id)) }
        return q
    }

    /// Takes a page into its slice: keeps the objects still in the slice's range (a split may have
    /// narrowed it while the request was out) and moves the fetched position, all at once.
    ///
    /// - Parameter field: the field holding each object's `created`.
    func accept(_ id: Int, page data: [JSONValue], hasMore: Bool, field: String) -> Accepted {
        guard var entry = entries[id] else {
            return Accepted(kept: [], exhausted: true, last: nil, checkpoint: CollectionCheckpoint(upper: 0, complete: false))
        }
        let top = entry.fetched?.created ?? (entry.slice.lt - 1)
        let kept = data.filter { o in
            guard let created = o[field]?.intValue else { return false }
            return created >= entry.slice.gte && created < entry.slice.lt
        }
        let exhausted = !hasMore || kept.count < data.count || kept.isEmpty
        let last = kept.last.flatMap { o in o["id"]?.stringValue.map { Position(id: $0, created: o[field]?.intValue ?? entry.slice.gte) } }
        var density = densities[entry.collection] ?? Density()
        density.objects += kept.count
        density.seconds += max(1, top - (exhausted ? entry.slice.gte : (last?.created ?? entry.slice.gte)) + 1)
        densities[entry.collection] = density
        if let last { entry.fetched = last }
        if exhausted { entry.finishing = true }
        entries[id] = entry
        return Accepted(kept: kept, exhausted: exhausted, last: last,
                        checkpoint: checkpoint(of: entry.collection, replacing: id, last: last, exhausted: exhausted))
    }

    /// Records that an accepted page is in the warehouse.
    func committed(_ id: Int, last: Position?, exhausted: Bool) {
        if let last {
            entries[id]?.slice.cursor = last.id
            entries[id]?.slice.cursorCreated = last.created
        }
        // A finished slice is forgotten: every call scans the entries, and a long backfill makes
        // thousands of slices, of which only the ones in progress matter.
        if exhausted { entries[id] = nil }
    }

    /// The upper bound of a collection's backfill.
    func upper(of collection: String) -> Int64? { uppers[collection] }

    /// The collection's checkpoint once slice `id`'s page is committed: that slice at its new cursor
    /// (or gone when exhausted), every other slice at its last committed cursor.
    private func checkpoint(of collection: String, replacing id: Int, last: Position?, exhausted: Bool) -> CollectionCheckpoint {
        var slices: [Slice] = []
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) where entry.collection == collection {
            var slice = entry.slice
            if key == id {
                if exhausted { continue }
                if let last { slice.cursor = last.id; slice.cursorCreated = last.created }
            }
            slices.append(slice)
        }
        return CollectionCheckpoint(upper: uppers[collection] ?? 0, slices: slices, complete: false)
    }

    /// Forgets a collection's slices (the collection is skipped).
    func drop(collection: String) {
        for (key, entry) in entries where entry.collection == collection { entries[key] = nil }
    }
}
