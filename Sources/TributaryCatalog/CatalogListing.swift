/// The catalog as users see it: one entry per table, collections and child tables alike.
public struct CatalogListing: Sendable {
    /// One table.
    public struct Entry: Codable, Sendable, Hashable {
        /// The table name.
        public var name: String
        /// The list endpoint, or `nil` for a child table that only lives inside its parents.
        public var endpoint: String?
        /// `events`, `created-cursor`, `via-parent` or `full-refresh`.
        public var syncMethod: String
        /// The parent table, for nested lists and child tables.
        public var parent: String?
        /// Tables filled from this one's nested structures.
        public var childTables: [String]
        /// Whether `created` filters apply.
        public var createdFilter: Bool
        /// The event types that tell of changes.
        public var eventTypes: [String]
        /// Why the table is special, if it is.
        public var note: String?

        enum CodingKeys: String, CodingKey {
            case name, endpoint, parent, note
            case syncMethod = "sync_method"
            case childTables = "child_tables"
            case createdFilter = "created_filter"
            case eventTypes = "event_types"
        }
    }

    /// Every table: the collections, then child tables that have no endpoint of their own.
    public let entries: [Entry]

    /// Lists the catalog's tables.
    public init(catalog: Catalog) {
        var entries = catalog.collections.map { c in
            Entry(name: c.name, endpoint: c.path, syncMethod: c.syncMethod.rawValue, parent: c.parent?.collection,
                  childTables: c.childTables.map(\.table), createdFilter: c.supportsCreated,
                  eventTypes: c.events.all, note: c.note)
        }
        var childOnly: [String: [String]] = [:]
        for c in catalog.collections {
            for child in c.childTables where catalog.collection(named: child.table) == nil {
                childOnly[child.table, default: []].append("\(c.name).\(child.field)")
            }
        }
        for (table, sources) in childOnly.sorted(by: { $0.key < $1.key }) {
            entries.append(Entry(name: table, endpoint: nil, syncMethod: SyncMethod.viaParent.rawValue,
                                 parent: sources.first.map { String($0.split(separator: ".")[0]) },
                                 childTables: [], createdFilter: false, eventTypes: [],
                                 note: "child table, embedded in " + sources.joined(separator: ", ")))
        }
        self.entries = entries
    }
}
