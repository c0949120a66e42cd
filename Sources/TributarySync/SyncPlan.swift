import TributaryCatalog

/// The collections a run syncs: the selected ones plus the parents that reach them.
struct SyncPlan: Sendable {
    /// Every collection synced, parents before children.
    let collections: [CollectionDescriptor]
    /// Those listed directly (no parent).
    let topLevel: [CollectionDescriptor]
    /// Selected nested collections, by parent.
    let children: [String: [CollectionDescriptor]]
    /// Collection names, for membership tests.
    let names: Set<String>
    /// Event type → collections that event may be about.
    let eventCollections: [String: [CollectionDescriptor]]

    init(catalog: Catalog, selection: [String]) throws(SyncError) {
        var chosen: [CollectionDescriptor] = []
        if selection.isEmpty {
            chosen = catalog.collections
        } else {
            for name in selection {
                guard let c = catalog.collection(named: name) else {
                    let known = catalog.collections.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
                    throw SyncError(.unknownCollection, "unknown collection '\(name)'" +
                                    (known.isEmpty ? "; `tributary collections` lists them" : "; did you mean \(known.prefix(3).joined(separator: ", "))?"))
                }
                chosen.append(c)
            }
        }
        // A nested collection is reached through its parent, so the parent is synced too.
        var names = Set(chosen.map(\.name))
        var queue = chosen
        while let c = queue.popLast() {
            if let parent = c.parent?.collection, !names.contains(parent), let p = catalog.collection(named: parent) {
                names.insert(parent)
                chosen.append(p)
                queue.append(p)
            }
        }
        let ordered = catalog.collections.filter { names.contains($0.name) }
        collections = ordered
        topLevel = ordered.filter { $0.parent == nil }
        var children: [String: [CollectionDescriptor]] = [:]
        for c in ordered { if let p = c.parent?.collection { children[p, default: []].append(c) } }
        self.children = children
        self.names = names
        var events: [String: [CollectionDescriptor]] = [:]
        for c in ordered { for type in c.events.all { events[type, default: []].append(c) } }
        eventCollections = events
    }
}
