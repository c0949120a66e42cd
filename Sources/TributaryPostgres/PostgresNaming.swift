import TributaryWarehouse

/// A table as PostgreSQL names it: a schema and a name, both checked.
struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    /// The schema.
    let schema: SQLIdentifier
    /// The table's name in it.
    let table: SQLIdentifier

    /// `"schema"."table"`.
    var quoted: String { schema.quoted + "." + table.quoted }

    var description: String { quoted }
}

/// How a namespace's tables are named in PostgreSQL: `<prefix><table>` in the namespace's schema, where
/// ``Namespace/defaultSchema`` (`main`, SQLite's name for its one schema) is `public`, the schema
/// PostgreSQL finds unqualified names in. So the default configuration puts `charges` where
/// `select * from charges` finds it, on SQLite and PostgreSQL alike.
enum PostgresNaming {
    /// The PostgreSQL schema of a namespace.
    static func schema(of namespace: Namespace) throws(WarehouseError) -> SQLIdentifier {
        try SQLIdentifier(namespace.schema == Namespace.defaultSchema ? PostgresDestination.Configuration.publicSchema : namespace.schema)
    }

    /// The qualified name of `table` in `namespace`.
    static func table(_ table: String, in namespace: Namespace) throws(WarehouseError) -> QualifiedName {
        QualifiedName(schema: try schema(of: namespace), table: try SQLIdentifier(namespace.tablePrefix + table))
    }

    /// The table name before the prefix, for a physical name of the namespace.
    static func logical(_ physical: String, in namespace: Namespace) -> String {
        physical.hasPrefix(namespace.tablePrefix) ? String(physical.dropFirst(namespace.tablePrefix.count)) : physical
    }
}
