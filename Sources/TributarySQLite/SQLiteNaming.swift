import TributaryWarehouse

/// How a namespace's tables are named in SQLite, which has no schemas: `<prefix><table>` in schema
/// `main`, `<schema>__<prefix><table>` in any other, so that several sources share one file.
enum SQLiteNaming {
    /// The physical name of `table` in `namespace`.
    static func table(_ table: String, in namespace: Namespace) throws(WarehouseError) -> SQLIdentifier {
        let prefixed = namespace.tablePrefix + table
        return try SQLIdentifier(namespace.schema == Namespace.defaultSchema ? prefixed : namespace.schema + "__" + prefixed)
    }
}

extension SQLiteNaming {
    /// The table name before schema and prefix, for a physical name of the namespace.
    static func logical(_ physical: String, in namespace: Namespace) -> String {
        let lead = (namespace.schema == Namespace.defaultSchema ? "" : namespace.schema + "__") + namespace.tablePrefix
        return physical.hasPrefix(lead) ? String(physical.dropFirst(lead.count)) : physical
    }
}
