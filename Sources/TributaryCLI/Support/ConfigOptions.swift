import ArgumentParser
import Foundation
import TributaryConfig

/// `--config PATH` and `--source NAME`: which file and which of its sources a command uses.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file.", valueName: "path"))
    var path: String?

    @Option(name: .customLong("source"), help: ArgumentHelp(
        "Only this source of the configuration (repeatable; default: every source).",
        discussion: "Without a configuration file, `sync` records its run under this name (default: default).",
        valueName: "name"))
    var sources: [String] = []

    /// The file read: `--config`, or `tributary.yml`.
    var file: String { path ?? ConfigFile.defaultPath }

    /// Whether there is a file to read: `--config` was given, or `tributary.yml` exists here.
    var hasFile: Bool { path != nil || FileManager.default.fileExists(atPath: ConfigFile.defaultPath) }

    /// Reads and checks the file.
    ///
    /// - Throws: ``CLIError`` with code `usage` holding the file's error: file, line and fix.
    func load() throws(CLIError) -> TributaryConfiguration {
        do throws(ConfigError) {
            return try TributaryConfiguration.load(path: file)
        } catch {
            throw CLIError(.usage, error.description)
        }
    }

    /// The sources `--source` names, in the file's order, or every source.
    ///
    /// - Throws: ``CLIError`` with code `usage` for a name the file does not have.
    func selected(from configuration: TributaryConfiguration) throws(CLIError) -> [SourceConfiguration] {
        try Self.select(sources, from: configuration)
    }

    /// ``selected(from:)`` for a given list of names.
    static func select(_ names: [String], from configuration: TributaryConfiguration) throws(CLIError) -> [SourceConfiguration] {
        let known = configuration.sources.map(\.name)
        for name in names where !known.contains(name) {
            throw CLIError(.usage, "\(configuration.file) has no source '\(name)'\(Suggestion.phrase(for: name, in: known)); its sources are \(known.joined(separator: ", "))")
        }
        guard !names.isEmpty else { return configuration.sources }
        return configuration.sources.filter { names.contains($0.name) }
    }

    /// Exactly one source: the one `--source` names, or the file's only one.
    func single(from configuration: TributaryConfiguration) throws(CLIError) -> SourceConfiguration {
        let chosen = try selected(from: configuration)
        guard chosen.count == 1, let source = chosen.first else {
            throw CLIError(.usage, "\(configuration.file) has \(chosen.count) sources; choose one with --source (\(chosen.map(\.name).joined(separator: ", ")))")
        }
        return source
    }
}
