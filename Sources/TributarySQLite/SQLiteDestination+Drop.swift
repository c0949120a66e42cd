import GRDB
import TributaryWarehouse

extension SQLiteDestination {
    public func tables(in namespace: Namespace) async throws -> [String] {
        try await pool.read { db in try Self.physicalTables(db, in: namespace) }
    }

    @discardableResult
    public func dropSource(_ namespace: Namespace) async throws -> [String] {
        try await database { [writer] db in
            let tables = try Self.physicalTables(db, in: namespace)
            for table in tables {
                try db.execute(sql: "DROP TABLE IF EXISTS \(try SQLIdentifier(table).quoted)")
                try db.execute(sql: "DROP TABLE IF EXISTS \(try UndoLog.table(for: table).quoted)")
                try db.execute(sql: #"DELETE FROM "_tributary_schema" WHERE "table_name" = ?"#, arguments: [table])
            }
            try db.execute(sql: #"DELETE FROM "_tributary_state" WHERE "source" = ?"#, arguments: [namespace.source])
            try db.execute(sql: #"DELETE FROM "_tributary_rejects" WHERE "source" = ?"#, arguments: [namespace.source])
            // With their tables gone, the source's runs can no longer be rolled back.
            try db.execute(sql: #"UPDATE "_tributary_runs" SET "rollback_state" = NULL WHERE "source" = ?"#,
                           arguments: [namespace.source])
            // Cached schemas and statements of the dropped tables must not outlive them.
            writer.reset()
            return tables
        }
    }

    /// The tables `_tributary_schema` records whose physical name is the namespace's name for their Stripe
    /// table: exactly the namespace's, never another prefix's that happens to start the same way.
    static func physicalTables(_ db: Database, in namespace: Namespace) throws -> [String] {
        let rows = try GRDB.Row.fetchAll(db, sql: #"SELECT DISTINCT "table_name", "stripe_table" FROM "_tributary_schema""#)
        var tables: [String] = []
        for row in rows {
            let physical: String = row["table_name"]
            let stripeTable: String = row["stripe_table"]
            if (try? SQLiteNaming.table(stripeTable, in: namespace).name) == physical { tables.append(physical) }
        }
        return tables.sorted()
    }
}
