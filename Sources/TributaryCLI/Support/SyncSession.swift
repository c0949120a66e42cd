import Foundation
import Logging
import TributaryConfig
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// Syncs jobs into one destination as `tributary sync` does: every key checked with one request, then
/// the destination opened, then one run per job, its summary and alerts. Keys first, so that a refused
/// key or an unreachable Stripe leaves no trace in the warehouse, not even a new SQLite file.
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
        for job in jobs { _ = try await KeyCheck.verify(job.client, source: job.name) }
        let opened = try await DestinationFactory.open(destination)
        var statuses: [RunRecord.Status] = []
        for job in jobs { statuses.append(await run(job, into: opened)) }
        try? await opened.close()
        if statuses.contains(where: { $0 == .failed || $0 == .cancelled || $0 == .running }) { return .failed }
        return statuses.contains(.partial) ? .partial : .succeeded
    }

    /// One job's run: its record, whether it ended well or not.
    private func run(_ job: SyncJob, into destination: any Destination) async -> RunRecord.Status {
        let logger = Logger(label: "tributary.sync")
        let title = "Synced '\(job.name)' into \(self.destination)"
        let source = job.engine.namespace.source
        let previous = try? await destination.runs(source: source, limit: 1).first?.id
        let record: RunRecord
        do {
            record = try await withStripeClient(configuration: job.client, logger: Logger(label: "tributary.stripe")) { client in
                let engine = SyncEngine(configuration: job.engine, client: client, destination: destination, logger: logger)
                return try await SyncRunner.run(engine, title: title, showProgress: showProgress)
            }
        } catch {
            printError("error: '\(job.name)': \(SyncFailure.sentence(for: error))")
            // The engine recorded the failed run before it threw, unless the destination itself failed.
            if let failed = try? await destination.runs(source: source, limit: 1).first, failed.id != previous {
                print(SyncRunner.summary(failed, title: title, snapshot: nil))
                await AlertNotifier.notify(failed, rules: job.alerts, logger: Logger(label: "tributary.alerts"))
            }
            return .failed
        }
        await AlertNotifier.notify(record, rules: job.alerts, logger: Logger(label: "tributary.alerts"))
        return record.status
    }
}
