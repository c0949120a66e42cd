/// The column rules and mapping of one table, checked against its schema and ready to apply to the
/// table's schema and rows alike.
///
/// The sync engine applies it between the normalizer and the destination:
///
/// ```swift
/// let transform = try TableTransform(schema: normalizer.table(named: "charges")!,
///                                    rules: ColumnRules(exclude: ["billing_details.address"],
///                                                       hash: ["billing_details_email"]),
///                                    mapping: TableMapping(rename: ["amount": "amount_cents"],
///                                                          decimalAmounts: ["amount"]),
///                                    salt: HashSalt(saltFromEnvironment))
/// try await destination.prepare([transform.apply(to: schema)], in: namespace)
/// let rows = transform.apply(to: batch.rows)
/// ```
///
/// Per column, in this order: an excluded column disappears; a hashed one becomes text holding
/// `sha256(salt + value as text)` in hex; a renamed one takes its new name; an amount in
/// ``TableMapping/decimalAmounts`` is followed by `<name>_decimal`, computed from the value before
/// hashing and the row's original `currency`. Key, parent and `_tributary_*` columns are never touched.
/// Rules match columns by name or field path, so columns that schema evolution adds later under an
/// excluded path are excluded too.
public struct TableTransform: Sendable {
    /// The table's name before any prefix.
    public let table: String
    /// The rules it was made from.
    public let rules: ColumnRules
    /// The mapping it was made from.
    public let mapping: TableMapping
    let salt: HashSalt?
    let decimals: Set<String>
    /// Field paths removed from rejected objects' JSON: every excluded or hashed field.
    let scrubbedPaths: [[String]]

    /// Checks `rules` and `mapping` against `schema` and prepares them.
    ///
    /// - Throws: ``MappingError`` when an entry names no column of the table, would touch a key, parent or
    ///   system column, contradicts another rule, hashes without `salt`, renames to an invalid or taken
    ///   name, or asks a decimal of something that is not an integer amount in a table with `currency`.
    public init(schema: TableSchema, rules: ColumnRules = ColumnRules(), mapping: TableMapping = TableMapping(),
                salt: HashSalt? = nil) throws(MappingError) {
        self.table = schema.name
        self.rules = rules
        self.mapping = mapping
        self.salt = salt
        self.decimals = Set(mapping.decimalAmounts)
        let check = TransformCheck(schema: schema)
        let excluded = try check.matched(rules.exclude, rule: "exclude")
        let hashed = try check.matched(rules.hash, rule: "hash")
        if let both = excluded.keys.first(where: { hashed[$0] != nil }) {
            throw MappingError(.conflictingRules, table: table, entry: excluded[both],
                               "\(table).\(both) is both excluded and hashed; keep it in one of the two lists")
        }
        if !hashed.isEmpty, salt == nil {
            throw MappingError(.missingSalt, table: table, entry: hashed.values.sorted().first,
                               "hashing \(table) columns needs a salt; set hash_salt from the environment")
        }
        try check.renames(mapping.rename, excluded: excluded)
        try check.decimals(mapping.decimalAmounts, hashed: hashed)
        self.scrubbedPaths = check.paths(for: rules.exclude + rules.hash)
        try check.uniqueNames(apply(to: schema))
    }

    /// Whether the transform changes nothing.
    public var isIdentity: Bool { rules.isEmpty && mapping.isEmpty }

    /// What becomes of one column.
    struct Action {
        var excluded = false
        var hashed = false
        var name: String
        var decimal: String?
    }

    func action(for column: ColumnSchema) -> Action {
        // Key, parent and system columns hold what upserts, deletes and child replacement rely on.
        guard column.role == .data, !column.name.hasPrefix("_tributary_") else { return Action(name: column.name) }
        var action = Action(name: mapping.rename[column.name] ?? column.name)
        action.excluded = rules.exclude.contains { Self.matches($0, column) }
        action.hashed = !action.excluded && rules.hash.contains { Self.matches($0, column) }
        if decimals.contains(column.name) { action.decimal = action.name + TableMapping.decimalSuffix }
        return action
    }

    /// Whether a rule's entry names the column, its field path, or a path above it.
    static func matches(_ entry: String, _ column: ColumnSchema) -> Bool {
        column.name == entry || (!column.path.isEmpty && (column.path == entry || column.path.hasPrefix(entry + ".")))
    }

    /// The table as the warehouse gets it: excluded columns removed, hashed ones typed text, renamed ones
    /// renamed, and each decimal amount's `<name>_decimal` (real) right after its amount.
    ///
    /// A schema of another table is returned as it is.
    public func apply(to schema: TableSchema) -> TableSchema {
        guard schema.name == table, !isIdentity else { return schema }
        var result = schema
        result.columns = []
        for column in schema.columns {
            let action = action(for: column)
            if !action.excluded {
                var out = column
                out.name = action.name
                if action.hashed { out.type = .text }
                result.columns.append(out)
            }
            if let decimal = action.decimal { result.columns.append(ColumnSchema(decimal, .real)) }
        }
        return result
    }
}
