import TributaryNormalizer
import TributaryWarehouse

extension TributaryConfiguration {
    /// Refuses two sources with one name, or with one schema and table prefix (they would write the same
    /// tables).
    static func checkUnique(_ sources: [ParsedSource], reader: ConfigReader) throws(ConfigError) {
        var names: [String: Int?] = [:]
        var namespaces: [String: (name: String, line: Int?)] = [:]
        for parsed in sources {
            let source = parsed.source
            if let first = names[source.name] {
                throw reader.error(.duplicateSource, "the source name \(source.name) is used twice\(first.map { " (first on line \($0))" } ?? ""); give each source its own name", line: parsed.nameLine)
            }
            names[source.name] = parsed.nameLine
            let key = source.namespace.schema + "\u{1F}" + source.namespace.tablePrefix
            if let other = namespaces[key] {
                throw reader.error(.namespaceConflict, "sources \(other.name) and \(source.name) both write to schema \(source.namespace.schema) with table prefix '\(source.namespace.tablePrefix)'; give one of them another table_prefix or schema", line: parsed.prefixLine ?? parsed.schemaLine ?? source.line)
            }
            namespaces[key] = (source.name, source.line)
        }
    }

    /// Refuses a schema and prefix that make some selected table's name longer than an identifier may be.
    static func checkTableNames(_ sources: [ParsedSource], destination: DestinationURL, normalizer: Normalizer,
                                reader: ConfigReader) throws(ConfigError) {
        for parsed in sources {
            let namespace = parsed.source.namespace
            // SQLite has no schemas: other schemas than main become a name prefix `<schema>__`.
            var lead = namespace.tablePrefix
            if case .sqlite = destination, namespace.schema != Namespace.defaultSchema { lead = namespace.schema + "__" + lead }
            let tables = parsed.source.collections.resolve(in: normalizer.catalog).flatMap { normalizer.tables(for: $0).map(\.name) }
            guard let longest = tables.max(by: { $0.utf8.count < $1.utf8.count }),
                  lead.utf8.count + longest.utf8.count > SQLIdentifier.maxLength else { continue }
            throw reader.error(.invalidIdentifier, "sources \(parsed.source.name): the table \(lead + longest) would be longer than \(SQLIdentifier.maxLength) characters; use a shorter table_prefix\(lead == namespace.tablePrefix ? "" : " or schema")", line: parsed.prefixLine ?? parsed.schemaLine ?? parsed.source.line)
        }
    }
}
