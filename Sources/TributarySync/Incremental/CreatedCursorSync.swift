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

    func run(collections: [CollectionDescriptor], state: [String: String], now: Int64) async throws {
        for c in collections where c.syncMethod == .createdCursor || c.syncMethod == .fullRefresh {
            let checkpoint = StateCoding.decode(CollectionCheckpoint.self, state[StateKey.collection(c.name)])
            do {
                if c.syncMethod == .createdCursor, c.supportsCreated {
                    let from = (checkpoint?.createdHighWater ?? checkpoint?.upper ?? 0) - engine.configuration.lookbackSeconds
                    try await relist(c, query: [("created[gte]", String(from))])
                } else {
                    for partition in c.partition?.values ?? [""] {
                        try await relist(c, query: c.partition.map { [($0.parameter, partition)] } ?? [])
                    }
                    try await loader.sweep(collection: c.name, syncedBefore: now)
                }
            } catch let error as StripeError where error.code == .permission || error.code == .notFound {
                engine.progress.notice("Skipped \(c.name): \(error.message)")
                if error.code == .permission { engine.progress.error(SyncEngine.runError(error, collection: c.name)) }
                continue
            }
            let next = CollectionCheckpoint(upper: checkpoint?.upper ?? now, complete: true, createdHighWater: now)
            try await loader.commit(WriteBatch(namespace: loader.namespace,
                                               state: [loader.state(StateKey.collection(c.name), next)], run: loader.run))
        }
    }

    private func relist(_ c: CollectionDescriptor, query: [(String, String)]) async throws {
        let fixed = c.fixedQuery.sorted { $0.key < $1.key }
        for try await page in engine.client.list(c.path, query: fixed + query, account: loader.account) {
            try await loader.load(page.objects, collection: c, state: [])
        }
    }
}
