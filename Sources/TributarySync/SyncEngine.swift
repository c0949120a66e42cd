import Foundation
import Logging
import TributaryCatalog
import TributaryNormalizer
import TributaryStripe
import TributaryWarehouse

/// Copies one Stripe account into a destination and keeps it current.
///
/// A run backfills what has never been loaded (concurrently across collections and `created` slices, so
/// the shared rate limiter is always busy), then applies the events since the last run, then re-lists
/// the collections Stripe sends no creation events for. Every page commits with the checkpoint it
/// advances, so a run killed at any moment resumes where it stopped.
public struct SyncEngine: Sendable {
    /// What to sync.
    public internal(set) var configuration: Configuration
    /// Where objects come from.
    public let client: StripeClient
    /// Where rows go.
    public let destination: any Destination
    /// The collections and their schemas.
    public let catalog: Catalog
    /// Objects to rows.
    public let normalizer: Normalizer
    /// Live counts of the run.
    public let progress = SyncProgress()
    let logger: Logger

    /// Creates an engine; nothing happens until ``run()``.
    public init(configuration: Configuration, client: StripeClient, destination: any Destination,
                catalog: Catalog = .stripe, normalizer: Normalizer? = nil,
                logger: Logger = Logger(label: "tributary.sync")) {
        self.configuration = configuration
        self.client = client
        self.destination = destination
        self.catalog = catalog
        self.normalizer = normalizer ?? Normalizer(catalog: catalog)
        self.logger = logger
    }

    /// The keys of this engine's state: per connected account when it reads one.
    var stateKey: StateKey { StateKey(account: configuration.account) }

    /// The number of collections a run with this configuration syncs (parents of nested ones included).
    ///
    /// - Throws: ``SyncError`` for an unknown collection name.
    public func plannedCollectionCount() throws -> Int {
        try SyncPlan(catalog: catalog, selection: configuration.collections).collections.count
    }

    /// Runs one sync and records it in `_tributary_runs`.
    ///
    /// - Returns: the run's record. A run that loaded everything but met per-collection errors (a
    ///   forbidden collection) ends `partial`; one that could not go on ends `failed` and rethrows.
    @discardableResult
    public func run() async throws -> RunRecord {
        let source = configuration.namespace.source
        let started = Date()
        let id = try await destination.startRun(source: source, startedAt: started)
        let before = await client.metrics()
        var record = RunRecord(id: id, source: source, startedAt: started)
        do {
            // Undo images of runs too old to roll back go as each run starts, so they never pile up.
            try await destination.pruneRollback(keepingRuns: configuration.rollbackRuns, in: configuration.namespace)
            try await syncAccounts(run: id, startedAt: Int64(started.timeIntervalSince1970))
            record.status = progress.snapshot.errors.isEmpty ? .succeeded : .partial
            if let rejected = rejectedBeyondThreshold() {
                record.status = .failed
                record.message = rejected
            }
        } catch {
            record.status = error is CancellationError || Task.isCancelled ? .cancelled : .failed
            record.message = Self.describe(error)
            progress.error(Self.runError(error, collection: nil))
            try? await finish(&record, metricsBefore: before)
            throw error
        }
        try await finish(&record, metricsBefore: before)
        progress.enter(.finished)
        return record
    }

    /// Why the run fails for its rejected objects, when more than ``Configuration/maxRejectedShare`` of
    /// the objects read could not be normalized; they are in `_tributary_rejects` either way.
    func rejectedBeyondThreshold() -> String? {
        let snapshot = progress.snapshot
        let rejected = snapshot.tables.values.reduce(0) { $0 + $1.rejected }
        let read = snapshot.totalRead
        guard rejected > 0, read > 0, Double(rejected) / Double(read) > configuration.maxRejectedShare else { return nil }
        return "\(rejected) of \(read) objects read (\(Self.percent(Double(rejected) / Double(read)))) could not be loaded, more than the \(Self.percent(configuration.maxRejectedShare)) allowed (max_rejected_share); _tributary_rejects holds them with the reason."
    }

    static func percent(_ share: Double) -> String {
        share * 100 >= 10 || share == 0 ? "\(Int((share * 100).rounded()))%" : String(format: "%.2g%%", share * 100)
    }

    private func finish(_ record: inout RunRecord, metricsBefore before: StripeClient.Metrics) async throws {
        let snapshot = progress.snapshot
        let after = await client.metrics()
        record.finishedAt = Date()
        record.tables = snapshot.tables
        record.requests = after.requests - before.requests
        record.rateLimited = after.rateLimited - before.rateLimited
        record.retries = after.retries - before.retries
        record.errors = snapshot.errors
        if record.message == nil, !snapshot.notices.isEmpty { record.message = snapshot.notices.joined(separator: " ") }
        try await destination.finishRun(record)
    }

    func sync(run: RunID, startedAt: Int64) async throws {
        let plan = try SyncPlan(catalog: catalog, selection: configuration.collections)
        try await destination.prepare(configuration.transforms.apply(to: plan.collections.flatMap { normalizer.tables(for: $0.name) }),
                                      in: configuration.namespace)
        let source = configuration.namespace.source
        let state = try await destination.state(source: source)
        let loader = Loader(engine: self, plan: plan, run: run)
        let location = configuration.namespace.stateLocation
        // State kept for other tables than these (the source's schema or prefix changed) says nothing
        // about what these hold: they start over, as a first sync would.
        var moved = false
        if let recorded = state[stateKey.location], recorded != location {
            moved = true
            progress.notice("The source's state was kept for \(recorded); it now writes to \(location), so every collection is synced there from the start.")
        }
        let kept = configuration.fullRefresh || moved ? [:] : state
        var entries: [StateEntry] = []
        if state[stateKey.location] != location {
            entries.append(StateEntry(source: source, key: stateKey.location, value: location))
        }
        if moved {
            // No checkpoint of the old place may be read again, even of a collection this run does not
            // select: an empty value decodes as none.
            let checkpoints = stateKey.collection("")
            entries += state.keys.filter { $0.hasPrefix(checkpoints) }.map { StateEntry(source: source, key: $0, value: "") }
        }
        var cursor = StateCoding.decode(EventsCursor.self, kept[stateKey.events])
        if cursor == nil {
            // Taken before the backfill: whatever changes while it runs is in the events after this.
            let taken = try await takeEventsCursor()
            entries.append(StateEntry(source: source, key: stateKey.events, value: StateCoding.encode(taken)))
            cursor = taken
        }
        if !entries.isEmpty {
            try await loader.commit(WriteBatch(namespace: configuration.namespace, state: entries, run: run))
        }
        var checkpoints: [String: CollectionCheckpoint] = [:]
        for c in plan.topLevel {
            checkpoints[c.name] = StateCoding.decode(CollectionCheckpoint.self, kept[stateKey.collection(c.name)])
        }
        var healed: Set<String> = []
        if let current = cursor, try await eventsExpired(current) {
            // The cursor is older than the oldest event Stripe keeps: the changes in between are gone
            // from the events list, so every collection whose objects change is listed again, and rows
            // it no longer lists are marked deleted.
            let affected = plan.topLevel.filter { $0.syncMethod != .fullRefresh && !$0.immutable && $0.name != "events" }
            progress.notice("The events cursor (\(Self.isoDate(current.created))) is older than the 30 days of events Stripe keeps; re-listing \(affected.count) collections to heal the gap.")
            logger.warning("events cursor expired; healing by re-listing", metadata: ["collections": "\(affected.count)"])
            for c in affected { checkpoints[c.name] = nil; healed.insert(c.name) }
            let fresh = try await takeEventsCursor()
            try await loader.commit(WriteBatch(namespace: configuration.namespace, state: [
                StateEntry(source: source, key: stateKey.events, value: StateCoding.encode(fresh)),
            ], run: run))
            cursor = fresh
        }
        let backfilled = Set(plan.topLevel.map(\.name).filter { checkpoints[$0]?.complete != true })
        // Rows written before this moment and not listed again are the ones a sweep marks deleted; the
        // wait makes "before" exact at the destination's one-second resolution.
        let sweepEpoch = healed.isEmpty && !configuration.fullRefresh ? startedAt : try await nextWholeSecond()
        // Stripe's clock, not ours, decides what `created` values exist: the newest event bounds it too.
        let upper = max(startedAt, cursor?.created ?? 0) + 1
        let backfill = Backfill(engine: self, loader: loader, plan: plan, upper: upper, floor: await accountFloor())
        var clock = ContinuousClock.now
        progress.enter(.backfill)
        try await backfill.run(checkpoints: checkpoints)
        logger.info("backfill done", metadata: ["seconds": "\(ContinuousClock.now - clock)"])
        clock = .now
        if !healed.isEmpty || configuration.fullRefresh {
            for name in (configuration.fullRefresh ? backfilled : healed).sorted() {
                try await loader.sweep(collection: name, syncedBefore: sweepEpoch)
            }
        }
        progress.enter(.events)
        if let cursor {
            try await EventReplay(engine: self, loader: loader, plan: plan).run(from: cursor, until: startedAt)
        }
        logger.info("events applied", metadata: ["seconds": "\(ContinuousClock.now - clock)"])
        clock = .now
        defer { logger.info("created cursors done", metadata: ["seconds": "\(ContinuousClock.now - clock)"]) }
        progress.enter(.relisting)
        let after = try await destination.state(source: source)
        try await CreatedCursorSync(engine: self, loader: loader, plan: plan)
            .run(collections: plan.topLevel, justBackfilled: backfilled, state: after)
    }

    /// Sleeps to the next whole second and returns it.
    func nextWholeSecond() async throws -> Int64 {
        let now = Date().timeIntervalSince1970
        let next = floor(now) + 1
        try await Task.sleep(for: .milliseconds(Int((next - now) * 1000) + 1))
        return Int64(next)
    }

    /// The newest event now, or the current time when there is none.
    func takeEventsCursor() async throws -> EventsCursor {
        let response = try await client.get("/v1/events", query: [("limit", "1")], account: configuration.account)
        if let newest = response.body["data"]?.arrayValue?.first, let id = newest["id"]?.stringValue,
           let created = newest["created"]?.intValue {
            return EventsCursor(id: id, created: created)
        }
        return EventsCursor(id: nil, created: Int64(Date().timeIntervalSince1970))
    }

    /// The oldest `created` an object of the account can have: the account's own creation, less a day
    /// for clocks; a key that may not read the account falls back to 2010.
    func accountFloor() async -> Int64 {
        guard let response = try? await client.get("/v1/account", account: configuration.account),
              let created = response.body["created"]?.intValue else { return Backfill.earliest }
        return max(Backfill.earliest, created - 86400)
    }

    /// Whether Stripe no longer has the cursor's event: the events since then are partly gone.
    func eventsExpired(_ cursor: EventsCursor) async throws -> Bool {
        if let id = cursor.id {
            do {
                _ = try await client.get("/v1/events/\(id)", account: configuration.account)
                return false
            } catch let error as StripeError where error.code == .notFound {
                return true
            }
        }
        return Int64(Date().timeIntervalSince1970) - cursor.created > 30 * 86400 - 3600
    }

    static func isoDate(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? StripeError { return e.description }
        return String(describing: error)
    }

    static func runError(_ error: any Error, collection: String?, account: String? = nil) -> RunRecord.RunError {
        if let e = error as? StripeError {
            return .init(collection: collection, code: e.code.description, message: (account.map { "\($0): " } ?? "") + e.message,
                         requestID: e.requestId, httpStatus: e.httpStatus)
        }
        return .init(collection: collection, code: "internal", message: String(describing: error))
    }
}
