import GRDB
import TributaryNormalizer
import TributaryWarehouse

extension SQLiteDestination {
    @discardableResult
    public func prepare(_ tables: [TableSchema], in namespace: Namespace) async throws -> [SchemaChange] {
        let physicals = try tables.map { try SQLiteNaming.table($0.name, in: namespace) }
        return try await database { [writer] db in
            let now = SchemaStore.now()
            var changes: [SchemaChange] = []
            for (table, physical) in zip(tables, physicals) {
                if var schema = try writer.schema(db, physical.name, namespace: namespace) {
                    guard try SchemaStore.exists(db, physical: physical.name) else {
                        throw WarehouseError(.schemaMismatch, "\(physical.name) is in _tributary_schema but the table is gone")
                    }
                    let added = schema.adopt(table)
                    for change in added {
                        let position = schema.columns.firstIndex { $0.name == change.column.name } ?? schema.columns.count
                        try SchemaStore.add(db, change.column, position: position, table: schema, physical: physical,
                                            namespace: namespace, now: now)
                    }
                    changes += added
                    // Tables made before rollback existed get their undo table here.
                    try UndoLog.prepare(db, schema, physical: physical)
                    writer.update(physical.name, schema, changed: !added.isEmpty)
                } else {
                    guard try !SchemaStore.exists(db, physical: physical.name) else {
                        throw WarehouseError(.schemaMismatch, "a table \(physical.name) exists that Tributary did not create; choose another prefix or schema")
                    }
                    try SchemaStore.create(db, table, physical: physical, namespace: namespace, now: now)
                    writer.update(physical.name, table, changed: true)
                }
            }
            return changes
        }
    }
}

extension WriterState {
    /// The schema of a table: from memory, else from `_tributary_schema`.
    func schema(_ db: Database, _ physical: String, namespace: Namespace) throws -> TableSchema? {
        if let schema = schemas[physical] { return schema }
        let loaded = try SchemaStore.load(db, physical: physical, namespace: namespace)
        schemas[physical] = loaded
        return loaded
    }

    /// Keeps a table's schema; a changed one retires the statements prepared for the old one.
    func update(_ physical: String, _ schema: TableSchema, changed: Bool) {
        schemas[physical] = schema
        if changed { versions[physical, default: 0] += 1 }
    }

    /// Forgets everything, after a transaction that failed may have left memory ahead of the file.
    func reset() {
        schemas.removeAll()
        statements.removeAll()
        versions = versions.mapValues { $0 + 1 }
    }
}
