import Foundation
import TributaryNormalizer
import TributaryWarehouse

/// `tributary.yml`: one destination and the Stripe accounts (sources) that sync into it.
///
/// ```swift
/// let config = try TributaryConfiguration.load()                       // ./tributary.yml, the process's environment
/// let destination = try await DestinationFactory.open(config.destination)
/// for source in config.sources {
///     let key = try source.apiKey.resolve()
///     let engine = SyncEngine.Configuration(namespace: source.namespace,
///                                           collections: source.collections.resolve(in: .stripe))
///     // … normalize, then source.transforms.apply(to: batch) before writing
/// }
/// ```
///
/// Every value is checked when the file is loaded, so a configuration that loads can be used as it is;
/// each problem is a ``ConfigError`` naming the file, the line and the fix.
public struct TributaryConfiguration: Sendable, CustomStringConvertible {
    /// The file it was read from, as given (`tributary.yml`).
    public var file: String
    /// Where every source's tables go (`destination:`).
    public var destination: DestinationURL
    /// The sources, in file order; names are unique, and no two share a schema and table prefix.
    public var sources: [SourceConfiguration]

    /// Creates a configuration from checked parts.
    public init(file: String = ConfigFile.defaultPath, destination: DestinationURL, sources: [SourceConfiguration]) {
        self.file = file
        self.destination = destination
        self.sources = sources
    }

    /// The source with the given name.
    public func source(named name: String) -> SourceConfiguration? {
        sources.first { $0.name == name }
    }

    /// Reads and checks a configuration file.
    ///
    /// - Parameters:
    ///   - path: the file; `api_key_file` paths in it are relative to its directory.
    ///   - environment: the values of `${NAME}` references; the process's environment by default.
    ///   - normalizer: the tables and columns that collection and column names are checked against.
    /// - Throws: ``ConfigError``: ``ConfigError/Code-swift.struct/unreadableFile`` when the file cannot be
    ///   read, or any error of ``parse(yaml:environment:fileName:normalizer:)``.
    public static func load(path: String = ConfigFile.defaultPath,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            normalizer: Normalizer = Normalizer()) throws(ConfigError) -> TributaryConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(.unreadableFile, "cannot read \(path); run `tributary init` to write a starter configuration, or pass --config PATH", file: path)
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ConfigError(.unreadableFile, "\(path) is not UTF-8 text; save it as UTF-8", file: path)
        }
        return try parse(yaml: yaml, environment: environment, fileName: path, normalizer: normalizer)
    }

    /// Parses and checks configuration text.
    ///
    /// `${NAME}` and `${NAME:-default}` are replaced in every value before it is checked; `api_key`,
    /// `hash_salt` and `webhook_secret` must be exactly one `${NAME}`.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - environment: the values of `${NAME}` references; the process's environment by default.
    ///   - fileName: the name errors give, and the directory relative `api_key_file` paths start from.
    ///   - normalizer: the tables and columns that collection and column names are checked against.
    /// - Throws: ``ConfigError`` for the first problem found, in file order.
    public static func parse(yaml: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                             fileName: String = ConfigFile.defaultPath,
                             normalizer: Normalizer = Normalizer()) throws(ConfigError) -> TributaryConfiguration {
        let reader = ConfigReader(file: fileName, environment: environment)
        let entries = try reader.mapping(try reader.root(yaml), "", allowed: ["destination", "sources"])
        guard let destinationNode = entries["destination"] else {
            throw reader.error(.missingKey, "\(fileName) needs destination:, such as destination: sqlite:tributary.sqlite or postgres://USER:${PGPASSWORD}@HOST/DB", line: entries.line)
        }
        let destination: DestinationURL
        do {
            destination = try DestinationURL(try reader.text(destinationNode, "destination").value)
        } catch let error as ConfigError {
            throw error
        } catch let error as WarehouseError {
            throw reader.error(.invalidDestination, "destination: \(error.message)", at: destinationNode)
        } catch {
            throw reader.error(.invalidDestination, "destination cannot be read; use sqlite:PATH or postgres://HOST/DB", at: destinationNode)
        }
        guard let sourcesNode = entries["sources"] else {
            throw reader.error(.missingKey, "\(fileName) needs sources:, a list with one entry per Stripe account; `tributary init` shows one", line: entries.line)
        }
        guard case let .sequence(list) = sourcesNode, !list.isEmpty else {
            throw reader.error(.wrongType, "sources must be a list of sources, each starting with - name:", at: sourcesNode)
        }
        let parser = SourceParser(reader: reader, normalizer: normalizer,
                                  directory: (fileName as NSString).deletingLastPathComponent)
        var parsed: [ParsedSource] = []
        for (index, node) in list.enumerated() { parsed.append(try parser.parse(node, index: index)) }
        try checkUnique(parsed, reader: reader)
        try checkTableNames(parsed, destination: destination, normalizer: normalizer, reader: reader)
        return TributaryConfiguration(file: fileName, destination: destination, sources: parsed.map(\.source))
    }

    /// The destination (password masked) and one line per source; never a secret.
    public var description: String {
        (["destination \(destination)"] + sources.map(\.description)).joined(separator: "\n")
    }
}
