import ArgumentParser
import Foundation
import Logging
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// `tributary sync`: one run of one source into a destination.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy a Stripe account into the destination, or bring it up to date.",
        discussion: """
        The first run backfills every collection; later runs apply Stripe's events since the last one, \
        re-list the collections Stripe sends no events for, and heal gaps older than Stripe's 30 days of \
        events. A run stopped at any moment resumes where it stopped.

        Exit codes: 0 succeeded, 1 failed, 2 usage or configuration error, 3 partial (some collections \
        could not be read; the run record says which and why).
        """
    )

    @OptionGroup var key: APIKeyOptions
    @Option(help: "Where rows go: sqlite:PATH or postgres://USER@HOST/DB.") var destination = "sqlite:tributary.sqlite"
    @Option(help: "Collections to sync, comma-separated (default: all; `tributary collections` lists them).") var collections: String?
    @Flag(help: "List everything again, ignoring checkpoints and the events cursor.") var fullRefresh = false
    @Option(help: "Stripe's API address; the emulator's or a proxy's otherwise.") var baseURL = StripeClient.Configuration.defaultBaseURL
    @Option(help: "The source's name in the destination's system tables.") var source = "default"
    @Option(help: "Schema of the source's tables.") var schema = Namespace.defaultSchema
    @Option(help: "Put before every table's name, e.g. stripe_.") var tablePrefix = ""
    @Option(help: "A connected account to read (Stripe-Account), instead of the key's own.") var account: String?
    @Option(help: "Requests per second (default: 90% of Stripe's limit for the key's mode: 90 live, 22.5 test).") var maxRps: Double?
    @Option(help: "Requests in flight at once.") var concurrency = SyncEngine.Configuration.defaultConcurrency
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "notice"
    @Flag(help: "No live progress line.") var quiet = false

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        ProcessSetup.start(logLevel: level)
        do {
            let record = try await sync()
            switch record.status {
            case .succeeded: return
            case .partial: throw ExitCode(CLIError.Code.partial.exitCode)
            default: throw ExitCode.failure
            }
        } catch let error as CLIError {
            throw error.exit()
        }
    }

    /// The destination and namespace the options name.
    private func target() throws(CLIError) -> (DestinationURL, Namespace) {
        do {
            return (try DestinationURL(destination), try Namespace(source: source, schema: schema, tablePrefix: tablePrefix))
        } catch {
            throw CLIError(.usage, error.message)
        }
    }

    private func sync() async throws -> RunRecord {
        let apiKey = try key.resolve()
        let (url, namespace) = try target()
        let selection = collections.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        var clientConfiguration = StripeClient.Configuration(apiKey: apiKey, baseURL: baseURL)
        clientConfiguration.requestsPerSecond = maxRps
        let destination = try await DestinationFactory.open(url)
        let logger = Logger(label: "tributary.sync")
        do {
            let record = try await withStripeClient(configuration: clientConfiguration, logger: Logger(label: "tributary.stripe")) { client in
                let engine = SyncEngine(configuration: .init(namespace: namespace, collections: selection,
                                                             fullRefresh: fullRefresh, concurrency: concurrency, account: account),
                                        client: client, destination: destination, logger: logger)
                do {
                    _ = try engine.plannedCollectionCount()
                } catch let error as SyncError {
                    throw CLIError(.usage, error.message)
                }
                return try await SyncRunner.run(engine, title: "Synced '\(source)' into \(url)", showProgress: !quiet)
            }
            try await destination.close()
            return record
        } catch {
            try? await destination.close()
            throw CLIError(.failed, SyncFailure.sentence(for: error))
        }
    }
}
