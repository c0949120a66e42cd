import Foundation
import Logging
import TributaryConfig
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// One source to sync: what its engine and its Stripe client need, and where its alerts go.
struct SyncJob: Sendable {
    /// The source's name.
    var name: String
    /// The engine's configuration: namespace, collections, column rules, Connect accounts, …
    var engine: SyncEngine.Configuration
    /// The client's: base URL, key, rate.
    var client: StripeClient.Configuration
    /// The source's `alerts:` rules.
    var alerts: [AlertRule] = []

    init(name: String, engine: SyncEngine.Configuration, client: StripeClient.Configuration, alerts: [AlertRule] = []) {
        self.name = name
        self.engine = engine
        self.client = client
        self.alerts = alerts
    }

    /// The job for a source of `tributary.yml`.
    ///
    /// - Parameter maxRPS: `--max-rps`, which overrides the file's `max_rps`.
    init(source: SourceConfiguration, key: StripeAPIKey, fullRefresh: Bool, concurrency: Int, maxRPS: Double?) {
        var client = source.clientConfiguration(key: key)
        if let maxRPS { client.requestsPerSecond = maxRPS }
        self.init(name: source.name, engine: source.engineConfiguration(fullRefresh: fullRefresh, concurrency: concurrency),
                  client: client, alerts: source.alerts)
    }
}

/// Syncs jobs into one destination as `tributary sync` does: the destination opened first, every key
/// checked with one request before any run is recorded, then one run per job, its summary and alerts.
struct SyncSession {
    var destination: DestinationURL
    var jobs: [SyncJob]
    var showProgress: Bool

    /// Runs every job.
    ///
    /// - Returns: the worst status of the runs (failed, then partial, then succeeded).
    /// - Throws: ``CLIError`` when the destination cannot be opened or a key is refused: nothing is
    ///   written then.
    func run() async throws -> RunRecord.Status {
        let opened = try await DestinationOpener.open(destination)
        var statuses: [RunRecord.Status] = []
        do {
            for job in jobs { _ = try await KeyCheck.verify(job.client, source: job.name) }
            for job in jobs { statuses.append(await run(job, into: opened)) }
        } catch {
            try? await opened.close()
            throw error
        }
        try? await opened.close()
        if statuses.contains(where: { $0 == .failed || $0 == .cancelled || $0 == .running }) { return .failed }
        return statuses.contains(.partial) ? .partial : .succeeded
    }

    /// One job's run: its record, whether it ended well or not.
    private func run(_ job: SyncJob, into destination: any Destination) async -> RunRecord.Status {
        let logger = Logger(label: "tributary.sync")
        let title = "Synced '\(job.name)' into \(self.destination)"
        var record: RunRecord?
        do {
            record = try await withStripeClient(configuration: job.client, logger: Logger(label: "tributary.stripe")) { client in
                let engine = SyncEngine(configuration: job.engine, client: client, destination: destination, logger: logger)
                return try await SyncRunner.run(engine, title: title, showProgress: showProgress)
            }
        } catch {
            printError("error: '\(job.name)': \(SyncFailure.sentence(for: error))")
            // The engine recorded the failed run before it threw.
            record = try? await destination.runs(source: job.engine.namespace.source, limit: 1).first
            if let failed = record {
                print(SyncRunner.summary(failed, title: title, snapshot: nil))
            }
        }
        guard let record else { return .failed }
        await AlertNotifier.notify(record, rules: job.alerts, logger: Logger(label: "tributary.alerts"))
        return record.status
    }
}

/// Opens destinations with errors that name the fix.
enum DestinationOpener {
    /// Opens the destination, or says in one sentence why it cannot be and what to do.
    ///
    /// - Parameter mustExist: refuse a SQLite file that does not exist rather than create it, for
    ///   commands that only read or remove.
    static func open(_ url: DestinationURL, mustExist: Bool = false) async throws(CLIError) -> any Destination {
        if mustExist, case let .sqlite(path) = url, !FileManager.default.fileExists(atPath: path) {
            throw CLIError(.failed, "The destination sqlite:\(path) does not exist yet; `tributary sync` creates it, or check --config and destination:")
        }
        do {
            return try await DestinationFactory.open(url)
        } catch {
            throw CLIError(.failed, sentence(for: error, url: url))
        }
    }

    /// Runs `body` with the opened destination and closes it afterwards, whether `body` returns or throws.
    static func with<T>(_ url: DestinationURL, mustExist: Bool = false,
                        _ body: (any Destination) async throws -> T) async throws -> T {
        let destination = try await open(url, mustExist: mustExist)
        do {
            let value = try await body(destination)
            try? await destination.close()
            return value
        } catch {
            try? await destination.close()
            throw error
        }
    }

    static func sentence(for error: any Error, url: DestinationURL) -> String {
        let detail = (error as? WarehouseError)?.message ?? String(describing: error)
        switch url {
        case let .sqlite(path):
            return "Cannot open the destination sqlite:\(path) (\(detail)); check that its folder exists and is writable."
        case .postgres:
            return "Cannot open the destination \(url) (\(detail)); check that the server runs and the host, port, user, password and database in the URL."
        case .clickhouse:
            return "Cannot open the destination \(url) (\(detail))."
        }
    }
}
