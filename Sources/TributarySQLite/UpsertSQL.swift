import TributaryNormalizer
import TributaryWarehouse

/// The SQL of multi-row upserts and of the key look-ups that count them.
enum UpsertSQL {
    /// `INSERT … VALUES (…), (…) ON CONFLICT (key) DO UPDATE SET …`.
    ///
    /// Keys are never updated, nor `_tributary_deleted` (a deletion is final). A complete row also clears
    /// the data columns it does not set; parent columns stay, as each parent sets its own.
    static func upsert(_ table: SQLIdentifier, columns: ColumnList, rows: Int, schema: TableSchema,
                       complete: Bool) throws(WarehouseError) -> String {
        let names = try columns.columns.map { column throws(WarehouseError) in try SQLIdentifier(column.name).quoted }
        let placeholders = "(" + Array(repeating: "?", count: names.count).joined(separator: ",") + ")"
        var sql = "INSERT INTO \(table.quoted) (" + names.joined(separator: ",") + ") VALUES "
        sql += Array(repeating: placeholders, count: rows).joined(separator: ",")
        let keys = try schema.primaryKey.map { key throws(WarehouseError) in try SQLIdentifier(key).quoted }
        sql += " ON CONFLICT (" + keys.joined(separator: ",") + ")"
        let keySet = Set(schema.primaryKey)
        var assignments: [String] = []
        for (column, name) in zip(columns.columns, names) where !keySet.contains(column.name) {
            assignments.append("\(name)=excluded.\(name)")
        }
        if complete {
            let set = Set(columns.columns.map(\.name))
            for column in schema.columns where column.role == .data && !set.contains(column.name) {
                assignments.append("\(try SQLIdentifier(column.name).quoted)=NULL")
            }
        }
        sql += assignments.isEmpty ? " DO NOTHING" : " DO UPDATE SET " + assignments.joined(separator: ",")
        return sql
    }

    /// `SELECT count(*)` of the rows that already have one of `rows` keys.
    static func countExisting(_ table: SQLIdentifier, keys: [String], rows: Int) throws(WarehouseError) -> String {
        "SELECT count(*) FROM \(table.quoted) WHERE " + (try keyCondition(keys: keys, rows: rows))
    }

    /// The undo images of the rows that have one of `rows` keys, for the run bound first; the keys
    /// follow.
    static func captureExisting(_ table: SQLIdentifier, schema: TableSchema, rows: Int) throws(WarehouseError) -> String {
        try UndoLog.captureSQL(table, columns: schema.columns, where: keyCondition(keys: schema.primaryKey, rows: rows))
    }

    /// `key IN (?, …)`, or `(a, b) IN (VALUES (?, ?), …)` for a key of several columns.
    static func keyCondition(keys: [String], rows: Int) throws(WarehouseError) -> String {
        let quoted = try keys.map { key throws(WarehouseError) in try SQLIdentifier(key).quoted }
        if quoted.count == 1 {
            return "\(quoted[0]) IN (" + Array(repeating: "?", count: rows).joined(separator: ",") + ")"
        }
        let tuple = "(" + Array(repeating: "?", count: quoted.count).joined(separator: ",") + ")"
        return "(" + quoted.joined(separator: ",") + ") IN (VALUES " + Array(repeating: tuple, count: rows).joined(separator: ",") + ")"
    }
}
