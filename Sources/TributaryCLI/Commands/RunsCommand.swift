import ArgumentParser
import Foundation
import TributaryWarehouse

/// `tributary runs`: what the recent runs did.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs, or show one run's tables and errors.",
        discussion: """
        Reads _tributary_runs in the configuration's destination (or --destination without one). \
        Exit codes: 0 ok, 1 the destination cannot be read, 2 usage or configuration error.
        """,
        subcommands: [RunsList.self, RunsShow.self],
        defaultSubcommand: RunsList.self
    )
}

/// `tributary runs [--source NAME] [--limit N] [--json]`.
struct RunsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The most recent runs, newest first: status, times, rows, requests, 429s and retries.",
        discussion: "Exit codes: 0 ok, 1 the destination cannot be read, 2 usage or configuration error."
    )

    @OptionGroup var target: DestinationOptions
    @Option(help: "Runs shown at most.") var limit = 20
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        do {
            guard limit > 0 else { throw CLIError(.usage, "--limit must be at least 1") }
            let (url, sources) = try target.resolve()
            let records = try await DestinationFactory.with(url, mustExist: true) { destination in
                do {
                    return try await Self.runs(destination, sources: sources, limit: limit)
                } catch {
                    throw CLIError(.failed, "Cannot read the runs of \(url): \(SyncFailure.sentence(for: error))")
                }
            }
            if json {
                try JSONOutput.print(records.map(RunSummary.init))
            } else if records.isEmpty {
                print("No runs yet\(sources.isEmpty ? "" : " of \(sources.joined(separator: ", "))"); `tributary sync` starts one.")
            } else {
                print(RunText.list(records))
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }

    /// The newest runs of the sources (every source when empty), newest first.
    static func runs(_ destination: any Destination, sources: [String], limit: Int) async throws -> [RunRecord] {
        guard !sources.isEmpty else { return try await destination.runs(source: nil, limit: limit) }
        var all: [RunRecord] = []
        for source in sources { all += try await destination.runs(source: source, limit: limit) }
        return Array(all.sorted { $0.id.rawValue > $1.id.rawValue }.prefix(limit))
    }
}

/// `tributary runs show ID [--json]`.
struct RunsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One run: status, times, counts per table, and errors with Stripe's request ids.",
        discussion: "Exit codes: 0 ok, 1 no such run or the destination cannot be read, 2 usage or configuration error."
    )

    @Argument(help: "The run's id, as `tributary runs` lists it.") var id: Int64
    @OptionGroup var target: DestinationOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        do {
            let (url, _) = try target.resolve()
            let record = try await DestinationFactory.with(url, mustExist: true) { destination in
                do {
                    return try await destination.run(id: RunID(rawValue: id))
                } catch {
                    throw CLIError(.failed, "Cannot read run \(id) of \(url): \(SyncFailure.sentence(for: error))")
                }
            }
            guard let record else {
                throw CLIError(.failed, "\(url) has no run \(id); `tributary runs` lists the runs")
            }
            if json {
                try JSONOutput.print(RunDetail(record))
            } else {
                print(RunText.detail(record))
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }
}
