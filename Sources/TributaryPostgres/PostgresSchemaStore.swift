import Foundation
import PostgresNIO
import TributaryNormalizer
import TributaryWarehouse

/// Tables and their schemas in `_tributary_schema`: created, loaded and evolved with `ALTER TABLE`.
enum PostgresSchemaStore {
    /// The PostgreSQL type of a column.
    static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .integer: "bigint"
        case .real: "double precision"
        case .text: "text"
        case .json: "jsonb"
        case .boolean: "boolean"
        case .timestamp: "timestamptz"
        }
    }

    /// The table's schema as `_tributary_schema` records it, or `nil` when Tributary never created it.
    static func load(_ context: PostgresContext, _ table: QualifiedName, namespace: Namespace) async throws -> TableSchema? {
        let rows = try await context.rows("""
            SELECT "column_name", "stripe_table", "type", "role", "path", "parent_table" FROM \(context.system.columns)
            WHERE "schema_name" = $1 AND "table_name" = $2 ORDER BY "position"
            """, .of(table.schema.name, table.table.name))
        var name: String?
        var columns: [ColumnSchema] = []
        var parents: [TableSchema.ParentReference] = []
        for row in rows {
            let (column, stripeTable, type, role, path, parent) = try row.decode((String, String, String, String, String, String?).self)
            guard let type = ColumnType(rawValue: type), let role = ColumnSchema.Role(rawValue: role) else {
                throw WarehouseError(.schemaMismatch, "_tributary_schema has an unknown type or role for \(table).\(column)")
            }
            name = name ?? stripeTable
            columns.append(ColumnSchema(column, type, role: role, path: path))
            if let parent {
                parents.append(TableSchema.ParentReference(table: PostgresNaming.logical(parent, in: namespace), column: column))
            }
        }
        guard let name else { return nil }
        return TableSchema(name: name, columns: columns, primaryKey: columns.filter { $0.role == .key }.map(\.name), parents: parents)
    }

    /// Whether PostgreSQL has a table (or view) of that name, whoever made it.
    static func exists(_ context: PostgresContext, _ table: QualifiedName) async throws -> Bool {
        let rows = try await context.rows("SELECT to_regclass($1) IS NOT NULL", .of(table.quoted))
        return try rows.first?.decode(Bool.self) ?? false
    }

    /// Creates the table, its parent indexes and its `_tributary_schema` rows.
    static func create(_ context: PostgresContext, _ schema: TableSchema, table: QualifiedName, namespace: Namespace, now: Date) async throws {
        var definitions: [String] = []
        for column in schema.columns {
            definitions.append(try definition(column) + (column.role == .key ? " NOT NULL" : ""))
        }
        let key = try schema.primaryKey.map { try SQLIdentifier($0).quoted }.joined(separator: ", ")
        definitions.append("PRIMARY KEY (\(key))")
        try await context.execute("CREATE TABLE \(table.quoted) (\n  " + definitions.joined(separator: ",\n  ") + "\n)")
        for (position, column) in schema.columns.enumerated() {
            try await record(context, column, position: position, schema: schema, table: table, namespace: namespace, now: now)
        }
    }

    /// Adds a column to the table and to `_tributary_schema`.
    static func add(_ context: PostgresContext, _ column: ColumnSchema, position: Int, schema: TableSchema, table: QualifiedName,
                    namespace: Namespace, now: Date) async throws {
        try await PostgresUndo.freeze(context, table: table)
        try await context.execute("ALTER TABLE \(table.quoted) ADD COLUMN \(try definition(column))")
        try await record(context, column, position: position, schema: schema, table: table, namespace: namespace, now: now)
    }

    /// Changes a column's type to hold wider values, converting the rows it has, and records the new type
    /// and the types it had before.
    ///
    /// PostgreSQL rewrites the table to do so, under a lock that waits for readers: rare, since the
    /// catalog's types hold what Stripe sends.
    static func widen(_ context: PostgresContext, _ column: ColumnSchema, from old: ColumnType, table: QualifiedName, now: Date) async throws {
        let name = try SQLIdentifier(column.name).quoted
        try await PostgresUndo.freeze(context, table: table)
        try await context.execute("""
            ALTER TABLE \(table.quoted) ALTER COLUMN \(name) TYPE \(sqlType(column.type)) USING \(conversion(name, from: old, to: column.type))
            """)
        try await context.execute("""
            UPDATE \(context.system.columns)
            SET "type" = $1, "widened_from" = coalesce("widened_from" || ',', '') || $2, "widened_at" = $3
            WHERE "schema_name" = $4 AND "table_name" = $5 AND "column_name" = $6
            """, .of(column.type.rawValue, old.rawValue, now, table.schema.name, table.table.name, column.name))
    }

    /// The SQL turning a column's values of type `old` into values of type `new`, as
    /// ``TributaryNormalizer/Value/converted(to:)`` converts new values, so that old and new rows agree.
    static func conversion(_ column: String, from old: ColumnType, to new: ColumnType) -> String {
        switch (old, new) {
        case (.timestamp, .text): "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        case (.timestamp, .json): "to_jsonb(extract(epoch FROM \(column))::bigint)"
        case (_, .json): "to_jsonb(\(column))"
        default: "\(column)::\(sqlType(new))"
        }
    }

    /// The tables whose rows hang off rows of `parent` (same schema), with the column holding the parent's id.
    static func children(_ context: PostgresContext, of parent: QualifiedName) async throws -> [(table: QualifiedName, column: String)] {
        let rows = try await context.rows("""
            SELECT "table_name", "column_name" FROM \(context.system.columns) WHERE "schema_name" = $1 AND "parent_table" = $2
            ORDER BY "table_name", "column_name"
            """, .of(parent.schema.name, parent.table.name))
        return try rows.map { row in
            let (table, column) = try row.decode((String, String).self)
            return (QualifiedName(schema: parent.schema, table: try SQLIdentifier(table)), column)
        }
    }

    private static func definition(_ column: ColumnSchema) throws(WarehouseError) -> String {
        var definition = try SQLIdentifier(column.name).quoted + " " + sqlType(column.type)
        if column.name == SystemColumn.deleted { definition += " NOT NULL DEFAULT false" }
        return definition
    }

    private static func record(_ context: PostgresContext, _ column: ColumnSchema, position: Int, schema: TableSchema,
                               table: QualifiedName, namespace: Namespace, now: Date) async throws {
        let parent = try schema.parents.first { $0.column == column.name }
            .map { reference throws(WarehouseError) in try PostgresNaming.table(reference.table, in: namespace).table.name }
        var binds = PostgresBindings.of(table.schema.name, table.table.name, column.name, namespace.source, schema.name,
                                        position, column.type.rawValue, column.role.rawValue, column.path)
        binds.append(parent)
        binds.append(now)
        try await context.execute("""
            INSERT INTO \(context.system.columns) ("schema_name", "table_name", "column_name", "source", "stripe_table",
              "position", "type", "role", "path", "parent_table", "added_at")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, binds)
        if column.role == .parent {
            let index = try SQLIdentifier(ColumnName.make([table.table.name, column.name, "idx"]))
            try await context.execute("CREATE INDEX IF NOT EXISTS \(index.quoted) ON \(table.quoted) (\(try SQLIdentifier(column.name).quoted))")
        }
    }
}
