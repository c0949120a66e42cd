/// The checks of ``TableTransform/init(schema:rules:mapping:salt:)``, one per kind of rule.
struct TransformCheck {
    let schema: TableSchema
    private let protected: Set<String>

    init(schema: TableSchema) {
        self.schema = schema
        var protected = Set(schema.primaryKey + schema.parents.map(\.column))
        for column in schema.columns where column.role != .data || column.name.hasPrefix("_tributary_") {
            protected.insert(column.name)
        }
        self.protected = protected
    }

    private var table: String { schema.name }

    /// The columns each entry covers, by column name with the entry that covers it.
    func matched(_ entries: [String], rule: String) throws(MappingError) -> [String: String] {
        var covered: [String: String] = [:]
        for entry in entries {
            let columns = schema.columns.filter { TableTransform.matches(entry, $0) }
            guard !columns.isEmpty else { throw unknown(entry) }
            if let key = columns.first(where: { protected.contains($0.name) }) {
                throw MappingError(.protectedColumn, table: table, entry: entry,
                                   "\(table).\(key.name) is a key or system column and cannot be \(rule)d; remove it from the list")
            }
            for column in columns { covered[column.name] = entry }
        }
        return covered
    }

    func renames(_ renames: [String: String], excluded: [String: String]) throws(MappingError) {
        for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
            guard schema.column(old) != nil else { throw unknown(old) }
            if protected.contains(old) {
                throw MappingError(.protectedColumn, table: table, entry: old,
                                   "\(table).\(old) is a key or system column and cannot be renamed; remove it from rename")
            }
            if excluded[old] != nil {
                throw MappingError(.conflictingRules, table: table, entry: old,
                                   "\(table).\(old) is excluded, so it cannot be renamed; drop one of the two rules")
            }
            guard ColumnName.isClean(new), !new.hasPrefix("_tributary_") else {
                throw MappingError(.invalidName, table: table, entry: new,
                                   "'\(new.prefix(80))' is not a valid column name; use 1 to 63 lowercase letters, digits and _, not starting with _tributary_")
            }
        }
    }

    func decimals(_ amounts: [String], hashed: [String: String]) throws(MappingError) {
        guard !amounts.isEmpty else { return }
        guard schema.column("currency") != nil else {
            throw MappingError(.noCurrency, table: table, entry: amounts[0],
                               "\(table) has no currency column, so its amounts cannot become decimals; remove decimal_amounts")
        }
        for amount in amounts {
            guard let column = schema.column(amount) else { throw unknown(amount) }
            guard column.type == .integer, column.role == .data else {
                throw MappingError(.notAnAmount, table: table, entry: amount,
                                   "\(table).\(amount) is not an integer amount; list only amounts in minor units")
            }
            if hashed[amount] != nil {
                throw MappingError(.conflictingRules, table: table, entry: amount,
                                   "\(table).\(amount) is hashed, so a decimal of it would reveal it; drop one of the two rules")
            }
        }
    }

    /// Refuses a transformed schema in which two columns share a name.
    func uniqueNames(_ transformed: TableSchema) throws(MappingError) {
        var seen = Set<String>()
        for column in transformed.columns where !seen.insert(column.name).inserted {
            throw MappingError(.nameCollision, table: table, entry: column.name,
                               "two columns of \(table) would be named \(column.name); choose another new name")
        }
    }

    /// The JSON paths of the fields the entries cover.
    func paths(for entries: [String]) -> [[String]] {
        var paths: [[String]] = []
        for entry in entries {
            if let column = schema.column(entry), !column.path.isEmpty {
                paths.append(column.path.split(separator: ".").map(String.init))
            } else if schema.columns.contains(where: { $0.path == entry || $0.path.hasPrefix(entry + ".") }) {
                paths.append(entry.split(separator: ".").map(String.init))
            }
        }
        return paths
    }

    private func unknown(_ entry: String) -> MappingError {
        MappingError(.unknownColumn, table: table, entry: entry,
                     "\(table) has no column or field '\(entry.prefix(80))'; `tributary preview \(table)` lists its columns")
    }
}
