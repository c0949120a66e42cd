import TributaryCatalog

/// Which collections a source syncs: `collections: all`, a list, or `{include: [...], exclude: [...]}`.
///
/// Names are the catalog's table names (`tributary collections` lists them) and were checked against
/// the catalog when the file was loaded.
public struct CollectionSelection: Sendable, Hashable, CustomStringConvertible {
    /// The collections listed, or `nil` for every collection of the catalog.
    public var include: [String]?
    /// Collections left out of ``include`` (or out of all of them).
    public var exclude: [String]

    /// Every collection.
    public static let all = CollectionSelection(include: nil, exclude: [])

    /// Creates a selection.
    public init(include: [String]? = nil, exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// The selected collections' names, in catalog order, for `SyncEngine.Configuration.collections`.
    ///
    /// Nested collections (`invoice_lines`) come as named; the sync engine adds the parents that reach
    /// them. Names the catalog does not have are left out.
    public func resolve(in catalog: Catalog = .stripe) -> [String] {
        let excluded = Set(exclude)
        let included = include.map(Set.init)
        return catalog.collections.map(\.name).filter { name in
            !excluded.contains(name) && (included?.contains(name) ?? true)
        }
    }

    /// `all`, `all except a, b`, `a, b` or `a, b except c`.
    public var description: String {
        let base = include?.joined(separator: ", ") ?? "all"
        return exclude.isEmpty ? base : base + " except " + exclude.joined(separator: ", ")
    }
}
