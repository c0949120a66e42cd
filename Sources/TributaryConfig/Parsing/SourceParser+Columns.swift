import TributaryNormalizer
import Yams

extension SourceParser {
    /// Where each table's rules were written, for errors about them.
    struct RuleLines {
        var tables: [String: Int] = [:]
        var entries: [String: Int] = [:]

        func line(table: String, entry: String?) -> Int? {
            entry.flatMap { entries[table + "\u{1F}" + $0] } ?? tables[table]
        }
    }

    /// `columns:`, `mapping:` and `hash_salt:`, checked together against the normalizer's tables.
    func transforms(_ entries: ConfigEntries) throws(ConfigError)
        -> ([String: ColumnRules], [String: TableMapping], HashSalt?, TransformSet) {
        var lines = RuleLines()
        let rules = try columnRules(entries["columns"], entries.path("columns"), lines: &lines)
        let mappings = try tableMappings(entries["mapping"], entries.path("mapping"), lines: &lines)
        let salt = try hashSalt(entries, hashing: rules.contains { !$0.value.hash.isEmpty }, lines: lines, rules: rules)
        var transforms: [TableTransform] = []
        for table in Set(rules.keys).union(mappings.keys).sorted() {
            let schema = normalizer.table(named: table)!  // checked when read
            do throws(MappingError) {
                transforms.append(try TableTransform(schema: schema, rules: rules[table] ?? ColumnRules(),
                                                     mapping: mappings[table] ?? TableMapping(), salt: salt))
            } catch {
                throw configError(error, schema: schema, path: entries.path, lines: lines)
            }
        }
        return (rules, mappings, salt, TransformSet(transforms))
    }

    private func configError(_ error: MappingError, schema: TableSchema, path: String, lines: RuleLines) -> ConfigError {
        let line = lines.line(table: error.table, entry: error.entry)
        switch error.code {
        case .unknownColumn:
            let entry = error.entry ?? ""
            let candidates = schema.columns.map(\.name) + schema.columns.map(\.path).filter { !$0.isEmpty && $0.contains(".") }
            return reader.error(.unknownColumn, "\(path): \(error.table) has no column or field '\(entry.prefix(80))'\(Suggestion.phrase(for: entry, in: candidates)); `tributary preview \(error.table)` shows its columns", line: line)
        case .protectedColumn:
            return reader.error(.protectedColumn, "\(path): \(error.message)", line: line)
        default:
            return reader.error(.invalidMapping, "\(path): \(error.message)", line: line)
        }
    }

    private func columnRules(_ node: Node?, _ path: String, lines: inout RuleLines) throws(ConfigError) -> [String: ColumnRules] {
        guard let node else { return [:] }
        var result: [String: ColumnRules] = [:]
        for (table, tableNode) in try tables(node, path, lines: &lines) {
            let entries = try reader.mapping(tableNode, "\(path).\(table)", allowed: ["exclude", "hash"])
            var rules = ColumnRules()
            if let exclude = entries["exclude"] { rules.exclude = try list(exclude, entries.path("exclude"), table: table, lines: &lines) }
            if let hash = entries["hash"] { rules.hash = try list(hash, entries.path("hash"), table: table, lines: &lines) }
            result[table] = rules
        }
        return result
    }

    private func tableMappings(_ node: Node?, _ path: String, lines: inout RuleLines) throws(ConfigError) -> [String: TableMapping] {
        guard let node else { return [:] }
        var result: [String: TableMapping] = [:]
        for (table, tableNode) in try tables(node, path, lines: &lines) {
            let entries = try reader.mapping(tableNode, "\(path).\(table)", allowed: ["rename", "decimal_amounts"])
            var mapping = TableMapping()
            if let rename = entries["rename"] {
                let renames = try reader.mapping(rename, entries.path("rename"))
                for (old, line, newNode) in renames.pairs {
                    let new = try reader.text(newNode, renames.path(old))
                    mapping.rename[old] = new.value
                    lines.entries[table + "\u{1F}" + old] = line
                    lines.entries[table + "\u{1F}" + new.value] = new.line
                }
            }
            if let amounts = entries["decimal_amounts"] {
                mapping.decimalAmounts = try list(amounts, entries.path("decimal_amounts"), table: table, lines: &lines)
            }
            result[table] = mapping
        }
        return result
    }

    /// The tables of a `columns:` or `mapping:` block, each checked against the normalizer's.
    private func tables(_ node: Node, _ path: String, lines: inout RuleLines) throws(ConfigError) -> [(String, Node)] {
        let entries = try reader.mapping(node, path)
        let known = normalizer.tables.map(\.name)
        var tables: [(String, Node)] = []
        for (table, line, value) in entries.pairs {
            guard normalizer.table(named: table) != nil else {
                throw reader.error(.unknownTable, "\(path) names no table '\(table.prefix(80))'\(Suggestion.phrase(for: table, in: known)); `tributary collections` lists them", line: line)
            }
            lines.tables[table] = line
            tables.append((table, value))
        }
        return tables
    }

    private func list(_ node: Node, _ path: String, table: String, lines: inout RuleLines) throws(ConfigError) -> [String] {
        var values: [String] = []
        for value in try reader.textList(node, path) where !values.contains(value.value) {
            values.append(value.value)
            lines.entries[table + "\u{1F}" + value.value] = value.line
        }
        return values
    }

    /// `hash_salt: ${VAR}`, required when a column is hashed.
    private func hashSalt(_ entries: ConfigEntries, hashing: Bool, lines: RuleLines,
                          rules: [String: ColumnRules]) throws(ConfigError) -> HashSalt? {
        guard let node = entries["hash_salt"] else {
            guard hashing else { return nil }
            let (table, first) = rules.sorted { $0.key < $1.key }.first { !$0.value.hash.isEmpty }.map { ($0.key, $0.value.hash[0]) }!
            throw reader.error(.missingKey, "\(entries.path) hashes columns but has no hash_salt; add hash_salt: ${TRIBUTARY_HASH_SALT} and set that variable to a long random value", line: lines.line(table: table, entry: first))
        }
        let (variable, value) = try reader.secret(node, entries.path("hash_salt"), what: "hash salt", example: "TRIBUTARY_HASH_SALT")
        // A short salt can be guessed along with the values it hides.
        guard value.count >= 16 else {
            throw reader.error(.invalidValue, "the salt in \(variable) (\(entries.path("hash_salt"))) is shorter than 16 characters; use a long random value such as the output of openssl rand -hex 32", at: node)
        }
        return HashSalt(value)
    }
}
