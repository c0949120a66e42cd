import TributaryNormalizer

/// One entry of a source's sync state (a cursor, a checkpoint), written with the rows it stands for.
public struct StateEntry: Sendable, Hashable {
    /// The source the state belongs to.
    public var source: String
    /// The entry's key (`charges.created_cursor`).
    public var key: String
    /// The value.
    public var value: String

    /// Creates an entry.
    public init(source: String, key: String, value: String) {
        self.source = source
        self.key = key
        self.value = value
    }
}

/// Everything one ``Destination/write(_:)`` stores in one transaction: rows, deletions, rejects, and the
/// sync state they advance, so that the state never runs ahead of (or behind) the rows.
public struct WriteBatch: Sendable {
    /// Where the tables are.
    public var namespace: Namespace
    /// Rows to upsert; of two rows with the same key, the later wins.
    public var rows: [Row]
    /// Child rows that complete embedded lists replace; applied before the rows.
    public var replacements: [ChildReplacement]
    /// Objects to mark `_tributary_deleted`, with their child rows; applied after the rows.
    public var deletions: [Deletion]
    /// Objects that could not be normalized.
    public var rejects: [Reject]
    /// The sync state the batch advances.
    public var state: [StateEntry]
    /// The run that writes it, recorded with its rejects. Rows it changes or removes that another run
    /// wrote are kept as undo images for ``Destination/rollback(_:in:options:)``; its rows should name
    /// the same run in `_tributary_run_id` (``TributaryNormalizer/NormalizeContext/run``), as deletion
    /// marks do. `nil`: no undo images.
    public var run: RunID?

    /// Creates a batch.
    public init(namespace: Namespace, rows: [Row] = [], replacements: [ChildReplacement] = [],
                deletions: [Deletion] = [], rejects: [Reject] = [], state: [StateEntry] = [], run: RunID? = nil) {
        self.namespace = namespace
        self.rows = rows
        self.replacements = replacements
        self.deletions = deletions
        self.rejects = rejects
        self.state = state
        self.run = run
    }

    /// A batch of normalized objects and the state they advance.
    public init(namespace: Namespace, normalized: NormalizedBatch, state: [StateEntry] = [], run: RunID? = nil) {
        self.init(namespace: namespace, rows: normalized.rows, replacements: normalized.replacements,
                  deletions: normalized.deletions, rejects: normalized.rejects, state: state, run: run)
    }
}

/// Rows a write or a run changed in one table.
public struct TableCounts: Sendable, Hashable, Codable {
    /// Rows that were new.
    public var inserted: Int
    /// Rows that existed and were overwritten.
    public var updated: Int
    /// Rows marked deleted, and child rows removed because their parent no longer holds them.
    public var deleted: Int
    /// Objects of this table sent to `_tributary_rejects`.
    public var rejected: Int

    /// Creates counts.
    public init(inserted: Int = 0, updated: Int = 0, deleted: Int = 0, rejected: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.deleted = deleted
        self.rejected = rejected
    }

    /// Adds other counts.
    public static func += (lhs: inout TableCounts, rhs: TableCounts) {
        lhs.inserted += rhs.inserted
        lhs.updated += rhs.updated
        lhs.deleted += rhs.deleted
        lhs.rejected += rhs.rejected
    }
}

/// What one ``Destination/write(_:)`` did.
public struct WriteSummary: Sendable, Hashable {
    /// Counts per table (names before any prefix; rejects count under their collection).
    public var tables: [String: TableCounts]
    /// Columns added and widened to hold the batch.
    public var schemaChanges: [SchemaChange]

    /// Creates a summary.
    public init(tables: [String: TableCounts] = [:], schemaChanges: [SchemaChange] = []) {
        self.tables = tables
        self.schemaChanges = schemaChanges
    }

    /// The counts of all tables added up.
    public var total: TableCounts {
        tables.values.reduce(into: TableCounts()) { $0 += $1 }
    }
}
