import PostgresNIO
import TributaryWarehouse

extension PostgresDestination {
    public func tables(in namespace: Namespace) async throws -> [String] {
        try await session.run("listing the tables of \(namespace.source)", transaction: false) { context in
            try await Self.qualifiedTables(context, in: namespace).map(\.quoted).map(Self.plain)
        }
    }

    @discardableResult
    public func dropSource(_ namespace: Namespace) async throws -> [String] {
        try await session.run("dropping the tables of \(namespace.source)") { [session] context in
            try await context.execute(PostgresSession.ddlLock)
            let tables = try await Self.qualifiedTables(context, in: namespace)
            for table in tables {
                try await context.execute("DROP TABLE IF EXISTS \(table.quoted)")
                try await context.execute("""
                    DELETE FROM \(context.system.columns) WHERE "schema_name" = $1 AND "table_name" = $2
                    """, .of(table.schema.name, table.table.name))
                try await context.execute("""
                    DELETE FROM \(context.system.undo) WHERE "schema_name" = $1 AND "table_name" = $2
                    """, .of(table.schema.name, table.table.name))
            }
            // With their tables gone, the source's runs can no longer be rolled back.
            try await context.execute(#"UPDATE "# + context.system.runs + #" SET "rollback_state" = NULL WHERE "source" = $1"#,
                                      .of(namespace.source))
            try await context.execute(#"DELETE FROM "# + context.system.state + #" WHERE "source" = $1"#, .of(namespace.source))
            try await context.execute(#"DELETE FROM "# + context.system.rejects + #" WHERE "source" = $1"#, .of(namespace.source))
            // Cached schemas of the dropped tables must not outlive them.
            session.schemas.removeAll()
            return tables.map(\.quoted).map(Self.plain)
        }
    }

    /// The tables `_tributary_schema` records in the namespace's schema whose name is the namespace's
    /// name for their Stripe table: exactly the namespace's, never another prefix's.
    static func qualifiedTables(_ context: PostgresContext, in namespace: Namespace) async throws -> [QualifiedName] {
        let schema = try PostgresNaming.schema(of: namespace)
        let rows = try await context.rows("""
            SELECT DISTINCT "table_name", "stripe_table" FROM \(context.system.columns) WHERE "schema_name" = $1
            """, .of(schema.name))
        var tables: [QualifiedName] = []
        for row in rows {
            let (physical, stripeTable) = try row.decode((String, String).self)
            if let name = try? PostgresNaming.table(stripeTable, in: namespace), name.table.name == physical {
                tables.append(name)
            }
        }
        return tables.sorted { $0.table.name < $1.table.name }
    }

    /// `"stripe"."eu_charges"` → `stripe.eu_charges`: checked identifiers need no quotes to be read.
    static func plain(_ quoted: String) -> String {
        quoted.replacingOccurrences(of: "\"", with: "")
    }
}
