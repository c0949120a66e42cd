import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension BatchWriter {
    /// Marks an object `_tributary_deleted`, with the rows of child tables that hang off it. An object
    /// never seen gets a row holding only its key, so that a deletion read before the object's last state
    /// still wins: upserts never clear the mark.
    mutating func markDeleted(_ deletion: Deletion) throws {
        let (physical, schema) = try table(deletion.table)
        let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
        let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
        let parentColumn = schema.primaryKey.first { $0 != "id" && $0 != SystemColumn.position }
        var condition = #""id" = ?"#
        var key: StatementArguments = [deletion.id]
        if let parentColumn, let parentID = deletion.parentID {
            condition += " AND \(try SQLIdentifier(parentColumn).quoted) = ?"
            key += [parentID]
        }
        try db.execute(sql: "UPDATE \(physical.quoted) SET \(deleted) = 1, \(synced) = ? WHERE \(condition) AND \(deleted) = 0",
                       arguments: [now] + key)
        var marked = db.changesCount
        let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(physical.quoted) WHERE \(condition))",
                                       arguments: key) ?? false
        if !exists, parentColumn == nil || deletion.parentID != nil {
            var columns = ["id", SystemColumn.deleted, SystemColumn.syncedAt, SystemColumn.account]
            var values: [(any DatabaseValueConvertible)?] = [deletion.id, true, now, deletion.account]
            if let parentColumn {
                columns.append(parentColumn)
                values.append(deletion.parentID)
            }
            let names = try columns.map { try SQLIdentifier($0).quoted }.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO \(physical.quoted) (\(names)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))",
                           arguments: StatementArguments(values))
            marked += 1
        }
        summary.tables[deletion.table, default: TableCounts()].deleted += marked
        for child in try SchemaStore.children(db, of: physical.name) {
            try db.execute(sql: """
                UPDATE \(try SQLIdentifier(child.table).quoted) SET \(deleted) = 1, \(synced) = ?
                WHERE \(try SQLIdentifier(child.column).quoted) = ? AND \(deleted) = 0
                """, arguments: [now, deletion.id])
            summary.tables[SQLiteNaming.logical(child.table, in: namespace), default: TableCounts()].deleted += db.changesCount
        }
    }
}
