import ArgumentParser
import Foundation
import TributaryConfig
import TributaryWarehouse

/// `tributary rollback RUN`: a run's writes (and every later run's of its source) undone.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo a run: its source's tables back to how they were before it, its sync state rewound.",
        discussion: """
        Undoes the run and every later run of the same source, in one transaction: rows they wrote are \
        removed, rows they changed, marked deleted or removed are put back as they were before the run, \
        their rejects are removed, and the source's sync state goes back to where the run started, so \
        that the next `tributary sync` reads again what they read. The runs stay in `tributary runs` as \
        rolled_back. Tables and columns they added stay (NULL in restored rows).

        Only the latest runs of a source can be rolled back (rollback_runs: in the configuration, 10 by \
        default). A rollback waits until no sync of the source is running; --ignore-running is for a run \
        whose process is gone (killed or crashed) and still shows as running.

        The run's source is found in the configuration (its schema and table prefix), or, without one, \
        in --destination with --schema and --table-prefix. On a terminal it asks first; elsewhere it \
        needs --yes.

        Exit codes: 0 rolled back (or nothing, when the answer is no), 1 no such run, the rollback was \
        refused (another source's run, rolled back already, too old, a run still going) or the destination \
        failed, 2 usage or configuration error, or no --yes without a terminal.
        """
    )

    @Argument(help: "The run to roll back, as `tributary runs` lists it.") var run: Int64
    @OptionGroup var target: DestinationOptions
    @Option(help: "Schema of the source's tables, without a configuration (default main).") var schema: String?
    @Option(help: "Table prefix of the source's tables, without a configuration.") var tablePrefix: String?
    @Flag(help: "Roll back without asking.") var yes = false
    @Flag(help: "Roll back although a run of the source is recorded as running: only when its process is gone.")
    var ignoreRunning = false

    func validate() throws {
        guard target.config.sources.count <= 1 else { throw ValidationError("--source may be given once") }
    }

    func run() async throws {
        ProcessSetup.start(logLevel: .warning)
        do {
            let configuration = try loadConfiguration()
            let url = try configuration.map { $0.destination } ?? target.resolve().0
            try await DestinationFactory.with(url, mustExist: true) { destination in
                try await rollBack(in: destination, url: url, configuration: configuration)
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }

    /// The configuration file, unless `--destination` names the destination instead.
    private func loadConfiguration() throws(CLIError) -> TributaryConfiguration? {
        guard target.destination == nil, target.config.hasFile else { return nil }
        if schema != nil || tablePrefix != nil {
            throw CLIError(.usage, "--schema and --table-prefix are for a destination without a configuration; \(target.config.file) sets them per source")
        }
        return try target.config.load()
    }

    private func rollBack(in destination: any Destination, url: DestinationURL,
                          configuration: TributaryConfiguration?) async throws {
        let id = RunID(rawValue: run)
        let record: RunRecord?
        do {
            record = try await destination.run(id: id)
        } catch {
            throw CLIError(.failed, "Cannot read run \(run) of \(url): \(SyncFailure.sentence(for: error))")
        }
        guard let record else { throw CLIError(.failed, "\(url) has no run \(run); `tributary runs` lists the runs") }
        let namespace = try namespace(for: record, configuration: configuration)
        let running = try await destination.runs(source: namespace.source, limit: 1000).filter { $0.status == .running }
        if !running.isEmpty, !ignoreRunning {
            let list = running.map { "run \($0.id) started \(Format.time($0.startedAt)) UTC" }.joined(separator: ", ")
            throw CLIError(.failed, "Source '\(namespace.source)' has a sync recorded as running (\(list)); wait for it to end, or, if its process is gone (killed or crashed), roll back with --ignore-running.")
        }
        let options = RollbackOptions(ignoringRunning: ignoreRunning)
        let plan = try await attempt(dryRun: true) { try await destination.rollback(id, in: namespace, options: with(options, dryRun: true)) }
        let what = RollbackText.plan(plan, source: namespace.source, url: url)
        let names = await tableNames(in: destination, namespace: namespace)
        if !yes {
            guard Terminal.inputIsInteractive else {
                throw CLIError(.usage, "rollback would \(what); add --yes to confirm when not at a terminal")
            }
            printError(RollbackText.tables(plan, names: names))
            guard Prompter.terminal.confirm("Roll back: \(what)?") else {
                print("Nothing rolled back.")
                return
            }
        }
        let done = try await attempt(dryRun: false) { try await destination.rollback(id, in: namespace, options: options) }
        print(RollbackText.done(done, source: namespace.source, names: names))
    }

    /// The namespace's tables as queries name them (`us_charges`, `stripe.us_charges`), by their name
    /// before schema and prefix.
    private func tableNames(in destination: any Destination, namespace: Namespace) async -> [String: String] {
        var names: [String: String] = [:]
        for name in (try? await destination.tables(in: namespace)) ?? [] {
            let last = name.split(separator: ".").last.map(String.init) ?? name
            let lead = last.hasPrefix(namespace.schema + "__") ? namespace.schema + "__" : ""
            names[String(last.dropFirst(lead.count + namespace.tablePrefix.count))] = name
        }
        return names
    }

    /// The namespace of the run's source: the configuration's, or the flags'.
    private func namespace(for record: RunRecord, configuration: TributaryConfiguration?) throws(CLIError) -> Namespace {
        let source = target.config.sources.first ?? record.source
        guard let configuration else {
            do {
                return try Namespace(source: source, schema: schema ?? Namespace.defaultSchema, tablePrefix: tablePrefix ?? "")
            } catch {
                throw CLIError(.usage, "--schema or --table-prefix: \(error.message)")
            }
        }
        guard let configured = configuration.source(named: source) else {
            throw CLIError(.usage, "run \(record.id) is a run of source '\(source)', which \(configuration.file) does not describe; add it back (same schema and table_prefix) to roll the run back")
        }
        return configured.namespace
    }

    private func attempt(dryRun: Bool, _ body: () async throws -> RollbackSummary) async throws(CLIError) -> RollbackSummary {
        do {
            return try await body()
        } catch let error as WarehouseError where error.code == .rollbackRefused || error.code == .unknownRun {
            throw CLIError(.failed, "Cannot roll back run \(run): \(error.message).")
        } catch {
            throw CLIError(.failed, "Rolling back run \(run) failed and nothing was rolled back: \(SyncFailure.sentence(for: error))")
        }
    }

    private func with(_ options: RollbackOptions, dryRun: Bool) -> RollbackOptions {
        var copy = options
        copy.dryRun = dryRun
        return copy
    }
}
