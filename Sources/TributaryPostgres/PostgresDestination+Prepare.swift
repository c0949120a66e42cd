import TributaryNormalizer
import TributaryWarehouse

extension PostgresDestination {
    @discardableResult
    public func prepare(_ tables: [TableSchema], in namespace: Namespace) async throws -> [SchemaChange] {
        let schema = try PostgresNaming.schema(of: namespace)
        let names = try tables.map { try PostgresNaming.table($0.name, in: namespace) }
        return try await session.run("preparing tables in schema \(schema.name)") { [session] context in
            try await context.execute(PostgresSession.ddlLock)
            try await context.execute("CREATE SCHEMA IF NOT EXISTS \(schema.quoted)")
            let now = PostgresSession.now()
            var changes: [SchemaChange] = []
            for (table, name) in zip(tables, names) {
                if var known = try await session.schema(context, name, namespace: namespace) {
                    guard try await PostgresSchemaStore.exists(context, name) else {
                        throw WarehouseError(.schemaMismatch, "\(name) is in _tributary_schema but the table is gone")
                    }
                    let added = known.adopt(table)
                    for change in added {
                        let position = known.columns.firstIndex { $0.name == change.column.name } ?? known.columns.count
                        try await PostgresSchemaStore.add(context, change.column, position: position, schema: known, table: name,
                                                          namespace: namespace, now: now)
                    }
                    changes += added
                    session.schemas[name] = known
                } else {
                    guard try await !PostgresSchemaStore.exists(context, name) else {
                        throw WarehouseError(.schemaMismatch, "a table \(name) exists that Tributary did not create; choose another prefix or schema")
                    }
                    try await PostgresSchemaStore.create(context, table, table: name, namespace: namespace, now: now)
                    session.schemas[name] = table
                }
            }
            return changes
        }
    }
}

extension PostgresSession {
    /// The schema of a table: from memory, else from `_tributary_schema`.
    func schema(_ context: PostgresContext, _ table: QualifiedName, namespace: Namespace) async throws -> TableSchema? {
        if let schema = schemas[table] { return schema }
        let loaded = try await PostgresSchemaStore.load(context, table, namespace: namespace)
        schemas[table] = loaded
        return loaded
    }
}
