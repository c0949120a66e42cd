import TributaryCatalog
import TributaryStripe
import TributaryWarehouse

/// Lists every collection not yet loaded, concurrently: `created` slices of the lists that accept
/// `created`, one sequential pager for each list that does not, all sharing the client's rate limiter.
struct Backfill: Sendable {
    let engine: SyncEngine
    let loader: Loader
    let plan: SyncPlan
    /// Objects created from now on come from events or the next run.
    let upper: Int64
    /// No object of the account is older: the account's `created`, or 2010 when it cannot be read.
    let floor: Int64
    /// No Stripe account holds objects from before 2010.
    static let earliest: Int64 = 1_262_304_000

    func run(checkpoints: [String: CollectionCheckpoint]) async throws {
        let scheduler = SliceScheduler()
        let book = SequentialBook()
        var started: [CollectionDescriptor] = []
        for c in plan.topLevel {
            let checkpoint = checkpoints[c.name]
            if checkpoint?.complete == true { continue }
            let upper = checkpoint?.upper ?? self.upper
            started.append(c)
            if c.supportsCreated, c.partition == nil {
                let slices = checkpoint?.slices ?? [Slice(gte: floor, lt: upper)]
                await scheduler.add(collection: c.name, slices: slices, upper: upper)
            } else {
                await book.add(c, upper: upper, checkpoint: checkpoint)
            }
        }
        guard !started.isEmpty else { return }
        let skipped = SkipList()
        let fanOut = Permits(Self.fanOutPages)
        let decoding = Permits(Self.decodedPages)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, engine.configuration.concurrency) {
                group.addTask { try await worker(scheduler: scheduler, book: book, skipped: skipped, fanOut: fanOut, decoding: decoding) }
            }
            // The first failure ends every worker: `waitForAll()` would let the rest run on, and they
            // waited forever for the slices the failed worker held.
            for try await _ in group {}
        }
        // Every worker has finished: each collection still in the run is complete.
        var entries: [StateEntry] = []
        for c in started where await !skipped.contains(c.name) {
            let sliced = await scheduler.upper(of: c.name)
            let sequential = await book.upper(of: c.name)
            let upper = sliced ?? sequential ?? self.upper
            entries.append(loader.state(engine.stateKey.collection(c.name),
                                        CollectionCheckpoint(upper: upper, complete: true, createdHighWater: upper)))
            engine.progress.complete(c.name)
        }
        try await loader.commit(WriteBatch(namespace: loader.namespace, state: entries, run: loader.run))
    }

    /// Pages with a list per object loaded at once. Each drives up to ``Loader/childConcurrency``
    /// requests, so a few keep the rate limiter busy; more only hold more pages in memory while their
    /// child lists wait their turn at the limiter.
    static let fanOutPages = 4

    /// Pages decoded and on their way to the warehouse at once. Requests in flight must be many (the
    /// rate times Stripe's latency, some 40), but a page is decoded, normalized and stored in tens of
    /// milliseconds; held decoded while it waits for the writer, a page takes several times its size,
    /// so the rest wait as the bytes they arrived as. Memory then stays flat whatever the account's size.
    static let decodedPages = 8

    /// Whether each object of `c` needs a list of its own: a selected nested collection its objects do
    /// not embed.
    private func fansOut(_ c: CollectionDescriptor) -> Bool {
        plan.children[c.name]?.contains { $0.parent?.embeddedField == nil } ?? false
    }

    /// Fetches and loads one page, holding a fan-out permit when its objects need lists of their own.
    private func page<T: Sendable>(of c: CollectionDescriptor, fanOut: Permits,
                                   _ body: @Sendable () async throws -> T) async throws -> T {
        fansOut(c) ? try await fanOut.run(body) : try await body()
    }

    private func worker(scheduler: SliceScheduler, book: SequentialBook, skipped: SkipList, fanOut: Permits,
                        decoding: Permits) async throws {
        while true {
            try Task.checkCancellation()
            if let task = await book.next() {
                try await guarded(task.collection, skipped: skipped, scheduler: scheduler, book: book) {
                    try await pageSequentially(task, book: book, fanOut: fanOut, decoding: decoding)
                }
                continue
            }
            let assignment: SliceScheduler.Assignment
            switch await scheduler.next() {
            case let .page(a): assignment = a
            case .wait:
                // A slice in progress may become worth splitting once its first page tells its size;
                // a page takes hundreds of milliseconds, so looking again sooner only burns CPU.
                try await Task.sleep(for: .milliseconds(50))
                continue
            case .done:
                if await book.isEmpty { return }
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            guard let c = plan.collections.first(where: { $0.name == assignment.collection }) else { continue }
            try await guarded(c, skipped: skipped, scheduler: scheduler, book: book) {
                try await pageSlice(assignment.sliceID, of: c, scheduler: scheduler, fanOut: fanOut, decoding: decoding)
            }
        }
    }

    /// Runs one task; a collection the key may not read, or that Stripe no longer serves, is skipped with
    /// a clear record instead of failing the run.
    private func guarded(_ c: CollectionDescriptor, skipped: SkipList, scheduler: SliceScheduler,
                         book: SequentialBook, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as StripeError where error.code == .permission || error.code == .notFound {
            guard await skipped.insert(c.name) else { return }
            await scheduler.drop(collection: c.name)
            await book.drop(collection: c.name)
            if error.code == .permission {
                let permission = error.missingPermission.map { " (needs \($0))" } ?? ""
                engine.progress.error(SyncEngine.runError(error, collection: c.name))
                engine.progress.notice("Skipped \(c.name): the key may not read it\(permission).")
            } else {
                engine.progress.notice("Skipped \(c.name): this Stripe account's API does not serve \(c.path) (404).")
            }
        }
    }

    private func pageSlice(_ id: Int, of c: CollectionDescriptor, scheduler: SliceScheduler, fanOut: Permits,
                           decoding: Permits) async throws {
        let fixed = c.fixedQuery.sorted { $0.key < $1.key }
        var exhausted = false
        while !exhausted {
            exhausted = try await page(of: c, fanOut: fanOut) {
                guard let range = await scheduler.request(id) else { return true }
                let raw = try await engine.client.getRaw(c.path, query: fixed + range + [("limit", "100")], account: loader.account)
                return try await decoding.run {
                    let (batch, page) = try await slicePage(raw, of: id, in: c, scheduler: scheduler)
                    try await loader.commit(batch)
                    await scheduler.committed(id, last: page.last, exhausted: page.exhausted)
                    return page.exhausted
                }
            }
        }
    }

    /// A page of a slice as the batch that stores it; the page's objects are gone once it returns.
    private func slicePage(_ raw: StripeRawResponse, of id: Int, in c: CollectionDescriptor,
                           scheduler: SliceScheduler) async throws -> (WriteBatch, SliceScheduler.Accepted) {
        let response = try raw.decoded()
        let data = response.body["data"]?.arrayValue ?? []
        let hasMore = response.body["has_more"]?.boolValue ?? false
        var page = await scheduler.accept(id, page: data, hasMore: hasMore, field: engine.catalog.createdField(of: c))
        let batch = try await loader.batch(of: page.kept, collection: c,
                                           state: [loader.state(engine.stateKey.collection(c.name), page.checkpoint)])
        page.kept = []
        return (batch, page)
    }

    private func pageSequentially(_ task: SequentialBook.Task, book: SequentialBook, fanOut: Permits,
                                  decoding: Permits) async throws {
        let c = task.collection
        var cursor = task.cursor
        var finished = false
        while !finished {
            let start = cursor
            (cursor, finished) = try await page(of: c, fanOut: fanOut) {
                var query = c.fixedQuery.sorted { $0.key < $1.key } + [("limit", "100")]
                if let p = c.partition { query.append((p.parameter, task.partition)) }
                if let start { query.append(("starting_after", start)) }
                let raw = try await engine.client.getRaw(c.path, query: query, account: loader.account)
                return try await decoding.run {
                    let (batch, next, done) = try await self.page(raw, of: c, partition: task.partition, after: start, book: book)
                    try await loader.commit(batch)
                    await book.committed(c.name, partition: task.partition, cursor: next, finished: done)
                    return (next, done)
                }
            }
        }
    }

    /// One page of a sequential list as the batch that stores it, the new cursor, and whether the list is
    /// done; the page's objects are gone once it returns.
    private func page(_ raw: StripeRawResponse, of c: CollectionDescriptor, partition: String, after start: String?,
                      book: SequentialBook) async throws -> (WriteBatch, String?, Bool) {
        let response = try raw.decoded()
        let data = response.body["data"]?.arrayValue ?? []
        let hasMore = response.body["has_more"]?.boolValue ?? false
        if hasMore, data.isEmpty {
            throw SyncError(.unexpectedResponse, "Stripe answered an empty page of \(c.path) that claims more; stopping rather than looping.")
        }
        let cursor = data.last?["id"]?.stringValue ?? start
        let checkpoint = await book.checkpoint(of: c.name, partition: partition, cursor: cursor, finished: !hasMore)
        let batch = try await loader.batch(of: data, collection: c,
                                           state: [loader.state(engine.stateKey.collection(c.name), checkpoint)])
        return (batch, cursor, !hasMore)
    }
}

/// Collections skipped in this run.
actor SkipList {
    private var names: Set<String> = []
    func insert(_ name: String) -> Bool { names.insert(name).inserted }
    func contains(_ name: String) -> Bool { names.contains(name) }
}
