/// Hands out slices of `created` ranges to backfill workers, splitting the largest unfinished range
/// whenever a worker would otherwise be idle, so that the shared rate limiter always has requests waiting.
///
/// A slice's progress is "committed" only once its rows are in the warehouse; checkpoints hold committed
/// progress only, so a run killed at any moment resumes without losing rows.
actor SliceScheduler {
    /// One unit of work: a slice of a collection.
    struct Assignment: Sendable, Hashable {
        var collection: String
        var sliceID: Int
    }

    private struct Entry {
        var collection: String
        var slice: Slice
        var active: Bool
        var done: Bool
    }

    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    /// Ranges narrower than this are never split: a split costs at least one extra request.
    private let minimumSplitSeconds: Int64

    init(minimumSplitSeconds: Int64 = 2) {
        self.minimumSplitSeconds = minimumSplitSeconds
    }

    private var uppers: [String: Int64] = [:]

    /// Adds the unfinished slices of a collection whose backfill ends at `upper`.
    func add(collection: String, slices: [Slice], upper: Int64) {
        uppers[collection] = upper
        for slice in slices where slice.remainingSeconds > 0 {
            entries[nextID] = Entry(collection: collection, slice: slice, active: false, done: false)
            nextID += 1
        }
    }

    /// The next slice to page: a waiting one, or half of the largest range in progress; `nil` when nothing
    /// is left to hand out.
    func next() -> Assignment? {
        if let (id, entry) = entries.filter({ !$0.value.active && !$0.value.done }).min(by: { $0.key < $1.key }) {
            entries[id]?.active = true
            return Assignment(collection: entry.collection, sliceID: id)
        }
        guard let (id, entry) = entries.filter({ $0.value.active && !$0.value.done })
            .max(by: { $0.value.slice.remainingSeconds < $1.value.slice.remainingSeconds }),
            entry.slice.remainingSeconds >= minimumSplitSeconds else { return nil }
        // The older half becomes a new slice; the slice in progress keeps paging down to the midpoint.
        let mid = entry.slice.gte + entry.slice.remainingSeconds / 2
        let older = Slice(gte: entry.slice.gte, lt: mid)
        entries[id]?.slice.gte = mid
        entries[nextID] = Entry(collection: entry.collection, slice: older, active: true, done: false)
        defer { nextID += 1 }
        return Assignment(collection: entry.collection, sliceID: nextID)
    }

    /// The slice as it stands now (its lower bound may have moved up since the request was sent).
    func slice(_ id: Int) -> Slice? {
        entries[id]?.slice
    }

    /// Records a committed page: the objects it kept and whether the slice goes on.
    ///
    /// - Parameters:
    ///   - last: the id and `created` of the page's last (oldest) object.
    ///   - exhausted: the list said `has_more: false`, or the page reached below the slice.
    func committed(_ id: Int, last: (id: String, created: Int64)?, exhausted: Bool) {
        if let last {
            entries[id]?.slice.cursor = last.id
            entries[id]?.slice.cursorCreated = last.created
        }
        if exhausted || (entries[id]?.slice.remainingSeconds ?? 0) == 0 {
            entries[id]?.done = true
            entries[id]?.active = false
        }
    }

    /// Gives a slice back unfinished (its worker failed); another worker may take it.
    func release(_ id: Int) {
        entries[id]?.active = false
    }

    /// The upper bound of a collection's backfill.
    func upper(of collection: String) -> Int64? { uppers[collection] }

    /// The collection's checkpoint once the page of slice `id` is committed: that slice at its new
    /// cursor (or gone when exhausted), every other slice at its last committed cursor.
    func checkpoint(of collection: String, replacing id: Int, last: (id: String, created: Int64)?,
                    exhausted: Bool) -> CollectionCheckpoint {
        var slices: [Slice] = []
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) where entry.collection == collection && !entry.done {
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
        for (key, entry) in entries where entry.collection == collection { entries[key]?.done = true }
    }

    /// Whether every slice of the collection is done.
    func isComplete(_ collection: String) -> Bool {
        !entries.values.contains { $0.collection == collection && !$0.done }
    }
}
