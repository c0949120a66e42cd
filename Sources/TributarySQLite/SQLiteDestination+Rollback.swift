import Foundation
import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension SQLiteDestination {
    public func pruneRollback(keepingRuns keep: Int, in namespace: Namespace) async throws {
        try await database { db in
            guard let oldestKept = try Int64.fetchOne(db, sql: """
                SELECT "run_id" FROM "_tributary_runs" WHERE "source" = ? ORDER BY "run_id" DESC LIMIT 1 OFFSET ?
                """, arguments: [namespace.source, max(keep, 1) - 1]) else { return }
            try db.execute(sql: """
                UPDATE "_tributary_runs" SET "rollback_state" = NULL
                WHERE "source" = ? AND "run_id" < ? AND "rollback_state" IS NOT NULL
                """, arguments: [namespace.source, oldestKept])
            let undoRun = try SQLIdentifier(UndoLog.runColumn).quoted
            for table in try Self.physicalTables(db, in: namespace) {
                let shadow = try UndoLog.table(for: table)
                guard try SchemaStore.exists(db, physical: shadow.name) else { continue }
                try db.execute(sql: "DELETE FROM \(shadow.quoted) WHERE \(undoRun) < ?", arguments: [oldestKept])
            }
        }
    }

    @discardableResult
    public func rollback(_ run: RunID, in namespace: Namespace, options: RollbackOptions) async throws -> RollbackSummary {
        try await database { [writer] db in
            let record = try GRDB.Row.fetchOne(db, sql: """
                SELECT "source", "status", "rollback_state" FROM "_tributary_runs" WHERE "run_id" = ?
                """, arguments: [run.rawValue])
            let running = try Int64.fetchAll(db, sql: """
                SELECT "run_id" FROM "_tributary_runs" WHERE "source" = ? AND "status" = ? ORDER BY "run_id"
                """, arguments: [namespace.source, RunRecord.Status.running.rawValue])
            let stateText: String? = record?["rollback_state"]
            try RollbackCheck.check(run, record.map {
                RollbackCheck.Run(source: $0["source"], status: RunRecord.Status(rawValue: $0["status"]) ?? .running,
                                  undoable: stateText != nil)
            }, namespace: namespace, running: running.map(RunID.init), options: options)
            let runs = try Int64.fetchAll(db, sql: """
                SELECT "run_id" FROM "_tributary_runs" WHERE "source" = ? AND "run_id" >= ? AND "status" <> ? ORDER BY "run_id"
                """, arguments: [namespace.source, run.rawValue, RunRecord.Status.rolledBack.rawValue])
            var summary = RollbackSummary(runs: runs.map(RunID.init), dryRun: options.dryRun)
            summary.state = try JSONDecoder().decode([String: String].self, from: Data((stateText ?? "{}").utf8))
            let undo = {
                for table in try Self.physicalTables(db, in: namespace) {
                    guard let schema = try writer.schema(db, table, namespace: namespace) else { continue }
                    let counts = try Self.rollBack(db, table: try SQLIdentifier(table), schema: schema, from: run.rawValue)
                    if counts != RollbackSummary.Counts() { summary.tables[SQLiteNaming.logical(table, in: namespace)] = counts }
                }
                try db.execute(sql: #"DELETE FROM "_tributary_state" WHERE "source" = ?"#, arguments: [namespace.source])
                try db.execute(sql: """
                    INSERT INTO "_tributary_state" ("source", "key", "value", "updated_at")
                    SELECT ?, "key", "value", ? FROM json_each(?)
                    """, arguments: [namespace.source, SchemaStore.now(), stateText])
                try db.execute(sql: #"DELETE FROM "_tributary_rejects" WHERE "source" = ? AND "run_id" >= ?"#,
                               arguments: [namespace.source, run.rawValue])
                try db.execute(sql: """
                    UPDATE "_tributary_runs" SET "status" = ?, "rollback_state" = NULL
                    WHERE "source" = ? AND "run_id" >= ? AND "status" <> ?
                    """, arguments: [RunRecord.Status.rolledBack.rawValue, namespace.source, run.rawValue,
                                     RunRecord.Status.rolledBack.rawValue])
            }
            if options.dryRun {
                try db.inSavepoint {
                    try undo()
                    return .rollback
                }
            } else {
                try undo()
            }
            return summary
        }
    }

    /// Undoes the runs from `run` on in one table: removes the rows they wrote, then puts back each key's
    /// image from the earliest of them, when that image is of a row written before `run` (a later image
    /// is of a row one of the runs created), and forgets their images.
    private static func rollBack(_ db: Database, table: SQLIdentifier, schema: TableSchema,
                                 from run: Int64) throws -> RollbackSummary.Counts {
        guard schema.column(SystemColumn.runID) != nil else { return RollbackSummary.Counts() }
        let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
        var counts = RollbackSummary.Counts()
        try db.execute(sql: "DELETE FROM \(table.quoted) WHERE \(runColumn) >= ?", arguments: [run])
        counts.removed = db.changesCount
        let shadow = try UndoLog.table(for: table.name)
        guard try SchemaStore.exists(db, physical: shadow.name) else { return counts }
        let undoRun = try SQLIdentifier(UndoLog.runColumn).quoted
        let names = try schema.columns.map { try SQLIdentifier($0.name).quoted }
        let sameKey = try schema.primaryKey.map { key -> String in
            let quoted = try SQLIdentifier(key).quoted
            return "e.\(quoted) = s.\(quoted)"
        }.joined(separator: " AND ")
        try db.execute(sql: """
            INSERT OR REPLACE INTO \(table.quoted) (\(names.joined(separator: ", ")))
            SELECT \(names.map { "s." + $0 }.joined(separator: ", ")) FROM \(shadow.quoted) AS s
            WHERE s.\(undoRun) >= ?1 AND (s.\(runColumn) IS NULL OR s.\(runColumn) < ?1)
              AND NOT EXISTS (SELECT 1 FROM \(shadow.quoted) AS e WHERE \(sameKey) AND e.\(undoRun) >= ?1 AND e.\(undoRun) < s.\(undoRun))
            """, arguments: [run])
        counts.restored = db.changesCount
        try db.execute(sql: "DELETE FROM \(shadow.quoted) WHERE \(undoRun) >= ?", arguments: [run])
        return counts
    }
}
