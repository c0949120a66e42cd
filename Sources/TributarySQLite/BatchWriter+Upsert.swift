import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension BatchWriter {
    /// Rows of one table that set the same columns, upserted together.
    struct Group {
        let columns: ColumnList
        let complete: Bool
        var rows: [Row] = []
    }

    /// Upserts a table's rows: the last row of each key wins; complete rows go before reference-only rows,
    /// which then add their parent column to what the complete rows wrote.
    mutating func upsert(_ rows: [Row], table: String) throws {
        let (physical, original) = try self.table(table)
        var schema = original
        var groups: [Group] = []
        var groupIndex: [GroupKey: Int] = [:]
        var lastPosition: [String: (group: Int, row: Int)] = [:]
        var keyPositions: [ObjectIdentifier: [Int]] = [:]
        for row in rows {
            let positions = try keyPositions[ObjectIdentifier(row.columns)] ?? {
                let found = try schema.primaryKey.map { key in
                    guard let index = row.columns.columns.firstIndex(where: { $0.name == key }) else {
                        throw WarehouseError(.schemaMismatch, "rows of \(table) lack the key column \(key)")
                    }
                    return index
                }
                keyPositions[ObjectIdentifier(row.columns)] = found
                return found
            }()
            let groupKey = GroupKey(columns: row.columns, complete: row.isComplete)
            let group = groupIndex[groupKey] ?? {
                groups.append(Group(columns: row.columns, complete: row.isComplete))
                groupIndex[groupKey] = groups.count - 1
                return groups.count - 1
            }()
            let key = (row.isComplete ? "c" : "r") + Self.keyText(row, positions)
            if let earlier = lastPosition[key] {
                groups[earlier.group].rows[earlier.row].values = []
            }
            lastPosition[key] = (group, groups[group].rows.count)
            groups[group].rows.append(row)
        }
        var counts = TableCounts()
        for group in groups.sorted(by: { $0.complete && !$1.complete }) {
            let live = group.rows.filter { !$0.values.isEmpty }
            guard !live.isEmpty else { continue }
            let changes = schema.evolve(toHold: group.columns, rows: live.lazy.map(\.values))
            if !changes.isEmpty {
                try apply(changes, to: schema, physical: physical)
                writer.update(physical.name, schema, changed: true)
            }
            let (columns, positions) = writer.setColumns(of: live, in: group.columns)
            try insert(live, columns: columns, positions: positions, complete: group.complete, schema: schema,
                       physical: physical, counts: &counts)
        }
        summary.tables[table, default: TableCounts()] += counts
    }

    private struct GroupKey: Hashable {
        let columns: ColumnList
        let complete: Bool
    }

    private static func keyText(_ row: Row, _ positions: [Int]) -> String {
        var text = ""
        for position in positions {
            switch row.values[position] {
            case let .text(s): text += s
            case let .integer(i): text += String(i)
            default: text += "\u{0}"
            }
            text += "\u{1F}"
        }
        return text
    }

    private mutating func apply(_ changes: [SchemaChange], to schema: TableSchema, physical: SQLIdentifier) throws {
        for change in changes {
            switch change.kind {
            case .addedColumn:
                let position = schema.columns.firstIndex { $0.name == change.column.name } ?? schema.columns.count
                try SchemaStore.add(db, change.column, position: position, table: schema, physical: physical,
                                    namespace: namespace, now: now)
            case let .widenedColumn(from):
                try SchemaStore.widen(db, change.column, from: from, physical: physical, now: now)
            }
        }
        summary.schemaChanges += changes
    }

    /// Upserts rows in statements of ``BatchWriter/rowsPerStatement`` rows that set `columns`, the values
    /// at `positions` of each row.
    private func insert(_ rows: [Row], columns: ColumnList, positions: [Int], complete: Bool, schema: TableSchema,
                        physical: SQLIdentifier, counts: inout TableCounts) throws {
        let types = columns.columns.map { column in schema.column(column.name)?.type ?? column.type }
        let keyIndexes = schema.primaryKey.compactMap { key in columns.columns.firstIndex { $0.name == key } }
        let keyPositions = keyIndexes.map { positions[$0] }
        let keyTypes = keyIndexes.map { types[$0] }
        let perStatement = max(1, min(rowsPerStatement, 32_766 / max(columns.count, 1)))
        let version = writer.versions[physical.name, default: 0]
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            let countKey = StatementKey(kind: .countExisting, table: physical.name, columns: columns, rows: chunk.count,
                                        complete: complete, version: version)
            let count = try writer.statement(countKey, db) {
                try UpsertSQL.countExisting(physical, keys: schema.primaryKey, rows: chunk.count)
            }
            count.reset()
            try count.bind(chunk, positions: keyPositions, types: keyTypes, from: 1)
            let existing = Int(try count.integer())
            if existing > 0, let run {
                // Rows about to change that another run wrote: their images first, for a rollback.
                let captureKey = StatementKey(kind: .captureExisting, table: physical.name, columns: UndoLog.noColumns,
                                              rows: chunk.count, complete: false, version: version)
                let capture = try writer.statement(captureKey, db) {
                    try UpsertSQL.captureExisting(physical, schema: schema, rows: chunk.count)
                }
                capture.reset()
                try capture.bind(.integer(run), as: .integer, at: 1)
                try capture.bind(chunk, positions: keyPositions, types: keyTypes, from: 2)
                try capture.execute()
            }
            let upsertKey = StatementKey(kind: .upsert, table: physical.name, columns: columns, rows: chunk.count,
                                         complete: complete, version: version)
            let upsert = try writer.statement(upsertKey, db) {
                try UpsertSQL.upsert(physical, columns: columns, rows: chunk.count, schema: schema, complete: complete)
            }
            upsert.reset()
            try upsert.bind(chunk, positions: positions, types: types, from: 1)
            try upsert.execute()
            counts.inserted += chunk.count - existing
            counts.updated += existing
            start += chunk.count
        }
    }
}

extension WriterState {
    /// The columns that some row sets to a value, and their positions in the rows.
    ///
    /// A flattened Stripe object has many columns that are null in every row of a batch (a card charge
    /// has no SEPA details): leaving them out of the statement saves binding and parsing them. Inserts
    /// leave them NULL; updates of complete rows clear them, as they clear every data column not set.
    func setColumns(of rows: [Row], in columns: ColumnList) -> (ColumnList, [Int]) {
        var used = [Bool](repeating: false, count: columns.count)
        var remaining = columns.count
        for row in rows where remaining > 0 {
            for (index, value) in row.values.enumerated() where !used[index] {
                if case .null = value { continue }
                used[index] = true
                remaining -= 1
            }
        }
        for (index, column) in columns.columns.enumerated() where column.role == .key { used[index] = true }
        let positions = used.indices.filter { used[$0] }
        if positions.count == columns.count { return (columns, positions) }
        let key = SubsetKey(columns: columns, positions: positions)
        if let subset = subsets[key] { return (subset, positions) }
        if subsets.count >= 256 { subsets.removeAll() }
        let subset = ColumnList(positions.map { columns.columns[$0] })
        subsets[key] = subset
        return (subset, positions)
    }
}

/// A column list and the positions of the columns taken from it.
struct SubsetKey: Hashable {
    let columns: ColumnList
    let positions: [Int]
}
