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
        // One moment for every sweep of this pass: rows written before it and not listed since are gone.
        var epoch: Int64?
        for c in collections where c.syncMethod == .createdCursor || c.syncMethod == .fullRefresh {
            let checkpoint = StateCoding.decode(CollectionCheckpoint.self, state[StateKey.collection(c.name)])
            guard checkpoint?.complete == true else { continue }   // skipped or failed in the backfill
            let listedWhole = justBackfilled.contains(c.name)
            if listedWhole, !c.supportsCreated || c.syncMethod == .fullRefresh { continue }
            var highWater = checkpoint?.createdHighWater ?? checkpoint?.upper ?? 0
            do {
                if c.supportsCreated, c.syncMethod == .createdCursor {
                    let from = highWater - engine.configuration.lookbackSeconds
                    highWater = max(highWater, try await relist(c, query: [("created[gte]", String(from))]))
                } else {
                    if epoch == nil { epoch = try await engine.nextWholeSecond() }
                    for partition in c.partition?.values ?? [""] {
                        highWater = max(highWater, try await relist(c, query: c.partition.map { [($0.parameter, partition)] } ?? []))
                    }
                    try await loader.sweep(collection: c.name, syncedBefore: epoch!)
                }
            } catch let error as StripeError where error.code == .permission || error.code == .notFound {
                engine.progress.notice("Skipped \(c.name): \(error.message)")
                if error.code == .permission { engine.progress.error(SyncEngine.runError(error, collection: c.name)) }
                continue
            }
            var next = checkpoint ?? CollectionCheckpoint(upper: highWater, complete: true)
            next.createdHighWater = highWater
            try await loader.commit(WriteBatch(namespace: loader.namespace,
                                               state: [loader.state(StateKey.collection(c.name), next)], run: loader.run))
        }
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
