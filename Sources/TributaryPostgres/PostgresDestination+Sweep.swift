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
            guard let schema = try await session.schema(context, name, namespace: namespace) else { return 0 }
            let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
            let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
            let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
            let accountColumn = try SQLIdentifier(SystemColumn.account).quoted
            // $3 is NULL for the platform's rows; IS NOT DISTINCT FROM matches NULL with NULL. $4 is the run,
            // NULL outside one.
            var binds = PostgresBindings.of(PostgresSession.now(), Date(timeIntervalSince1970: TimeInterval(syncedBefore)))
            binds.append(account)
            binds.append(run?.rawValue)
            let stale = "NOT \(deleted) AND \(synced) < $2 AND \(accountColumn) IS NOT DISTINCT FROM $3::text"
            let mark = "\(deleted) = true, \(synced) = $1, \(runColumn) = coalesce($4::bigint, \(runColumn))"
            // Children first, while the parents still read as live: their rows follow their parent.
            for child in try await PostgresSchemaStore.children(context, of: name) {
                let condition = "NOT t.\(deleted) AND t.\(try SQLIdentifier(child.column).quoted) IN (SELECT \"id\" FROM \(name.quoted) WHERE \(stale))"
                if let childSchema = try await session.schema(context, child.table, namespace: namespace) {
                    try await PostgresUndo.capture(context, run: run?.rawValue, table: child.table, schema: childSchema,
                                                   where: condition, runParameter: 4, binds: binds)
                }
                try await context.execute("UPDATE \(child.table.quoted) AS t SET \(mark) WHERE \(condition)", binds)
            }
            try await PostgresUndo.capture(context, run: run?.rawValue, table: name, schema: schema, where: stale,
                                           runParameter: 4, binds: binds)
            return try await context.execute("UPDATE \(name.quoted) AS t SET \(mark) WHERE \(stale)", binds)
        }
    }
}
