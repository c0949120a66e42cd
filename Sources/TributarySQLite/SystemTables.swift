import GRDB

/// The DDL of the system tables every source of a SQLite destination shares.
enum SystemTables {
    static let state = "_tributary_state"
    static let runs = "_tributary_runs"
    static let schema = "_tributary_schema"
    static let rejects = "_tributary_rejects"

    static let ddl = [
        """
        CREATE TABLE IF NOT EXISTS "_tributary_state" (
          "source" TEXT NOT NULL,
          "key" TEXT NOT NULL,
          "value" TEXT NOT NULL,
          "updated_at" TIMESTAMP NOT NULL,
          PRIMARY KEY ("source", "key")
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS "_tributary_runs" (
          "run_id" INTEGER PRIMARY KEY AUTOINCREMENT,
          "source" TEXT NOT NULL,
          "started_at" TIMESTAMP NOT NULL,
          "finished_at" TIMESTAMP,
          "status" TEXT NOT NULL,
          "requests" INTEGER NOT NULL DEFAULT 0,
          "rate_limited" INTEGER NOT NULL DEFAULT 0,
          "retries" INTEGER NOT NULL DEFAULT 0,
          "inserted" INTEGER NOT NULL DEFAULT 0,
          "updated" INTEGER NOT NULL DEFAULT 0,
          "deleted" INTEGER NOT NULL DEFAULT 0,
          "rejected" INTEGER NOT NULL DEFAULT 0,
          "tables" TEXT NOT NULL DEFAULT '{}',
          "errors" TEXT NOT NULL DEFAULT '[]',
          "message" TEXT,
          "rollback_state" TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS "_tributary_schema" (
          "table_name" TEXT NOT NULL,
          "column_name" TEXT NOT NULL,
          "source" TEXT NOT NULL,
          "stripe_table" TEXT NOT NULL,
          "position" INTEGER NOT NULL,
          "type" TEXT NOT NULL,
          "role" TEXT NOT NULL,
          "path" TEXT NOT NULL,
          "parent_table" TEXT,
          "added_at" TIMESTAMP NOT NULL,
          "widened_from" TEXT,
          "widened_at" TIMESTAMP,
          PRIMARY KEY ("table_name", "column_name")
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS "_tributary_rejects" (
          "reject_id" INTEGER PRIMARY KEY AUTOINCREMENT,
          "source" TEXT NOT NULL,
          "stripe_table" TEXT NOT NULL,
          "object_id" TEXT,
          "account" TEXT,
          "reason" TEXT NOT NULL,
          "raw_json" TEXT NOT NULL,
          "rejected_at" TIMESTAMP NOT NULL,
          "run_id" INTEGER
        )
        """,
        #"CREATE INDEX IF NOT EXISTS "_tributary_runs_source" ON "_tributary_runs" ("source", "run_id")"#,
        #"CREATE INDEX IF NOT EXISTS "_tributary_schema_parent" ON "_tributary_schema" ("parent_table")"#,
    ]

    /// Brings system tables of a file made by an earlier version up to date.
    static func migrate(_ db: Database) throws {
        // The source's sync state as each run started: what rolling the run back rewinds to; NULL once
        // the run can no longer be rolled back.
        if try !db.columns(in: runs).contains(where: { $0.name == "rollback_state" }) {
            try db.execute(sql: #"ALTER TABLE "_tributary_runs" ADD COLUMN "rollback_state" TEXT"#)
        }
    }
}
