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
            guard try writer.schema(db, physical.name, namespace: namespace) != nil else { return 0 }
            let now = SchemaStore.now()
            let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
            let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
            let accountColumn = try SQLIdentifier(SystemColumn.account).quoted
            let accountCondition = account == nil ? "\(accountColumn) IS NULL" : "\(accountColumn) = ?"
            var arguments: StatementArguments = [threshold]
            if let account { arguments += [account] }
            // Children first, while the parents still read as live: their rows follow their parent.
            for child in try SchemaStore.children(db, of: physical.name) {
                try db.execute(sql: """
                    UPDATE \(try SQLIdentifier(child.table).quoted) SET \(deleted) = 1, \(synced) = ?
                    WHERE \(deleted) = 0 AND \(try SQLIdentifier(child.column).quoted) IN (
                      SELECT "id" FROM \(physical.quoted) WHERE \(deleted) = 0 AND \(synced) < ? AND \(accountCondition))
                    """, arguments: [now] + arguments)
            }
            try db.execute(sql: """
                UPDATE \(physical.quoted) SET \(deleted) = 1, \(synced) = ?
                WHERE \(deleted) = 0 AND \(synced) < ? AND \(accountCondition)
                """, arguments: [now] + arguments)
            return db.changesCount
        }
    }
}
