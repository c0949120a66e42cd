import NIOCore
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

extension PostgresBatchWriter {
    /// Rows of one table that set the same columns, loaded together.
    struct Group {
        let columns: ColumnList
        let complete: Bool
        var rows: [Row] = []
    }

    private struct GroupKey: Hashable {
        let columns: ColumnList
        let complete: Bool
    }

    /// Upserts a table's rows: the last row of each key wins; complete rows go before reference-only rows,
    /// which then add their parent column to what the complete rows wrote.
    mutating func upsert(_ rows: [Row], table: String) async throws {
        let (name, original) = try await self.table(table)
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
            // Two rows with one key in one statement would be an error: ON CONFLICT touches a row once.
            // Most tables are keyed by `id` alone: its text is the key as it is.
            let key = positions.count == 1
                ? Self.keyText(row.values[positions[0]]) + (row.isComplete ? "" : "\u{1F}r")
                : positions.map { Self.keyText(row.values[$0]) }.joined(separator: "\u{1F}") + (row.isComplete ? "" : "\u{1F}r")
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
            var changes = schema.evolve(toHold: group.columns, rows: live.lazy.map(\.values))
            if !changes.isEmpty {
                // Another connection (or process) may have evolved the table since its schema was read:
                // under the DDL lock, start again from what `_tributary_schema` holds now.
                try await context.execute(PostgresSession.ddlLock)
                guard var current = try await PostgresSchemaStore.load(context, name, namespace: namespace) else {
                    throw WarehouseError(.tableNotPrepared, "\(name) is no longer in _tributary_schema")
                }
                changes = current.evolve(toHold: group.columns, rows: live.lazy.map(\.values))
                try await apply(changes, to: current, table: name)
                schema = current
                session.schemas[name] = schema
            }
            try await load(live, columns: group.columns, complete: group.complete, schema: schema, table: name, counts: &counts)
        }
        summary.tables[table, default: TableCounts()] += counts
    }

    private mutating func apply(_ changes: [SchemaChange], to schema: TableSchema, table: QualifiedName) async throws {
        for change in changes {
            switch change.kind {
            case .addedColumn:
                let position = schema.columns.firstIndex { $0.name == change.column.name } ?? schema.columns.count
                try await PostgresSchemaStore.add(context, change.column, position: position, schema: schema, table: table,
                                                  namespace: namespace, now: now)
            case let .widenedColumn(from):
                try await PostgresSchemaStore.widen(context, change.column, from: from, table: table, now: now)
            }
        }
        summary.schemaChanges += changes
    }

    /// Copies rows into a temporary staging table, then upserts them from it in one statement.
    ///
    /// When none of the rows' keys is in the table yet (a backfill, or new objects), the rows are copied
    /// straight into the table instead: the same rows, with half the server's work (no staging table,
    /// no conflict checks). A writer adding the same keys meanwhile makes the copy fail with a unique
    /// violation, and the batch is replayed through the staging table.
    ///
    /// Only the columns some row sets go through: a flattened Stripe object has many columns that are null
    /// in every row of a batch. Inserts leave those NULL; updates of complete rows clear them, as they
    /// clear every data column not set.
    private mutating func load(_ rows: [Row], columns: ColumnList, complete: Bool, schema: TableSchema, table: QualifiedName,
                               counts: inout TableCounts) async throws {
        let positions = Self.setPositions(of: rows, in: columns)
        let set = positions.map { columns.columns[$0] }
        let types = set.map { schema.column($0.name)?.type ?? $0.type }
        let names = try set.map { try SQLIdentifier($0.name) }
        if Self.timestampsFit(rows, positions: positions, types: types),
           try await !anyKeyExists(rows, columns: columns, schema: schema, table: table) {
            // postgres-nio names the table of a COPY without its schema.
            try await context.execute("SET LOCAL search_path TO \(table.schema.quoted)")
            try await context.copy(into: table.table.name, columns: names.map(\.name), rows: rows) { row, buffer in
                CopyText.append(row.values, positions: positions, types: types, timestamps: .text, to: &buffer)
            }
            counts.inserted += rows.count
            return
        }

        stages += 1
        let stage = try SQLIdentifier("_tributary_stage_\(stages)")
        let definitions = zip(names, types).map { name, type in
            name.quoted + " " + (type == .timestamp ? "bigint" : PostgresSchemaStore.sqlType(type))
        }
        try await context.execute("CREATE TEMPORARY TABLE \(stage.quoted) (\(definitions.joined(separator: ", "))) ON COMMIT DROP")
        try await context.copy(into: stage.name, columns: names.map(\.name), rows: rows) { row, buffer in
            CopyText.append(row.values, positions: positions, types: types, timestamps: .epoch, to: &buffer)
        }

        if let run {
            // Rows about to change that another run wrote: their images first, for a rollback.
            let match = try schema.primaryKey.map { key throws(WarehouseError) -> String in
                let quoted = try SQLIdentifier(key).quoted
                return "s.\(quoted) = t.\(quoted)"
            }.joined(separator: " AND ")
            try await PostgresUndo.capture(context, run: run, table: table, schema: schema,
                                           where: "EXISTS (SELECT 1 FROM \(stage.quoted) AS s WHERE \(match))",
                                           runParameter: 1, binds: .of(run))
        }
        let inserted = try await context.rows(try UpsertStatement.sql(into: table, from: stage, columns: names, types: types,
                                                                       schema: schema, complete: complete))
        let count = Int(try inserted.first?.decode(Int64.self) ?? 0)
        counts.inserted += count
        counts.updated += rows.count - count
    }

    /// Whether the table has a row with the key of one of `rows`.
    private func anyKeyExists(_ rows: [Row], columns: ColumnList, schema: TableSchema, table: QualifiedName) async throws -> Bool {
        var keys: [[String]] = []
        var joins: [String] = []
        for (index, key) in schema.primaryKey.enumerated() {
            guard let position = columns.columns.firstIndex(where: { $0.name == key }) else { return true }
            keys.append(rows.map { Self.keyText($0.values[position]) })
            let type = PostgresSchemaStore.sqlType(schema.column(key)?.type ?? .text)
            joins.append("t.\(try SQLIdentifier(key).quoted) = k.k\(index)::\(type)")
        }
        var binds = PostgresBindings(capacity: keys.count)
        for values in keys { binds.append(values) }
        let arrays = keys.indices.map { "$\($0 + 1)::text[]" }.joined(separator: ", ")
        let aliases = keys.indices.map { "k\($0)" }.joined(separator: ", ")
        let found = try await context.rows("""
            SELECT EXISTS (SELECT 1 FROM \(table.quoted) AS t JOIN unnest(\(arrays)) AS k(\(aliases)) ON \(joins.joined(separator: " AND ")))
            """, binds)
        return try found.first?.decode(Bool.self) ?? true
    }

    /// Whether every timestamp of `rows` can be written as text, as a `timestamptz` column reads it.
    static func timestampsFit(_ rows: [Row], positions: [Int], types: [ColumnType]) -> Bool {
        let timestampPositions = zip(positions, types).filter { $0.1 == .timestamp }.map(\.0)
        for row in rows {
            for position in timestampPositions {
                if case let .timestamp(t) = row.values[position], !CopyText.textTimestamps.contains(t) { return false }
            }
        }
        return true
    }

    /// The positions of the columns that some row sets to a value, and of the key columns.
    static func setPositions(of rows: [Row], in columns: ColumnList) -> [Int] {
        var used = columns.columns.map { $0.role == .key }
        var remaining = used.lazy.filter { !$0 }.count
        for row in rows where remaining > 0 {
            for (index, value) in row.values.enumerated() where !used[index] {
                if case .null = value { continue }
                used[index] = true
                remaining -= 1
            }
        }
        return used.indices.filter { used[$0] }
    }
}

/// The statement that moves staged rows into their table.
enum UpsertStatement {
    /// `INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET …`, counting the rows that were new.
    ///
    /// Keys are never updated, nor `_tributary_deleted` (a deletion is final). A complete row also clears
    /// the data columns it does not set; parent columns stay, as each parent sets its own. A row whose
    /// `xmax` is 0 after the statement was inserted by it rather than updated.
    static func sql(into table: QualifiedName, from stage: SQLIdentifier, columns: [SQLIdentifier], types: [ColumnType],
                    schema: TableSchema, complete: Bool) throws(WarehouseError) -> String {
        let selected = zip(columns, types).map { name, type in type == .timestamp ? "to_timestamp(\(name.quoted))" : name.quoted }
        let keys = try schema.primaryKey.map { key throws(WarehouseError) in try SQLIdentifier(key).quoted }
        let keySet = Set(schema.primaryKey)
        var assignments = columns.filter { !keySet.contains($0.name) }.map { "\($0.quoted) = excluded.\($0.quoted)" }
        if complete {
            let set = Set(columns.map(\.name))
            for column in schema.columns where column.role == .data && !set.contains(column.name) {
                assignments.append("\(try SQLIdentifier(column.name).quoted) = NULL")
            }
        }
        return """
            WITH upserted AS (
              INSERT INTO \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", ")))
              SELECT \(selected.joined(separator: ", ")) FROM \(stage.quoted)
              ON CONFLICT (\(keys.joined(separator: ", "))) \(assignments.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + assignments.joined(separator: ", "))
              RETURNING xmax = 0 AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) FROM upserted
            """
    }
}
