import ArgumentParser
import Foundation
import Logging
import TributaryCatalog
import TributaryConfig
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// `tributary sync`: the sources of `tributary.yml`, or one source described by flags, into a destination.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy Stripe accounts into the destination, or bring them up to date.",
        discussion: """
        With a configuration file (--config, or tributary.yml in this folder), syncs every source of it, \
        or those named with --source, one after the other into its destination. Without one, syncs one \
        source described by the flags (--destination, --collections, STRIPE_API_KEY or --api-key-file, …).

        The destination is opened and every key checked with one request before anything is written. The \
        first run of a source backfills every collection; later runs apply Stripe's events since the last \
        one, re-list the collections Stripe sends no events for, and heal gaps older than Stripe's 30 days \
        of events. A run stopped at any moment resumes where it stopped. On a terminal, progress per table \
        is redrawn in place; otherwise a log line every 10 seconds.

        Exit codes: 0 succeeded, 1 failed (or a key refused, the destination unreachable), 2 usage or \
        configuration error, 3 partial (some collections could not be read; the run record says which).
        """
    )

    @OptionGroup var config: ConfigOptions
    @Flag(help: "Ignore tributary.yml and sync the one source the flags describe.") var noConfig = false
    @OptionGroup var key: APIKeyOptions
    @Option(help: "Where rows go: sqlite:PATH or postgres://USER@HOST/DB (default sqlite:tributary.sqlite; without a configuration).")
    var destination: String?
    @Option(help: "Collections to sync, comma-separated (default: all; `tributary collections` lists them; without a configuration).")
    var collections: String?
    @Flag(help: "List everything again, ignoring checkpoints and the events cursor.") var fullRefresh = false
    @Option(help: "Stripe's API address, the emulator's or a proxy's (default https://api.stripe.com; without a configuration).")
    var baseURL: String?
    @Option(help: "Schema of the source's tables (default main; without a configuration).") var schema: String?
    @Option(help: "Put before every table's name, e.g. stripe_ (without a configuration).") var tablePrefix: String?
    @Option(help: "A connected account to read (Stripe-Account), instead of the key's own (without a configuration).")
    var account: String?
    @Option(help: "Connect: none, all, or acct_1,acct_2: the platform and these connected accounts (without a configuration).")
    var connectedAccounts: String?
    @Option(help: "Requests per second (default: max_rps, else 90% of Stripe's limit for the key's mode: 90 live, 22.5 test).")
    var maxRps: Double?
    @Option(help: "Requests in flight at once.") var concurrency = SyncEngine.Configuration.defaultConcurrency
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "notice"
    @Flag(help: "No live progress.") var quiet = false

    func run() async throws {
        ProcessSetup.start(logLevel: Logger.Level(rawValue: logLevel) ?? .notice)
        do {
            let jobs: [SyncJob]
            let target: DestinationURL
            if config.hasFile && !noConfig {
                (target, jobs) = try configuredJobs()
            } else {
                (target, jobs) = try flagJobs()
            }
            let status = try await SyncSession(destination: target, jobs: jobs, showProgress: !quiet).run()
            switch status {
            case .succeeded: return
            case .partial: throw ExitCode(CLIError.Code.partial.exitCode)
            default: throw ExitCode(CLIError.Code.failed.exitCode)
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }

    /// The sources of the configuration file.
    func configuredJobs() throws(CLIError) -> (DestinationURL, [SyncJob]) {
        let flags: [(String, Bool)] = [
            ("--destination", destination != nil), ("--collections", collections != nil), ("--base-url", baseURL != nil),
            ("--schema", schema != nil), ("--table-prefix", tablePrefix != nil), ("--account", account != nil),
            ("--connected-accounts", connectedAccounts != nil), ("--api-key-file", key.apiKeyFile != nil),
        ]
        if let flag = flags.first(where: \.1)?.0 {
            throw CLIError(.usage, "\(flag) describes a source without a configuration file, but \(config.file) is used; set it in the file, or add --no-config to use only flags")
        }
        let configuration = try config.load()
        var jobs: [SyncJob] = []
        for source in try config.selected(from: configuration) {
            do throws(ConfigError) {
                jobs.append(SyncJob(source: source, key: try source.apiKey.resolve(), fullRefresh: fullRefresh,
                                    concurrency: concurrency, maxRPS: maxRps))
            } catch {
                throw CLIError(.usage, "source '\(source.name)': \(error.message)")
            }
        }
        return (configuration.destination, jobs)
    }

    /// The one source the flags describe.
    func flagJobs() throws(CLIError) -> (DestinationURL, [SyncJob]) {
        guard config.sources.count <= 1 else {
            throw CLIError(.usage, "without a configuration file, sync reads one source; pass --source once, or write the sources in tributary.yml")
        }
        let name = config.sources.first ?? "default"
        let selection = collections.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        try Self.checkCollections(selection)
        var accounts = ConnectedAccounts.none
        if let connectedAccounts {
            guard let parsed = ConnectedAccounts(commandLine: connectedAccounts) else {
                throw CLIError(.usage, "--connected-accounts takes none, all, or account ids separated by commas, such as acct_1Nv0FGQ9RKHgCVdK,acct_1Nv0FGQ9RKHgCVdL")
            }
            guard account == nil || parsed == .none else {
                throw CLIError(.usage, "--account reads one connected account instead of the platform, --connected-accounts reads them beside it; use one of the two")
            }
            accounts = parsed
        }
        let url: DestinationURL
        let namespace: Namespace
        do {
            url = try DestinationURL(destination ?? DestinationURL.default.description)
            namespace = try Namespace(source: name, schema: schema ?? Namespace.defaultSchema, tablePrefix: tablePrefix ?? "")
        } catch {
            throw CLIError(.usage, error.message)
        }
        var client = StripeClient.Configuration(apiKey: try key.resolve(), baseURL: baseURL ?? StripeClient.Configuration.defaultBaseURL)
        client.requestsPerSecond = maxRps
        let engine = SyncEngine.Configuration(namespace: namespace, collections: selection, fullRefresh: fullRefresh,
                                              concurrency: concurrency, account: account, connectedAccounts: accounts)
        return (url, [SyncJob(name: name, engine: engine, client: client)])
    }

    /// Refuses a collection the catalog does not have, before anything is opened.
    static func checkCollections(_ names: [String], catalog: Catalog = .stripe) throws(CLIError) {
        let known = catalog.collections.map(\.name)
        for name in names where catalog.collection(named: name) == nil {
            throw CLIError(.usage, "--collections names no collection '\(name)'\(Suggestion.phrase(for: name, in: known)); `tributary collections` lists them")
        }
    }
}
