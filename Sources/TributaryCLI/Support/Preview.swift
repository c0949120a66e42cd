import Foundation
import TributaryCatalog
import TributaryConfig
import TributaryNormalizer
import TributaryStripe
import TributaryWarehouse

/// A few objects of a collection as the warehouse would get them: normalized, then the source's column
/// rules and mappings, grouped by table (the collection's own, then its child tables).
struct Preview: Sendable, Codable {
    /// A column as the destination creates it.
    struct Column: Sendable, Codable, Hashable {
        var name: String
        var type: String
    }

    /// One table's share of the preview.
    struct Table: Sendable, Codable {
        /// The table's name before schema and prefix (`charges`).
        var name: String
        /// Its name in the destination (`stripe_charges`, `stripe.eu_charges`).
        var table: String
        var columns: [Column]
        /// Each row's non-null values by column.
        var rows: [[String: PreviewValue]]
    }

    /// An object that would be rejected, with the reason.
    struct Rejected: Sendable, Codable {
        var id: String?
        var reason: String
    }

    var source: String
    var collection: String
    var tables: [Table]
    var rejected: [Rejected]
}

/// A cell as `preview --json` prints it: timestamps as the warehouse's UTC text, JSON columns as text.
enum PreviewValue: Sendable, Codable, Hashable {
    case integer(Int64), real(Double), text(String), boolean(Bool)

    init?(_ value: Value) {
        switch value {
        case .null: return nil
        case let .integer(i): self = .integer(i)
        case let .real(d): self = .real(d)
        case let .text(s), let .json(s): self = .text(s)
        case let .boolean(b): self = .boolean(b)
        case let .timestamp(t): self = .text(Timestamp.text(t))
        }
    }

    var text: String {
        switch self {
        case let .integer(i): String(i)
        case let .real(d): JSONText.number(d)
        case let .text(s): s
        case let .boolean(b): b ? "true" : "false"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .integer(i): try container.encode(i)
        case let .real(d): try container.encode(d)
        case let .text(s): try container.encode(s)
        case let .boolean(b): try container.encode(b)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) { self = .boolean(b) }
        else if let i = try? container.decode(Int64.self) { self = .integer(i) }
        else if let d = try? container.decode(Double.self) { self = .real(d) }
        else { self = .text(try container.decode(String.self)) }
    }
}

extension Preview {
    /// Reads up to `limit` objects of the collection with `client` and shapes them as `source` would
    /// write them into `destination`.
    static func make(collection: CollectionDescriptor, source: SourceConfiguration, destination: DestinationURL,
                     limit: Int, client: StripeClient, normalizer: Normalizer) async throws -> Preview {
        let now = Int64(Date().timeIntervalSince1970)
        var batch = NormalizedBatch()
        for (parentID, objects) in try await fetch(collection, limit: limit, client: client, catalog: normalizer.catalog) {
            batch.append(contentsOf: try normalizer.normalize(objects, collection: collection.name,
                                                              context: NormalizeContext(syncedAt: now, parentID: parentID)))
        }
        batch = source.transforms.apply(to: batch)
        let rows = batch.rows
        let tables = source.transforms.apply(to: normalizer.tables(for: collection.name)).map { schema in
            Table(name: schema.name, table: physicalName(schema.name, in: source.namespace, destination: destination),
                  columns: schema.columns.map { Column(name: $0.name, type: $0.type.rawValue) },
                  rows: rows.filter { $0.table == schema.name }.map { row in
                      var values: [String: PreviewValue] = [:]
                      for (column, value) in zip(row.columns.columns, row.values) { values[column.name] = PreviewValue(value) }
                      return values
                  })
        }
        return Preview(source: source.name, collection: collection.name, tables: tables,
                       rejected: batch.rejects.map { Rejected(id: $0.objectID, reason: $0.reason) })
    }

    /// Up to `limit` objects, grouped by parent id for nested collections (read through the first
    /// parents listed).
    static func fetch(_ c: CollectionDescriptor, limit: Int, client: StripeClient,
                      catalog: Catalog) async throws -> [(String?, [JSONValue])] {
        guard let link = c.parent else {
            return [(nil, try await page(c.path, query: listQuery(c, limit: limit), client: client))]
        }
        guard let parent = catalog.collection(named: link.collection), parent.parent == nil else {
            throw CLIError(.usage, "\(c.name) is read through \(link.collection); preview \(link.collection) instead")
        }
        var groups: [(String?, [JSONValue])] = []
        var count = 0
        for object in try await page(parent.path, query: listQuery(parent, limit: 10), client: client) {
            guard count < limit, let id = object["id"]?.stringValue else { break }
            var path = c.path
            var query = listQuery(c, limit: limit - count)
            switch link.access {
            case let .pathParameter(name): path = path.replacingOccurrences(of: "{\(name)}", with: id)
            case let .queryParameter(name): query.append((name, id))
            }
            let objects = try await page(path, query: query, client: client)
            count += objects.count
            if !objects.isEmpty { groups.append((id, objects)) }
        }
        return groups
    }

    private static func listQuery(_ c: CollectionDescriptor, limit: Int) -> [(String, String)] {
        PermissionProbe.query(for: c).filter { $0.0 != "limit" } + [("limit", String(min(100, max(1, limit))))]
    }

    private static func page(_ path: String, query: [(String, String)], client: StripeClient) async throws -> [JSONValue] {
        try await client.get(path, query: query).body["data"]?.arrayValue ?? []
    }

    /// The table's name in the destination: `<prefix><table>` (SQLite adds `<schema>__` outside `main`;
    /// PostgreSQL qualifies it with the schema, `main` being `public`).
    static func physicalName(_ table: String, in namespace: Namespace, destination: DestinationURL) -> String {
        let prefixed = namespace.tablePrefix + table
        switch destination {
        case .sqlite:
            return namespace.schema == Namespace.defaultSchema ? prefixed : namespace.schema + "__" + prefixed
        case .postgres, .clickhouse:
            return (namespace.schema == Namespace.defaultSchema ? "public" : namespace.schema) + "." + prefixed
        }
    }

    /// The preview for people: per table, each row's non-null columns with their types.
    var text: String {
        var lines: [String] = []
        for table in tables {
            let typeOf = Dictionary(table.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            let header = "\(table.table) (\(table.columns.count) columns, \(table.rows.count) row\(table.rows.count == 1 ? "" : "s"))"
            lines.append(lines.isEmpty ? header : "\n" + header)
            if table.rows.isEmpty {
                lines.append("  columns: " + table.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", "))
                continue
            }
            let width = min(48, (table.columns.map(\.name.count).max() ?? 10) + 2)
            for (index, row) in table.rows.enumerated() {
                lines.append("  -- row \(index + 1) --")
                for column in table.columns {
                    guard let value = row[column.name] else { continue }
                    let name = column.name.count >= width ? column.name + " " : column.name + String(repeating: " ", count: width - column.name.count)
                    let type = (typeOf[column.name] ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)
                    var shown = value.text.replacingOccurrences(of: "\n", with: " ")
                    if shown.count > 100 { shown = shown.prefix(97) + "…" }
                    lines.append("  \(name)\(type)\(shown)")
                }
                let nulls = table.columns.count - row.count
                if nulls > 0 { lines.append("  (\(nulls) columns NULL)") }
            }
        }
        for reject in rejected {
            lines.append("rejected \(reject.id ?? "an object"): \(reject.reason) (a sync keeps it in _tributary_rejects)")
        }
        return lines.joined(separator: "\n")
    }
}
