/// One Stripe object as warehouse rows.
public struct NormalizedObject: Sendable {
    /// The object's table.
    public var table: String
    /// The object's id.
    public var id: String
    /// The parent's id, for nested collections.
    public var parentID: String?
    /// The object's row first, then its child rows; empty for a deletion.
    public var rows: [Row]
    /// Child rows that complete embedded lists replace.
    public var replacements: [ChildReplacement]
    /// Set when Stripe sent the object as deleted (`"deleted": true`).
    public var deletion: Deletion?

    /// Creates a normalized object.
    public init(table: String, id: String, parentID: String?, rows: [Row], replacements: [ChildReplacement] = [],
                deletion: Deletion? = nil) {
        self.table = table
        self.id = id
        self.parentID = parentID
        self.rows = rows
        self.replacements = replacements
        self.deletion = deletion
    }
}

/// The normalized objects of a batch and the objects rejected from it.
public struct NormalizedBatch: Sendable {
    /// The objects, one per table and key: a later state of an object replaces an earlier one in place.
    public private(set) var objects: [NormalizedObject] = []
    /// The objects that could not be normalized.
    public var rejects: [Reject] = []
    private var positions: [String: Int] = [:]

    /// An empty batch.
    public init() {}

    /// Adds an object; if the batch already holds the same object, this state replaces that one, child
    /// rows included, so that no row of the older state survives.
    public mutating func append(_ object: NormalizedObject) {
        let key = object.table + "\u{1F}" + (object.parentID ?? "") + "\u{1F}" + object.id
        if let position = positions[key] {
            objects[position] = object
        } else {
            positions[key] = objects.count
            objects.append(object)
        }
    }

    /// Adds the objects of another batch, and its rejects.
    public mutating func append(contentsOf other: NormalizedBatch) {
        for object in other.objects { append(object) }
        rejects += other.rejects
    }

    /// Every row, each object's own row before its children.
    public var rows: [Row] { objects.flatMap(\.rows) }
    /// Every child replacement.
    public var replacements: [ChildReplacement] { objects.flatMap(\.replacements) }
    /// Every deletion.
    public var deletions: [Deletion] { objects.compactMap(\.deletion) }
    /// Whether the batch holds nothing at all.
    public var isEmpty: Bool { objects.isEmpty && rejects.isEmpty }
}
