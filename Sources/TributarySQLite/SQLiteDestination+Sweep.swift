import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension SQLiteDestination {
    @discardableResult
    public func markDeleted(notSyncedSince syncedBefore: Int64, table: String, account: String?,
                            in namespace: Namespace, run: RunID?) async throws -> Int {
        let physical = try SQLiteNaming.table(table, in: namespace)
        let threshold = Timestamp.text(syncedBefore)
        return try await database { [writer] db in
            guard let schema = try writer.schema(db, physical.name, namespace: namespace) else { return 0 }
            let now = SchemaStore.now()
            let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
            let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
            let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
            let accountColumn = try SQLIdentifier(SystemColumn.account).quoted
            let accountCondition = account == nil ? "\(accountColumn) IS NULL" : "\(accountColumn) = ?"
            var arguments: StatementArguments = [threshold]
            if let account { arguments += [account] }
            let stale = "\(deleted) = 0 AND \(synced) < ? AND \(accountCondition)"
            // Children first, while the parents still read as live: their rows follow their parent.
            for child in try SchemaStore.children(db, of: physical.name) {
                let childTable = try SQLIdentifier(child.table)
                let condition = "\(deleted) = 0 AND \(try SQLIdentifier(child.column).quoted) IN (SELECT \"id\" FROM \(physical.quoted) WHERE \(stale))"
                if let childSchema = try writer.schema(db, child.table, namespace: namespace) {
                    try UndoLog.capture(db, run: run?.rawValue, childTable, schema: childSchema, where: condition, arguments: arguments)
                }
                try db.execute(sql: """
                    UPDATE \(childTable.quoted) SET \(deleted) = 1, \(synced) = ?, \(runColumn) = coalesce(?, \(runColumn))
                    WHERE \(condition)
                    """, arguments: [now, run?.rawValue] + arguments)
            }
            try UndoLog.capture(db, run: run?.rawValue, physical, schema: schema, where: stale, arguments: arguments)
            try db.execute(sql: """
                UPDATE \(physical.quoted) SET \(deleted) = 1, \(synced) = ?, \(runColumn) = coalesce(?, \(runColumn))
                WHERE \(stale)
                """, arguments: [now, run?.rawValue] + arguments)
            return db.changesCount
        }
    }
}
