import Foundation
import Logging
import TributaryCatalog
import TributaryStripe
import TributarySync
import TributaryWarehouse

/// Runs one sync with live progress and prints what it did; shared by `sync` and `demo`.
enum SyncRunner {
    /// Runs the engine; the record is returned whether the run succeeded, was partial or failed
    /// (a failed run rethrows after its summary).
    static func run(_ engine: SyncEngine, title: String, showProgress: Bool = true) async throws -> RunRecord {
        let reporter = ProgressReporter(progress: engine.progress, client: engine.client)
        let collections = (try? engine.plannedCollectionCount()) ?? 0
        let display = showProgress ? Task { await reporter.run(totalCollections: collections) } : nil
        defer { display?.cancel() }
        do {
            let record = try await engine.run()
            display?.cancel()
            _ = await display?.value
            print(summary(record, title: title, snapshot: engine.progress.snapshot))
            return record
        } catch {
            display?.cancel()
            _ = await display?.value
            throw error
        }
    }

    /// What a run did, for people; `snapshot` adds objects read and the run's notices.
    static func summary(_ record: RunRecord, title: String, snapshot: SyncProgress.Snapshot?) -> String {
        let seconds = (record.finishedAt ?? Date()).timeIntervalSince(record.startedAt)
        let total = record.total
        var lines = [
            "\(title): run \(record.id) \(record.status.rawValue) in \(Format.seconds(seconds))",
            "  tables     \(record.tables.count) written: \(Format.count(total.inserted)) rows inserted, \(Format.count(total.updated)) updated, \(Format.count(total.deleted)) deleted, \(Format.count(total.rejected)) rejected",
        ]
        if let snapshot {
            let read = snapshot.totalRead
            lines.append("  objects    \(Format.count(read)) read, \(Format.count(Int(Double(read) / max(seconds, 0.001)))) objects/s")
        }
        lines.append("  requests   \(Format.count(record.requests)) (\(String(format: "%.1f", Double(record.requests) / max(seconds, 0.001))) req/s), \(Format.count(record.rateLimited)) rate-limited (429) and absorbed, \(Format.count(record.retries)) retried")
        for notice in snapshot?.notices ?? [] { lines.append("  note       \(notice)") }
        for error in record.errors {
            let request = error.requestID.map { " (Stripe request \($0))" } ?? ""
            lines.append("  error      \(error.collection.map { "\($0): " } ?? "")\(error.message)\(request)")
        }
        return lines.joined(separator: "\n")
    }
}
