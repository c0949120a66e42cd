/// One object of an emulated account, kept rendered so that lists are served without re-encoding.
struct StoredObject: Sendable {
    var id: String
    var created: Int64
    /// Insertion order: the tie-break between objects created in the same second (newer first).
    var seq: Int
    /// The object as Stripe would send it.
    var json: [UInt8]
    /// The parent's id, for nested lists (`invoice_lines` of an invoice).
    var parentID: String?
    /// Values of the list filters this object answers to (`customer`, `status`, `payout`, …).
    var filters: [String: String]
    /// Deleted objects are never listed; retrieving one answers `"deleted": true`.
    var deleted = false
}

/// The objects of one collection in one account, oldest first.
struct CollectionData: Sendable {
    var objects: [StoredObject] = []
    var index: [String: Int] = [:]
    var byParent: [String: [Int]] = [:]

    /// Adds objects that are newer than (or as new as) every object already held.
    mutating func append(_ object: StoredObject) {
        let position = objects.count
        objects.append(object)
        index[object.id] = position
        if let parent = object.parentID { byParent[parent, default: []].append(position) }
    }

    /// Builds the collection from objects in any order.
    init(objects unsorted: [StoredObject]) {
        for object in unsorted.sorted(by: { ($0.created, $0.seq) < ($1.created, $1.seq) }) {
            append(object)
        }
    }

    init() {}

    /// The number of objects that a list would return.
    var liveCount: Int { objects.lazy.filter { !$0.deleted }.count }
}
