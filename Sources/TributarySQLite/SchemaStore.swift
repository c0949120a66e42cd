import Foundation
import GRDB
import TributaryNormalizer
import TributaryWarehouse

/// Tables and their schemas in `_tributary_schema`: created, loaded and evolved.
enum SchemaStore {
    /// The declared SQLite type of a column. JSON is `TEXT`, not `JSON`, which SQLite would give numeric
    /// affinity and so turn a JSON `5` into an integer.
    static func declaredType(_ type: ColumnType) -> String {
        switch type {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text, .json: "TEXT"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMP"
        }
    }

    /// The table's schema as `_tributary_schema` records it, or `nil` when Tributary never created it.
    static func load(_ db: Database, physical: String, namespace: Namespace) throws -> TableSchema? {
        let rows = try GRDB.Row.fetchAll(db, sql: """
            SELECT "column_name", "stripe_table", "type", "role", "path", "parent_table"
            FROM "_tributary_schema" WHERE "table_name" = ? ORDER BY "position"
            """, arguments: [physical])
        guard let first = rows.first else { return nil }
        var columns: [ColumnSchema] = []
        var parents: [TableSchema.ParentReference] = []
        for row in rows {
            let name: String = row["column_name"]
            guard let type = ColumnType(rawValue: row["type"]), let role = ColumnSchema.Role(rawValue: row["role"]) else {
                throw WarehouseError(.schemaMismatch, "_tributary_schema has an unknown type or role for \(physical).\(name)")
            }
            columns.append(ColumnSchema(name, type, role: role, path: row["path"]))
            if let parent: String = row["parent_table"] {
                parents.append(TableSchema.ParentReference(table: SQLiteNaming.logical(parent, in: namespace), column: name))
            }
        }
        return TableSchema(name: first["stripe_table"], columns: columns,
                           primaryKey: columns.filter { $0.role == .key }.map(\.name), parents: parents)
    }

    /// Whether SQLite has a table of that name, whoever made it.
    static func exists(_ db: Database, physical: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)",
                          arguments: [physical]) ?? false
    }

    /// Creates the table, its parent indexes, its `_tributary_schema` rows and its undo table.
    static func create(_ db: Database, _ schema: TableSchema, physical: SQLIdentifier, namespace: Namespace, now: String) throws {
        var definitions: [String] = []
        for column in schema.columns {
            var definition = try SQLIdentifier(column.name).quoted + " " + declaredType(column.type)
            if column.role == .key { definition += " NOT NULL" }
            if column.name == SystemColumn.deleted { definition += " NOT NULL DEFAULT 0" }
            definitions.append(definition)
        }
        let key = try schema.primaryKey.map { try SQLIdentifier($0).quoted }.joined(separator: ", ")
        definitions.append("PRIMARY KEY (\(key))")
        try db.execute(sql: "CREATE TABLE \(physical.quoted) (\n  " + definitions.joined(separator: ",\n  ") + "\n)")
        for (position, column) in schema.columns.enumerated() {
            try record(db, column, position: position, table: schema, physical: physical, namespace: namespace, now: now)
        }
        try UndoLog.prepare(db, schema, physical: physical)
    }

    /// Adds a column to the table, its undo table and `_tributary_schema`.
    static func add(_ db: Database, _ column: ColumnSchema, position: Int, table: TableSchema, physical: SQLIdentifier,
                    namespace: Namespace, now: String) throws {
        var definition = try SQLIdentifier(column.name).quoted + " " + declaredType(column.type)
        if column.name == SystemColumn.deleted { definition += " NOT NULL DEFAULT 0" }
        try db.execute(sql: "ALTER TABLE \(physical.quoted) ADD COLUMN \(definition)")
        try UndoLog.addColumn(db, column.name, physical: physical)
        try record(db, column, position: position, table: table, physical: physical, namespace: namespace, now: now)
    }

    /// Records a widened column's new type and the types it had before.
    static func widen(_ db: Database, _ column: ColumnSchema, from old: ColumnType, physical: SQLIdentifier, now: String) throws {
        try db.execute(sql: """
            UPDATE "_tributary_schema"
            SET "type" = ?, "widened_from" = coalesce("widened_from" || ',', '') || ?, "widened_at" = ?
            WHERE "table_name" = ? AND "column_name" = ?
            """, arguments: [column.type.rawValue, old.rawValue, now, physical.name, column.name])
    }

    private static func record(_ db: Database, _ column: ColumnSchema, position: Int, table: TableSchema,
                               physical: SQLIdentifier, namespace: Namespace, now: String) throws {
        let parent = try table.parents.first { $0.column == column.name }
            .map { try SQLiteNaming.table($0.table, in: namespace).name }
        try db.execute(sql: """
            INSERT INTO "_tributary_schema" ("table_name", "column_name", "source", "stripe_table", "position",
              "type", "role", "path", "parent_table", "added_at")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [physical.name, column.name, namespace.source, table.name, position,
                             column.type.rawValue, column.role.rawValue, column.path, parent, now])
        if column.role == .parent {
            let index = try SQLIdentifier(ColumnName.make([physical.name, column.name, "idx"]))
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(index.quoted) ON \(physical.quoted) (\(try SQLIdentifier(column.name).quoted))")
        }
    }

    /// The tables (physical names) whose rows hang off rows of `parent`, with the column holding the
    /// parent's id.
    static func children(_ db: Database, of parent: String) throws -> [(table: String, column: String)] {
        try GRDB.Row.fetchAll(db, sql: #"SELECT "table_name", "column_name" FROM "_tributary_schema" WHERE "parent_table" = ?"#,
                              arguments: [parent]).map { ($0["table_name"], $0["column_name"]) }
    }

    /// Now, as the system tables store times.
    static func now() -> String {
        Timestamp.text(Int64(Date().timeIntervalSince1970))
    }
}
