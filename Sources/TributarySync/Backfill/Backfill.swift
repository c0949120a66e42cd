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
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, engine.configuration.concurrency) {
                group.addTask { try await worker(scheduler: scheduler, book: book, skipped: skipped) }
            }
            try await group.waitForAll()
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

    private func worker(scheduler: SliceScheduler, book: SequentialBook, skipped: SkipList) async throws {
        while true {
            try Task.checkCancellation()
            if let task = await book.next() {
                try await guarded(task.collection, skipped: skipped, scheduler: scheduler, book: book) {
                    try await pageSequentially(task, book: book)
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
                try await pageSlice(assignment.sliceID, of: c, scheduler: scheduler)
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

    private func pageSlice(_ id: Int, of c: CollectionDescriptor, scheduler: SliceScheduler) async throws {
        let field = engine.catalog.createdField(of: c)
        let fixed = c.fixedQuery.sorted { $0.key < $1.key }
        while let range = await scheduler.request(id) {
            let response = try await engine.client.get(c.path, query: fixed + range + [("limit", "100")], account: loader.account)
            let data = response.body["data"]?.arrayValue ?? []
            let hasMore = response.body["has_more"]?.boolValue ?? false
            let page = await scheduler.accept(id, page: data, hasMore: hasMore, field: field)
            try await loader.load(page.kept, collection: c, state: [loader.state(engine.stateKey.collection(c.name), page.checkpoint)])
            await scheduler.committed(id, last: page.last, exhausted: page.exhausted)
            if page.exhausted { return }
        }
    }

    private func pageSequentially(_ task: SequentialBook.Task, book: SequentialBook) async throws {
        let c = task.collection
        var cursor = task.cursor
        while true {
            var query = c.fixedQuery.sorted { $0.key < $1.key } + [("limit", "100")]
            if let partition = c.partition { query.append((partition.parameter, task.partition)) }
            if let cursor { query.append(("starting_after", cursor)) }
            let response = try await engine.client.get(c.path, query: query, account: loader.account)
            let data = response.body["data"]?.arrayValue ?? []
            let hasMore = response.body["has_more"]?.boolValue ?? false
            if hasMore, data.isEmpty {
                throw SyncError(.unexpectedResponse, "Stripe answered an empty page of \(c.path) that claims more; stopping rather than looping.")
            }
            cursor = data.last?["id"]?.stringValue ?? cursor
            let checkpoint = await book.checkpoint(of: c.name, partition: task.partition, cursor: cursor, finished: !hasMore)
            try await loader.load(data, collection: c, state: [loader.state(engine.stateKey.collection(c.name), checkpoint)])
            await book.committed(c.name, partition: task.partition, cursor: cursor, finished: !hasMore)
            if !hasMore { return }
        }
    }
}

/// Collections skipped in this run.
actor SkipList {
    private var names: Set<String> = []
    func insert(_ name: String) -> Bool { names.insert(name).inserted }
    func contains(_ name: String) -> Bool { names.contains(name) }
}
