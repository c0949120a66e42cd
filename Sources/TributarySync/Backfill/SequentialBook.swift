import TributaryCatalog

/// Lists that cannot be sliced by `created`: one pager per collection (per partition value), with the
/// committed cursor of each for the checkpoint.
actor SequentialBook {
    struct Task: Sendable {
        var collection: CollectionDescriptor
        var partition: String
        var cursor: String?
    }

    private var pending: [Task] = []
    private var uppers: [String: Int64] = [:]
    private var cursors: [String: [String: String]] = [:]
    private var finished: [String: Set<String>] = [:]

    func add(_ c: CollectionDescriptor, upper: Int64, checkpoint: CollectionCheckpoint?) {
        uppers[c.name] = upper
        cursors[c.name] = checkpoint?.cursors ?? [:]
        finished[c.name] = Set(checkpoint?.finished ?? [])
        for partition in c.partition?.values ?? [""] where !(finished[c.name]?.contains(partition) ?? false) {
            pending.append(Task(collection: c, partition: partition, cursor: cursors[c.name]?[partition]))
        }
    }

    /// Whether no pager is waiting to be taken.
    var isEmpty: Bool { pending.isEmpty }

    func next() -> Task? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    func upper(of collection: String) -> Int64? { uppers[collection] }

    /// The checkpoint once this page is committed (other partitions at their committed cursors).
    func checkpoint(of collection: String, partition: String, cursor: String?, finished done: Bool) -> CollectionCheckpoint {
        var c = cursors[collection] ?? [:]
        c[partition] = cursor
        var f = finished[collection] ?? []
        if done { f.insert(partition) }
        return CollectionCheckpoint(upper: uppers[collection] ?? 0, cursors: c, finished: f.sorted(), complete: false)
    }

    func committed(_ collection: String, partition: String, cursor: String?, finished done: Bool) {
        cursors[collection, default: [:]][partition] = cursor
        if done { finished[collection, default: []].insert(partition) }
    }

    func drop(collection: String) {
        pending.removeAll { $0.collection.name == collection }
    }
}
