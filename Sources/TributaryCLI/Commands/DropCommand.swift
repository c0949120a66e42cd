import ArgumentParser
import Foundation
import TributaryConfig
import TributaryWarehouse

/// `tributary drop --source NAME`: a source's tables and state, gone.
struct DropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Drop a source's tables and its sync state from the destination.",
        discussion: """
        Drops the tables of the source's schema and table prefix (other sources' tables, in the same \
        schema or not, stay), and removes the source's rows from _tributary_state, _tributary_schema and \
        _tributary_rejects, in one transaction. _tributary_runs keeps the source's run history, so \
        `tributary runs` still shows what it did. The next `tributary sync` of the source starts over with \
        a full backfill.

        On a terminal it asks first; elsewhere it needs --yes.

        Exit codes: 0 dropped (or nothing to drop), 1 the destination failed, 2 usage or configuration \
        error, or no --yes without a terminal.
        """
    )

    @OptionGroup var config: ConfigOptions
    @Flag(help: "Drop without asking.") var yes = false

    func validate() throws {
        guard config.sources.count == 1 else {
            throw ValidationError("name the source to drop with --source NAME (once)")
        }
    }

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        do {
            let configuration = try config.load()
            let source = try config.single(from: configuration)
            let namespace = source.namespace
            try await DestinationFactory.with(configuration.destination, mustExist: true) { destination in
                let tables: [String]
                do {
                    tables = try await destination.tables(in: namespace)
                } catch {
                    throw CLIError(.failed, "Cannot read the tables of \(configuration.destination): \(SyncFailure.sentence(for: error))")
                }
                let what = "\(tables.count) table\(tables.count == 1 ? "" : "s") of source '\(source.name)' (schema \(namespace.schema), prefix '\(namespace.tablePrefix)') and its sync state from \(configuration.destination)"
                if !yes {
                    guard Terminal.inputIsInteractive else {
                        throw CLIError(.usage, "drop removes \(what); add --yes to confirm when not at a terminal")
                    }
                    if !tables.isEmpty { printError("Tables: " + tables.joined(separator: ", ")) }
                    guard Prompter.terminal.confirm("Drop \(what)?") else {
                        print("Nothing dropped.")
                        return
                    }
                }
                let dropped: [String]
                do {
                    dropped = try await destination.dropSource(namespace)
                } catch {
                    throw CLIError(.failed, "Dropping source '\(source.name)' failed and nothing was dropped: \(SyncFailure.sentence(for: error))")
                }
                print("Dropped \(dropped.count) table\(dropped.count == 1 ? "" : "s") of source '\(source.name)'\(dropped.isEmpty ? "" : ": " + dropped.joined(separator: ", ")); its sync state is gone and its run history kept.")
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }
}
