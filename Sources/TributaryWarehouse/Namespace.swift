/// Where one source's tables live in a destination: a schema and a table prefix, both checked with
/// ``SQLIdentifier``.
///
/// The system tables (`_tributary_state`, …) are shared by every source of a destination and tell
/// sources apart by their `source` column.
public struct Namespace: Sendable, Hashable {
    /// The schema destinations use when none is configured.
    public static let defaultSchema = "main"

    /// The source's name (`default`, `eu-shop`): the `source` column of the system tables.
    public let source: String
    /// The schema (`main`, `stripe`).
    public let schema: String
    /// Put before every table's name (`stripe_` → `stripe_charges`); may be empty.
    public let tablePrefix: String

    /// Checks and creates a namespace.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/invalidIdentifier`` for a schema or prefix that is not
    ///   a safe identifier, or an empty source name.
    public init(source: String = "default", schema: String = Namespace.defaultSchema,
                tablePrefix: String = "") throws(WarehouseError) {
        guard !source.isEmpty, source.utf8.count <= 200 else {
            throw WarehouseError(.invalidIdentifier, "a source needs a name of 1 to 200 bytes")
        }
        _ = try SQLIdentifier(schema)
        guard SQLIdentifier.isValidPrefix(tablePrefix) else {
            throw WarehouseError(.invalidIdentifier, "'\(tablePrefix.prefix(80))' is not a valid table prefix: use letters, digits and _")
        }
        self.source = source
        self.schema = schema
        self.tablePrefix = tablePrefix
    }
}
