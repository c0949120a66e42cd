/// A change schema evolution made to a table: a column added, or a column's type widened.
public struct SchemaChange: Sendable, Hashable {
    /// What changed.
    public enum Kind: Sendable, Hashable {
        /// A field not seen before: the column was added. Columns are never dropped.
        case addedColumn
        /// Values of another type arrived: the column's type was widened from the given type.
        case widenedColumn(from: ColumnType)
    }

    /// The table's name before any prefix.
    public var table: String
    /// The column as it is after the change.
    public var column: ColumnSchema
    /// What changed.
    public var kind: Kind

    /// Creates a change.
    public init(table: String, column: ColumnSchema, kind: Kind) {
        self.table = table
        self.column = column
        self.kind = kind
    }
}

extension TableSchema {
    /// Evolves the schema so that it holds `rows`, each setting `columns`: columns it lacks are added,
    /// and a column whose values do not fit its type widens (integer → real → text).
    ///
    /// - Returns: the changes, in the order they were made.
    public mutating func evolve(toHold columns: ColumnList, rows: some Sequence<[Value]>) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        var positions: [Int] = []
        positions.reserveCapacity(columns.count)
        var existing = Dictionary(self.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for column in columns.columns {
            if let position = existing[column.name] {
                positions.append(position)
            } else {
                positions.append(self.columns.count)
                existing[column.name] = self.columns.count
                self.columns.append(column)
                changes.append(SchemaChange(table: name, column: column, kind: .addedColumn))
            }
        }
        var types = positions.map { self.columns[$0].type }
        let declared = types
        for values in rows {
            for (i, value) in values.enumerated() {
                if let type = value.type, !types[i].holds(type) { types[i] = types[i].widened(with: type) }
            }
        }
        for (i, position) in positions.enumerated() where types[i] != declared[i] {
            self.columns[position].type = types[i]
            if let added = changes.firstIndex(where: { $0.column.name == self.columns[position].name }) {
                changes[added].column.type = types[i]
            } else {
                changes.append(SchemaChange(table: name, column: self.columns[position], kind: .widenedColumn(from: declared[i])))
            }
        }
        return changes
    }

    /// Adds the columns of `other` that this schema lacks (a newer catalog's fields), keeping its own order
    /// and types.
    public mutating func adopt(_ other: TableSchema) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        for column in other.columns where self.column(column.name) == nil {
            columns.append(column)
            changes.append(SchemaChange(table: name, column: column, kind: .addedColumn))
        }
        for parent in other.parents where !parents.contains(parent) { parents.append(parent) }
        return changes
    }
}
