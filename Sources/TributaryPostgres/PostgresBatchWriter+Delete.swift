import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

extension PostgresBatchWriter {
    /// Marks an object `_tributary_deleted`, with the rows of child tables that hang off it. An object
    /// never seen gets a row holding only its key, so that a deletion read before the object's last state
    /// still wins: upserts never clear the mark. Marked rows name the batch's run; their images as they
    /// were go to the undo table first.
    mutating func markDeleted(_ deletion: Deletion) async throws {
        let (name, schema) = try await table(deletion.table)
        let deleted = try SQLIdentifier(SystemColumn.deleted).quoted
        let synced = try SQLIdentifier(SystemColumn.syncedAt).quoted
        let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
        let parentColumn = schema.primaryKey.first { $0 != "id" && $0 != SystemColumn.position }
        // $4 is the run, NULL outside one.
        var binds = PostgresBindings.of(now, deletion.id)
        binds.append(deletion.account)
        binds.append(run)
        var condition = #""id" = $2"#
        var columns = ["id", SystemColumn.deleted, SystemColumn.syncedAt, SystemColumn.account, SystemColumn.runID]
        var values = ["$2::text", "true", "$1::timestamptz", "$3::text", "$4::bigint"]
        if let parentColumn, let parentID = deletion.parentID {
            binds.append(parentID)
            condition += " AND \(try SQLIdentifier(parentColumn).quoted) = $5"
            columns.append(parentColumn)
            values.append("$5::text")
        }
        if let run {
            var key = PostgresBindings.of(run, deletion.id)
            var keyCondition = #""id" = $2"#
            if let parentColumn, let parentID = deletion.parentID {
                key.append(parentID)
                keyCondition += " AND \(try SQLIdentifier(parentColumn).quoted) = $3"
            }
            try await PostgresUndo.capture(context, run: run, table: name, schema: schema, where: "\(keyCondition) AND NOT \(deleted)",
                                           runParameter: 1, binds: key)
        }
        // A key-only row needs the whole key: a nested object's deletion without its parent's id marks
        // the rows it finds and adds none.
        let mayInsert = parentColumn == nil || deletion.parentID != nil
        let names = try columns.map { try SQLIdentifier($0).quoted }.joined(separator: ", ")
        // Both parts see the table as it was before the statement: the insert happens only when no row
        // has the key, the update only when one does.
        let rows = try await context.rows("""
            WITH marked AS (
              UPDATE \(name.quoted) SET \(deleted) = true, \(synced) = $1, \(runColumn) = coalesce($4::bigint, \(runColumn))
              WHERE \(condition) AND NOT \(deleted) RETURNING 1
            ), added AS (
              INSERT INTO \(name.quoted) (\(names)) SELECT \(values.joined(separator: ", "))
              WHERE \(mayInsert) AND NOT EXISTS (SELECT 1 FROM \(name.quoted) WHERE \(condition))
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM marked) + (SELECT count(*) FROM added)
            """, binds)
        summary.tables[deletion.table, default: TableCounts()].deleted += Int(try rows.first?.decode(Int64.self) ?? 0)
        for child in try await PostgresSchemaStore.children(context, of: name) {
            var childBinds = PostgresBindings.of(now, deletion.id)
            childBinds.append(run)
            let childCondition = "\(try SQLIdentifier(child.column).quoted) = $2 AND NOT \(deleted)"
            if run != nil, let childSchema = try await session.schema(context, child.table, namespace: namespace) {
                try await PostgresUndo.capture(context, run: run, table: child.table, schema: childSchema, where: childCondition,
                                               runParameter: 3, binds: childBinds)
            }
            let marked = try await context.execute("""
                UPDATE \(child.table.quoted) SET \(deleted) = true, \(synced) = $1, \(runColumn) = coalesce($3::bigint, \(runColumn))
                WHERE \(childCondition)
                """, childBinds)
            summary.tables[PostgresNaming.logical(child.table.table.name, in: namespace), default: TableCounts()].deleted += marked
        }
    }
}
