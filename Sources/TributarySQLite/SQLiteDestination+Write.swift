import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension SQLiteDestination {
    @discardableResult
    public func write(_ batch: WriteBatch) async throws -> WriteSummary {
        let rowsPerStatement = configuration.rowsPerStatement
        return try await database { [writer] db in
            var batchWriter = BatchWriter(db: db, writer: writer, namespace: batch.namespace, now: SchemaStore.now(),
                                          rowsPerStatement: rowsPerStatement, run: batch.run?.rawValue)
            try batchWriter.write(batch)
            return batchWriter.summary
        }
    }
}

/// One batch's way through one transaction: replacements, upserts, deletions, rejects, state; with the
/// undo images of the rows it changes or removes that its run had not written yet.
struct BatchWriter {
    let db: Database
    let writer: WriterState
    let namespace: Namespace
    let now: String
    let rowsPerStatement: Int
    /// The batch's run: what deletion marks set `_tributary_run_id` to, and what undo images are kept for.
    let run: Int64?
    var summary = WriteSummary()

    mutating func write(_ batch: WriteBatch) throws {
        var order: [String] = []
        var byTable: [String: [Row]] = [:]
        for row in batch.rows {
            if byTable[row.table] == nil { order.append(row.table) }
            byTable[row.table, default: []].append(row)
        }
        for table in order {
            let rows = byTable[table]!
            try replace(batch.replacements.filter { $0.table == table }, keeping: rows, table: table)
            try upsert(rows, table: table)
        }
        for replacement in batch.replacements where byTable[replacement.table] == nil {
            try replace([replacement], keeping: [], table: replacement.table)
        }
        for deletion in batch.deletions { try markDeleted(deletion) }
        for reject in batch.rejects { try record(reject, run: batch.run) }
        for entry in batch.state {
            try db.execute(sql: """
                INSERT INTO "_tributary_state" ("source", "key", "value", "updated_at") VALUES (?, ?, ?, ?)
                ON CONFLICT ("source", "key") DO UPDATE SET "value" = excluded."value", "updated_at" = excluded."updated_at"
                """, arguments: [entry.source, entry.key, entry.value, now])
        }
    }

    /// The table's physical name and schema; rows of tables never prepared are refused.
    func table(_ table: String) throws -> (SQLIdentifier, TableSchema) {
        let physical = try SQLiteNaming.table(table, in: namespace)
        guard let schema = try writer.schema(db, physical.name, namespace: namespace) else {
            throw WarehouseError(.tableNotPrepared, "\(physical.name) was not prepared; call prepare(_:in:) with its schema first")
        }
        return (physical, schema)
    }

    /// Removes the child rows of each replacement's parent that `rows` no longer hold.
    private mutating func replace(_ replacements: [ChildReplacement], keeping rows: [Row], table: String) throws {
        guard !replacements.isEmpty else { return }
        let (physical, schema) = try self.table(table)
        for replacement in replacements {
            guard let keyColumn = schema.primaryKey.first(where: { $0 != replacement.parentColumn }) else { continue }
            var keep: [JSONValueText] = []
            for row in rows where row[replacement.parentColumn] == .text(replacement.parentID) {
                if let key = row[keyColumn] { keep.append(JSONValueText(key)) }
            }
            let condition = """
                \(try SQLIdentifier(replacement.parentColumn).quoted) = ? \
                AND \(try SQLIdentifier(keyColumn).quoted) NOT IN (SELECT value FROM json_each(?))
                """
            let arguments: StatementArguments = [replacement.parentID, "[" + keep.map(\.text).joined(separator: ",") + "]"]
            try UndoLog.capture(db, run: run, physical, schema: schema, where: condition, arguments: arguments)
            try db.execute(sql: "DELETE FROM \(physical.quoted) WHERE \(condition)", arguments: arguments)
            summary.tables[table, default: TableCounts()].deleted += db.changesCount
        }
    }

    private mutating func record(_ reject: Reject, run: RunID?) throws {
        try db.execute(sql: """
            INSERT INTO "_tributary_rejects" ("source", "stripe_table", "object_id", "account", "reason", "raw_json",
              "rejected_at", "run_id")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [namespace.source, reject.collection, reject.objectID, reject.account, reject.reason,
                             reject.rawJSON, now, run?.rawValue])
        summary.tables[reject.collection, default: TableCounts()].rejected += 1
    }
}

/// A key value as a JSON literal, for `json_each`.
struct JSONValueText {
    let text: String

    init(_ value: Value) {
        switch value {
        case let .integer(i), let .timestamp(i): text = String(i)
        case let .text(s), let .json(s): text = JSONText.string(s)
        case let .real(d): text = JSONText.number(d)
        case let .boolean(b): text = b ? "1" : "0"
        case .null: text = "null"
        }
    }
}
