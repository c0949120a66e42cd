/// One column of a warehouse table.
public struct ColumnSchema: Sendable, Hashable, Codable {
    /// What a column is for, which decides how upserts treat it.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Part of the primary key.
        case key
        /// The id of a parent object that is not part of the key (`discounts.invoice_id`): each parent's rows
        /// set their own and leave the others' alone.
        case parent
        /// A value from the object; cleared when a newer state of the object no longer has it.
        case data
        /// Written by Tributary (`_tributary_synced_at`, …).
        case system
    }

    /// The column's name: lowercase `[a-z0-9_]`, at most 63 bytes.
    public var name: String
    /// The column's type.
    public var type: ColumnType
    /// What the column is for.
    public var role: Role
    /// Where the value comes from in the Stripe object (`billing_details.address.city`); empty for
    /// columns Tributary adds.
    public var path: String

    /// Creates a column.
    public init(_ name: String, _ type: ColumnType, role: Role = .data, path: String = "") {
        self.name = name
        self.type = type
        self.role = role
        self.path = path
    }
}

/// A table's columns, key and relation to a parent table.
public struct TableSchema: Sendable, Hashable {
    /// A table whose rows belong to a parent object, as child rows do.
    public struct ParentReference: Sendable, Hashable {
        /// The parent's table (`invoices`).
        public var table: String
        /// The column of this table holding the parent's id (`invoice_id`).
        public var column: String

        /// Creates a reference.
        public init(table: String, column: String) {
            self.table = table
            self.column = column
        }
    }

    /// The table's name before any prefix (`charges`, `invoice_lines`).
    public var name: String
    /// The columns in order: key, then the object's fields, then system columns; added columns last.
    public var columns: [ColumnSchema]
    /// The primary key's columns (`id`; `invoice_id, id`; `balance_transaction_id, _tributary_position`).
    public var primaryKey: [String]
    /// The parents whose objects embed this table's rows.
    public var parents: [ParentReference]

    /// Creates a schema.
    public init(name: String, columns: [ColumnSchema], primaryKey: [String], parents: [ParentReference] = []) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.parents = parents
    }

    /// The column with the given name.
    public func column(_ name: String) -> ColumnSchema? {
        columns.first { $0.name == name }
    }
}

/// The names of the columns Tributary adds to every table.
public enum SystemColumn {
    /// When the row was last written (a timestamp).
    public static let syncedAt = "_tributary_synced_at"
    /// The sync run that last wrote the row (an integer, `_tributary_runs.run_id`), or `NULL` for rows
    /// written outside a run: what `tributary rollback` removes and restores by.
    public static let runID = "_tributary_run_id"
    /// Whether Stripe deleted the object (a boolean, never cleared once set).
    public static let deleted = "_tributary_deleted"
    /// The connected account the object belongs to, or `NULL` for the platform's own.
    public static let account = "_tributary_account"
    /// The element's position in its parent's list, for child structures without ids.
    public static let position = "_tributary_position"
}
