import Foundation
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

extension PostgresDestination {
    public func pruneRollback(keepingRuns keep: Int, in namespace: Namespace) async throws {
        let source = namespace.source
        try await session.run("forgetting old undo images of \(source)") { context in
            let rows = try await context.rows("""
                SELECT "run_id" FROM \(context.system.runs) WHERE "source" = $1 ORDER BY "run_id" DESC LIMIT 1 OFFSET $2
                """, .of(source, Int64(max(keep, 1) - 1)))
            guard let oldestKept = try rows.first?.decode(Int64.self) else { return }
            try await context.execute("""
                UPDATE \(context.system.runs) SET "rollback_state" = NULL
                WHERE "source" = $1 AND "run_id" < $2 AND "rollback_state" IS NOT NULL
                """, .of(source, oldestKept))
            try await context.execute("""
                DELETE FROM \(context.system.undo) AS u USING \(context.system.runs) AS r
                WHERE u."run_id" = r."run_id" AND r."source" = $1 AND r."run_id" < $2
                """, .of(source, oldestKept))
        }
    }

    @discardableResult
    public func rollback(_ run: RunID, in namespace: Namespace, options: RollbackOptions) async throws -> RollbackSummary {
        try await session.run("rolling back run \(run)") { [session] context in
            // No run of any source starts or ends meanwhile, so the check below holds until the commit.
            try await context.execute("LOCK TABLE \(context.system.runs) IN EXCLUSIVE MODE")
            let found = try await context.rows("""
                SELECT "source", "status", "rollback_state"::text FROM \(context.system.runs) WHERE "run_id" = $1
                """, .of(run.rawValue))
            let record = try found.first.map { try $0.decode((String, String, String?).self) }
            let running = try await context.rows("""
                SELECT "run_id" FROM \(context.system.runs) WHERE "source" = $1 AND "status" = $2 ORDER BY "run_id"
                """, .of(namespace.source, RunRecord.Status.running.rawValue)).map { RunID(rawValue: try $0.decode(Int64.self)) }
            try RollbackCheck.check(run, record.map {
                RollbackCheck.Run(source: $0.0, status: RunRecord.Status(rawValue: $0.1) ?? .running, undoable: $0.2 != nil)
            }, namespace: namespace, running: running, options: options)
            let stateText = record?.2 ?? "{}"
            let runs = try await context.rows("""
                SELECT "run_id" FROM \(context.system.runs) WHERE "source" = $1 AND "run_id" >= $2 AND "status" <> $3 ORDER BY "run_id"
                """, .of(namespace.source, run.rawValue, RunRecord.Status.rolledBack.rawValue)).map { RunID(rawValue: try $0.decode(Int64.self)) }
            var summary = RollbackSummary(runs: runs, dryRun: options.dryRun)
            summary.state = try JSONDecoder().decode([String: String].self, from: Data(stateText.utf8))
            if options.dryRun { try await context.execute("SAVEPOINT tributary_rollback") }
            for table in try await Self.qualifiedTables(context, in: namespace) {
                guard let schema = try await session.schema(context, table, namespace: namespace) else { continue }
                let counts = try await Self.rollBack(context, table: table, schema: schema, from: run.rawValue)
                if counts != RollbackSummary.Counts() { summary.tables[PostgresNaming.logical(table.table.name, in: namespace)] = counts }
            }
            try await context.execute(#"DELETE FROM "# + context.system.state + #" WHERE "source" = $1"#, .of(namespace.source))
            try await context.execute("""
                INSERT INTO \(context.system.state) ("source", "key", "value", "updated_at")
                SELECT $1, "key", "value", $2 FROM jsonb_each_text($3::jsonb)
                """, .of(namespace.source, PostgresSession.now(), stateText))
            try await context.execute(#"DELETE FROM "# + context.system.rejects + #" WHERE "source" = $1 AND "run_id" >= $2"#,
                                      .of(namespace.source, run.rawValue))
            try await context.execute("""
                UPDATE \(context.system.runs) SET "status" = $1, "rollback_state" = NULL
                WHERE "source" = $2 AND "run_id" >= $3 AND "status" <> $1
                """, .of(RunRecord.Status.rolledBack.rawValue, namespace.source, run.rawValue))
            if options.dryRun { try await context.execute("ROLLBACK TO SAVEPOINT tributary_rollback") }
            return summary
        }
    }

    /// Undoes the runs from `run` on in one table: removes the rows they wrote, then puts back each key's
    /// image from the earliest of them, when that image is of a row written before `run` (a later image
    /// is of a row one of the runs created), and forgets their images.
    private static func rollBack(_ context: PostgresContext, table: QualifiedName, schema: TableSchema,
                                 from run: Int64) async throws -> RollbackSummary.Counts {
        guard schema.column(SystemColumn.runID) != nil else { return RollbackSummary.Counts() }
        let runColumn = try SQLIdentifier(SystemColumn.runID).quoted
        let place = #""schema_name" = "# + PostgresUndo.literal(table.schema.name) + #" AND "table_name" = "#
            + PostgresUndo.literal(table.table.name)
        var counts = RollbackSummary.Counts()
        counts.removed = try await context.execute("DELETE FROM \(table.quoted) WHERE \(runColumn) >= $1", .of(run))
        // A row the runs changed always names one of them; any other holding such a key goes too.
        counts.removed += try await context.execute("""
            DELETE FROM \(table.quoted) AS t USING \(context.system.undo) AS u
            WHERE u.\(place) AND u."run_id" >= $1 AND u."key" = \(try PostgresUndo.key(schema, alias: "t"))
            """, .of(run))
        counts.restored = try await context.execute("""
            INSERT INTO \(table.quoted)
            SELECT \(PostgresUndo.rows(of: table, undo: context.system.undo))
            WHERE s.\(place) AND s."run_id" >= $1 AND coalesce(s."row_run_id" < $1, true)
              AND NOT EXISTS (SELECT 1 FROM \(context.system.undo) AS e
                              WHERE e.\(place) AND e."key" = s."key" AND e."run_id" >= $1 AND e."run_id" < s."run_id")
            """, .of(run))
        try await context.execute("DELETE FROM \(context.system.undo) WHERE \(place) AND \"run_id\" >= $1", .of(run))
        return counts
    }
}
