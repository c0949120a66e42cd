import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension BatchWriter {
    /// Marks an object `_tributary_deleted`, with the rows of child tables that hang off it. An object
    /// never seen gets a row holding only its key, so that a deletion read before the object's last state
    /// still wins: upserts never clear the mark. Marked rows name the batch's run; their images as they
    /// were go to the undo tables first.
    mutating func markDeleted(_ deletion: Deletion) throws {
        let (physical, schema) = try table(deletion.table)
        let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
        let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
        let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
        let parentColumn = schema.primaryKey.first { $0 != "id" && $0 != SystemColumn.position }
        var condition = #""id" = ?"#
        var key: StatementArguments = [deletion.id]
        if let parentColumn, let parentID = deletion.parentID {
            condition += " AND \(try SQLIdentifier(parentColumn).quoted) = ?"
            key += [parentID]
        }
        try UndoLog.capture(db, run: run, physical, schema: schema, where: "\(condition) AND \(deleted) = 0", arguments: key)
        try db.execute(sql: """
            UPDATE \(physical.quoted) SET \(deleted) = 1, \(synced) = ?, \(runColumn) = coalesce(?, \(runColumn))
            WHERE \(condition) AND \(deleted) = 0
            """, arguments: [now, run] + key)
        var marked = db.changesCount
        let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(physical.quoted) WHERE \(condition))",
                                       arguments: key) ?? false
        if !exists, parentColumn == nil || deletion.parentID != nil {
            var columns = ["id", SystemColumn.deleted, SystemColumn.syncedAt, SystemColumn.account, SystemColumn.runID]
            var values: [(any DatabaseValueConvertible)?] = [deletion.id, true, now, deletion.account, run]
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
            let childTable = try SQLIdentifier(child.table)
            let childCondition = "\(try SQLIdentifier(child.column).quoted) = ? AND \(deleted) = 0"
            if run != nil, let childSchema = try writer.schema(db, child.table, namespace: namespace) {
                try UndoLog.capture(db, run: run, childTable, schema: childSchema, where: childCondition, arguments: [deletion.id])
            }
            try db.execute(sql: """
                UPDATE \(childTable.quoted) SET \(deleted) = 1, \(synced) = ?, \(runColumn) = coalesce(?, \(runColumn))
                WHERE \(childCondition)
                """, arguments: [now, run, deletion.id])
            summary.tables[SQLiteNaming.logical(child.table, in: namespace), default: TableCounts()].deleted += db.changesCount
        }
    }
}
