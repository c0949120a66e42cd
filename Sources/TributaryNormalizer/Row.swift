/// One row for a warehouse table: the values of the columns of ``columns``, in that order.
public struct Row: Sendable {
    /// The table's name before any prefix.
    public var table: String
    /// The columns the row sets.
    public var columns: ColumnList
    /// One value per column.
    public var values: [Value]
    /// Whether the row is the whole state of its object. Updating with a complete row clears the data
    /// columns it does not set (a field Stripe stopped sending); a reference-only row (`discounts` named
    /// by an unexpanded id) sets its columns and leaves the rest.
    public var isComplete: Bool

    /// Creates a row.
    public init(table: String, columns: ColumnList, values: [Value], isComplete: Bool = true) {
        self.table = table
        self.columns = columns
        self.values = values
        self.isComplete = isComplete
    }

    /// The value of the named column, if the row sets it.
    public subscript(column: String) -> Value? {
        columns.columns.firstIndex { $0.name == column }.map { values[$0] }
    }
}

/// The child rows of one parent that a complete embedded list replaces: rows of `table` whose
/// `parentColumn` is `parentID` and whose key is not among the new rows are removed.
public struct ChildReplacement: Sendable, Hashable {
    /// The child table.
    public var table: String
    /// The column holding the parent's id.
    public var parentColumn: String
    /// The parent's id.
    public var parentID: String

    /// Creates a replacement.
    public init(table: String, parentColumn: String, parentID: String) {
        self.table = table
        self.parentColumn = parentColumn
        self.parentID = parentID
    }
}

/// An object Stripe deleted: its row is kept and marked `_tributary_deleted`, with its child rows.
public struct Deletion: Sendable, Hashable {
    /// The object's table.
    public var table: String
    /// The object's id.
    public var id: String
    /// For nested collections, the parent's id (the `account_id` of a capability); `nil` marks every row
    /// with the id.
    public var parentID: String?
    /// The connected account, or `nil` for the platform.
    public var account: String?

    /// Creates a deletion.
    public init(table: String, id: String, parentID: String? = nil, account: String? = nil) {
        self.table = table
        self.id = id
        self.parentID = parentID
        self.account = account
    }
}

/// An object that could not be normalized, kept with its reason and raw JSON in `_tributary_rejects`.
public struct Reject: Sendable, Hashable {
    /// The collection it was read from.
    public var collection: String
    /// Its id, if it had a readable one.
    public var objectID: String?
    /// The connected account, or `nil` for the platform.
    public var account: String?
    /// Why it was rejected.
    public var reason: String
    /// The object as JSON text.
    public var rawJSON: String

    /// Creates a reject.
    public init(collection: String, objectID: String?, account: String?, reason: String, rawJSON: String) {
        self.collection = collection
        self.objectID = objectID
        self.account = account
        self.reason = reason
        self.rawJSON = rawJSON
    }
}
