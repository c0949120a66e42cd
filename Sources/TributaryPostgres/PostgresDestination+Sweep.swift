import Foundation
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

extension PostgresDestination {
    @discardableResult
    public func markDeleted(notSyncedSince syncedBefore: Int64, table: String, account: String?,
                            in namespace: Namespace, run: RunID?) async throws -> Int {
        let name = try PostgresNaming.table(table, in: namespace)
        return try await session.run("sweeping \(name)") { [session] context in
            guard try await session.schema(context, name, namespace: namespace) != nil else { return 0 }
            let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
            let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
            let accountColumn = try SQLIdentifier(SystemColumn.account).quoted
            // $3 is NULL for the platform's rows; IS NOT DISTINCT FROM matches NULL with NULL.
            var binds = PostgresBindings.of(PostgresSession.now(), Date(timeIntervalSince1970: TimeInterval(syncedBefore)))
            binds.append(account)
            let stale = "NOT \(deleted) AND \(synced) < $2 AND \(accountColumn) IS NOT DISTINCT FROM $3::text"
            // Children first, while the parents still read as live: their rows follow their parent.
            for child in try await PostgresSchemaStore.children(context, of: name) {
                try await context.execute("""
                    UPDATE \(child.table.quoted) SET \(deleted) = true, \(synced) = $1
                    WHERE NOT \(deleted) AND \(try SQLIdentifier(child.column).quoted) IN (SELECT "id" FROM \(name.quoted) WHERE \(stale))
                    """, binds)
            }
            return try await context.execute("UPDATE \(name.quoted) SET \(deleted) = true, \(synced) = $1 WHERE \(stale)", binds)
        }
    }
}
