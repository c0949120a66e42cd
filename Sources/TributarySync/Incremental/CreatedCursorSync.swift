import Foundation
import TributaryCatalog
import TributaryStripe
import TributaryWarehouse

/// Keeps current the collections whose new objects no event announces: lists again from a little
/// before the high-water mark of `created`; lists without `created` (and no events) are listed whole and
/// rows Stripe no longer lists are marked deleted.
struct CreatedCursorSync: Sendable {
    let engine: SyncEngine
    let loader: Loader
    let plan: SyncPlan

    /// - Parameters:
    ///   - justBackfilled: collections this run listed whole; those listed by `created` are still read
    ///     again above their backfill's upper bound, for objects created while the backfill ran.
    func run(collections: [CollectionDescriptor], justBackfilled: Set<String>, state: [String: String]) async throws {
        let due = collections.filter { c in
            guard c.syncMethod == .createdCursor || c.syncMethod == .fullRefresh,
                  StateCoding.decode(CollectionCheckpoint.self, state[engine.stateKey.collection(c.name)])?.complete == true
            else { return false }   // skipped or failed in the backfill
            return !justBackfilled.contains(c.name) || (c.supportsCreated && c.syncMethod == .createdCursor)
        }
        guard !due.isEmpty else { return }
        // One moment for every sweep of this pass: rows written before it and not listed since are gone.
        let epoch = due.contains { !($0.supportsCreated && $0.syncMethod == .createdCursor) } ? try await engine.nextWholeSecond() : 0
        // Each collection is a request or two: run them side by side, or their latencies add up.
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            for _ in 0..<min(due.count, 16) {
                let c = due[next]
                next += 1
                group.addTask { try await relist(c, state: state, epoch: epoch) }
            }
            while try await group.next() != nil, next < due.count {
                let c = due[next]
                next += 1
                group.addTask { try await relist(c, state: state, epoch: epoch) }
            }
        }
    }

    private func relist(_ c: CollectionDescriptor, state: [String: String], epoch: Int64) async throws {
        let checkpoint = StateCoding.decode(CollectionCheckpoint.self, state[engine.stateKey.collection(c.name)])
        var highWater = checkpoint?.createdHighWater ?? checkpoint?.upper ?? 0
        do {
            if c.supportsCreated, c.syncMethod == .createdCursor {
                let from = highWater - engine.configuration.lookbackSeconds
                highWater = max(highWater, try await relist(c, query: [("created[gte]", String(from))]))
            } else {
                for partition in c.partition?.values ?? [""] {
                    highWater = max(highWater, try await relist(c, query: c.partition.map { [($0.parameter, partition)] } ?? []))
                }
                try await loader.sweep(collection: c.name, syncedBefore: epoch)
            }
        } catch let error as StripeError where error.code == .permission || error.code == .notFound {
            engine.progress.notice("Skipped \(c.name): \(error.message)")
            if error.code == .permission { engine.progress.error(SyncEngine.runError(error, collection: c.name)) }
            return
        }
        var next = checkpoint ?? CollectionCheckpoint(upper: highWater, complete: true)
        next.createdHighWater = highWater
        try await loader.commit(WriteBatch(namespace: loader.namespace,
                                           state: [loader.state(engine.stateKey.collection(c.name), next)], run: loader.run))
    }

    /// Lists and loads; returns the highest `created` seen.
    private func relist(_ c: CollectionDescriptor, query: [(String, String)]) async throws -> Int64 {
        let fixed = c.fixedQuery.sorted { $0.key < $1.key }
        let field = engine.catalog.createdField(of: c)
        var highest: Int64 = 0
        for try await page in engine.client.list(c.path, query: fixed + query, account: loader.account) {
            for object in page.objects { highest = max(highest, object[field]?.intValue ?? 0) }
            try await loader.load(page.objects, collection: c, state: [])
        }
        return highest
    }
}
