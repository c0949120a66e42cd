import Foundation

/// Where `--destination` points: `sqlite:PATH`, and later `postgres://…` and `clickhouse://…`.
///
/// ```
/// sqlite:tributary.sqlite          sqlite:/var/lib/tributary/stripe.sqlite
/// postgres://user:secret@db.internal:5432/warehouse?sslmode=require
/// clickhouse://default@127.0.0.1:8123/stripe
/// ```
public enum DestinationURL: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file; created when missing.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(NetworkEndpoint)
    /// A ClickHouse server.
    case clickhouse(NetworkEndpoint)

    /// The file used when no destination is given.
    public static let defaultSQLitePath = "tributary.sqlite"
    /// `sqlite:tributary.sqlite`.
    public static let `default` = DestinationURL.sqlite(path: defaultSQLitePath)

    /// Parses a destination.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/invalidURL`` for an unknown scheme, an empty SQLite
    ///   path or a server URL without a host. The message never repeats a password.
    public init(_ text: String) throws(WarehouseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "sqlite" {
            self = .default
            return
        }
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            // `sqlite:///abs/path` and `sqlite://rel/path` are common spellings of the same thing.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw WarehouseError(.invalidURL, "sqlite: needs a file path, as in sqlite:tributary.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw WarehouseError(.invalidURL, "cannot read the destination; use sqlite:PATH, postgres://HOST/DB or clickhouse://HOST/DB")
        }
        switch scheme {
        case "postgres", "postgresql": self = .postgres(try NetworkEndpoint(components))
        case "clickhouse": self = .clickhouse(try NetworkEndpoint(components))
        default:
            throw WarehouseError(.invalidURL, "unsupported destination '\(scheme):'; use sqlite:PATH, postgres:// or clickhouse://")
        }
    }

    /// The destination as it can be shown: passwords are masked.
    public var description: String {
        switch self {
        case let .sqlite(path): "sqlite:\(path)"
        case let .postgres(endpoint): "postgres://\(endpoint)"
        case let .clickhouse(endpoint): "clickhouse://\(endpoint)"
        }
    }
}

/// The server part of a PostgreSQL or ClickHouse destination URL.
public struct NetworkEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host.
    public var host: String
    /// The port, if given.
    public var port: Int?
    /// The user, if given.
    public var user: String?
    /// The password, if given; never part of ``description``.
    public var password: String?
    /// The database, if given (the URL's path).
    public var database: String?
    /// The query's parameters (`sslmode`, `schema`, …).
    public var options: [String: String]

    init(_ components: URLComponents) throws(WarehouseError) {
        guard let host = components.host, !host.isEmpty else {
            throw WarehouseError(.invalidURL, "the destination URL needs a host")
        }
        self.host = host
        self.port = components.port
        self.user = components.user?.removingPercentEncoding ?? components.user
        self.password = components.password?.removingPercentEncoding ?? components.password
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.database = path.isEmpty ? nil : path
        self.options = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
    }

    public var description: String {
        var text = ""
        if let user { text += user + (password == nil ? "" : ":***") + "@" }
        text += host
        if let port { text += ":\(port)" }
        if let database { text += "/" + database }
        if !options.isEmpty {
            text += "?" + options.keys.sorted().map { key in
                "\(key)=" + (key.lowercased().contains("password") ? "***" : options[key]!)
            }.joined(separator: "&")
        }
        return text
    }
}
