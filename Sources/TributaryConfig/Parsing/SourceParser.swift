import Foundation
import TributaryCatalog
import TributaryNormalizer
import TributaryStripe
import TributaryWarehouse
import Yams

/// A source as parsed, with the lines the file-wide checks point at.
struct ParsedSource {
    var source: SourceConfiguration
    var nameLine: Int?
    var schemaLine: Int?
    var prefixLine: Int?
}

/// Reads one entry of `sources:`.
struct SourceParser {
    let reader: ConfigReader
    let normalizer: Normalizer
    /// The directory `api_key_file` paths are relative to: the configuration file's.
    let directory: String

    static let keys = [
        "name", "api_key", "api_key_file", "base_url", "schema", "table_prefix", "collections", "columns",
        "hash_salt", "mapping", "connected_accounts", "schedule", "alerts", "webhook_secret", "max_rejected_share",
        "max_rps", "rollback_runs",
    ]

    func parse(_ node: Node, index: Int) throws(ConfigError) -> ParsedSource {
        let entries = try reader.mapping(node, "sources[\(index)]", allowed: Self.keys)
        let name = try self.name(entries)
        let apiKey = try self.apiKey(entries)
        let namespace = try self.namespace(entries, source: name)
        let collections = try self.collections(entries["collections"], entries.path("collections"))
        let (columns, mapping, salt, transforms) = try self.transforms(entries)
        var maxRejectedShare = SourceConfiguration.defaultMaxRejectedShare
        if let node = entries["max_rejected_share"] {
            maxRejectedShare = try fraction(node, entries.path("max_rejected_share"))
        }
        let source = SourceConfiguration(
            name: name, apiKey: apiKey, baseURL: try baseURL(entries), namespace: namespace, collections: collections,
            columns: columns, mapping: mapping, hashSalt: salt, transforms: transforms,
            connectedAccounts: try connectedAccounts(entries["connected_accounts"], entries.path("connected_accounts")),
            schedule: try schedule(entries), alerts: try alerts(entries["alerts"], entries.path("alerts")),
            webhookSecret: try webhookSecret(entries), maxRejectedShare: maxRejectedShare, maxRPS: try maxRPS(entries),
            rollbackRuns: try rollbackRuns(entries), line: entries.line)
        return ParsedSource(source: source, nameLine: entries.line(of: "name"), schemaLine: entries.line(of: "schema"),
                            prefixLine: entries.line(of: "table_prefix"))
    }

    private func name(_ entries: ConfigEntries) throws(ConfigError) -> String {
        guard let node = entries["name"] else {
            throw reader.error(.missingKey, "\(entries.path) needs a name, as in name: default; it tells sources apart in commands and state", line: entries.line)
        }
        let name = try reader.text(node, entries.path("name"))
        let allowed = name.value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        guard allowed, (1...64).contains(name.value.count) else {
            throw reader.error(.invalidIdentifier, "\(entries.path).name \(name.shown) is not a valid source name; use 1 to 64 letters, digits, _ and -", at: node)
        }
        return name.value
    }

    private func apiKey(_ entries: ConfigEntries) throws(ConfigError) -> KeySource {
        switch (entries["api_key"], entries["api_key_file"]) {
        case (.some, .some):
            throw reader.error(.conflictingKeys, "\(entries.path) has both api_key and api_key_file; keep only one of them", line: entries.line(of: "api_key_file"))
        case (nil, nil):
            throw reader.error(.conflictingKeys, "\(entries.path) needs a Stripe key: api_key: ${STRIPE_API_KEY} (from the environment) or api_key_file: PATH", line: entries.line)
        case let (node?, nil):
            let path = entries.path("api_key")
            let (variable, value) = try reader.secret(node, path, what: "Stripe key", example: "STRIPE_API_KEY",
                                                      alternative: ", or use api_key_file")
            if let problem = KeySource.problem(with: value, origin: "the environment variable \(variable) used by \(path)") {
                throw reader.error(.invalidValue, problem, at: node)
            }
            return .environment(variable: variable, key: StripeAPIKey(value))
        case let (nil, node?):
            let text = try reader.text(node, entries.path("api_key_file"))
            if ConfigReader.looksLikeStripeSecret(text.raw) {
                throw reader.error(.literalSecret, "\(entries.path("api_key_file")) holds a key instead of a path; put the key in a file and write its path here", at: node)
            }
            let path = (text.value as NSString).expandingTildeInPath
            guard !path.isEmpty else {
                throw reader.error(.invalidValue, "\(entries.path("api_key_file")) is empty; write the path of a file holding the key", at: node)
            }
            return .file(path: path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path)
        }
    }

    private func baseURL(_ entries: ConfigEntries) throws(ConfigError) -> URL {
        guard let node = entries["base_url"] else { return SourceConfiguration.defaultBaseURL }
        var text = try reader.text(node, entries.path("base_url")).value.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            // The URL is not quoted: a proxy's may hold a password.
            throw reader.error(.invalidValue, "\(entries.path("base_url")) must be an http or https URL without query, such as https://api.stripe.com or http://127.0.0.1:12111 for the emulator", at: node)
        }
        return url
    }

    private func namespace(_ entries: ConfigEntries, source: String) throws(ConfigError) -> Namespace {
        var schema = Namespace.defaultSchema, prefix = ""
        if let node = entries["schema"] {
            let text = try reader.text(node, entries.path("schema"))
            guard SQLIdentifier.isValid(text.value) else {
                throw reader.error(.invalidIdentifier, "\(entries.path("schema")) \(text.shown) is not a valid schema name; use 1 to 63 letters, digits and _", at: node)
            }
            schema = text.value
        }
        if let node = entries["table_prefix"] {
            let text = try reader.text(node, entries.path("table_prefix"))
            guard SQLIdentifier.isValidPrefix(text.value) else {
                throw reader.error(.invalidIdentifier, "\(entries.path("table_prefix")) \(text.shown) is not a valid table prefix; use letters, digits and _, as in stripe_", at: node)
            }
            prefix = text.value
        }
        do throws(WarehouseError) {
            return try Namespace(source: source, schema: schema, tablePrefix: prefix)
        } catch {
            throw reader.error(.invalidIdentifier, "\(entries.path): \(error.message)", line: entries.line)
        }
    }

    private func webhookSecret(_ entries: ConfigEntries) throws(ConfigError) -> ConfigSecret? {
        guard let node = entries["webhook_secret"] else { return nil }
        let (variable, value) = try reader.secret(node, entries.path("webhook_secret"), what: "webhook signing secret",
                                                  example: "STRIPE_WEBHOOK_SECRET")
        return ConfigSecret(variable: variable, value: value)
    }

    private func schedule(_ entries: ConfigEntries) throws(ConfigError) -> Schedule? {
        guard let node = entries["schedule"] else { return nil }
        let text = try reader.text(node, entries.path("schedule"))
        do throws(ConfigError) {
            return try Schedule(text.value)
        } catch {
            throw reader.error(error.code, "\(entries.path("schedule")) \(text.shown): \(error.message)", at: node)
        }
    }

    private func fraction(_ node: Node, _ path: String) throws(ConfigError) -> Double {
        let value = try reader.number(node, path)
        guard (0...1).contains(value) else {
            throw reader.error(.invalidValue, "\(path) must be between 0 and 1 (a share of the objects read, such as 0.01 or 1%)", at: node)
        }
        return value
    }

    private func maxRPS(_ entries: ConfigEntries) throws(ConfigError) -> Double? {
        guard let node = entries["max_rps"] else { return nil }
        let value = try reader.number(node, entries.path("max_rps"))
        guard value > 0, value <= 10_000 else {
            throw reader.error(.invalidValue, "\(entries.path("max_rps")) must be a number of requests per second above 0, such as 20", at: node)
        }
        return value
    }

    private func rollbackRuns(_ entries: ConfigEntries) throws(ConfigError) -> Int {
        guard let node = entries["rollback_runs"] else { return RollbackRetention.defaultRuns }
        let value = try reader.number(node, entries.path("rollback_runs"))
        guard value >= 1, value <= 1000, value == value.rounded() else {
            throw reader.error(.invalidValue, "\(entries.path("rollback_runs")) must be a whole number of runs from 1 to 1000, such as 10: how many of the latest runs `tributary rollback` can undo", at: node)
        }
        return Int(value)
    }
}
