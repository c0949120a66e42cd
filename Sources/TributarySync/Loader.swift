import Foundation
import TributaryCatalog
import TributaryNormalizer
import TributaryStripe
import TributaryWarehouse

/// Makes pages of objects whole, turns them into rows and commits them with the state they advance.
struct Loader: Sendable {
    let engine: SyncEngine
    let plan: SyncPlan
    let run: RunID
    /// Per-parent child lists fetched at once for one page. A customer's balance transactions take one
    /// request per customer: for most accounts these lists are most of a backfill's requests, so they
    /// must fill the rate limit on their own; the limiter, not this number, bounds the total.
    var childConcurrency: Int { max(8, engine.configuration.concurrency) }

    var namespace: Namespace { engine.configuration.namespace }
    var account: String? { engine.configuration.account }

    func commit(_ batch: WriteBatch) async throws {
        let summary = try await engine.destination.write(batch)
        engine.progress.add(summary)
    }

    /// A state entry of this source.
    func state(_ key: String, _ value: some Encodable) -> StateEntry {
        StateEntry(source: namespace.source, key: key, value: StateCoding.encode(value))
    }

    /// Loads objects of one collection, with everything nested in them, in one transaction with `state`.
    func load(_ objects: [JSONValue], collection: CollectionDescriptor, parentID: String? = nil,
              state: [StateEntry]) async throws {
        try await commit(batch(of: objects, collection: collection, parentID: parentID, state: state))
    }

    /// Objects of one collection, with everything nested in them, as the batch that stores them.
    ///
    /// Callers that hold a page should make its batch in a scope of their own and commit it after: a
    /// page's objects take several times the memory of its rows, and the commit may wait for the writer.
    func batch(of objects: [JSONValue], collection: CollectionDescriptor, parentID: String? = nil,
               state: [StateEntry]) async throws -> WriteBatch {
        let now = Int64(Date().timeIntervalSince1970)
        var whole: [JSONValue] = []
        whole.reserveCapacity(objects.count)
        for object in objects { whole.append(try await completingEmbeddedLists(object, of: collection)) }
        engine.progress.read(objects.count, from: collection.name)
        let context = NormalizeContext(syncedAt: now, account: account, parentID: parentID, run: run.rawValue)
        var batches = [try normalize(whole, collection: collection.name, context: context)]
        batches += try await childBatches(of: whole, collection: collection, syncedAt: now)
        var batch = WriteBatch(namespace: namespace, state: state, run: run)
        for b in batches {
            batch.rows += b.rows
            batch.replacements += b.replacements
            batch.deletions += b.deletions
            batch.rejects += b.rejects
        }
        return batch
    }

    /// Replaces each truncated embedded list that becomes a child table by the whole list, paged from
    /// its `url`, so that the child table is replaced by every child rather than the first ten.
    func completingEmbeddedLists(_ object: JSONValue, of collection: CollectionDescriptor) async throws -> JSONValue {
        var object = object
        for child in collection.childTables where child.pagedBy != nil {
            guard let embedded = object[child.field], embedded["has_more"]?.boolValue == true else { continue }
            var all: [JSONValue] = []
            do {
                for try await page in engine.client.continueList(embedded: embedded, account: account) {
                    all += page.objects
                }
            } catch let error as StripeError where error.code == .notFound {
                continue   // the parent vanished since it was listed: its next event or listing says so
            }
            object = object.setting(child.field, to: embedded.setting("data", to: .array(all))
                .setting("has_more", to: .bool(false)))
        }
        return object
    }

    /// Rows of selected nested collections that the parents do not embed: one list per parent.
    private func childBatches(of parents: [JSONValue], collection: CollectionDescriptor,
                              syncedAt: Int64) async throws -> [NormalizedBatch] {
        let children = (plan.children[collection.name] ?? []).filter { child in
            guard let field = child.parent?.embeddedField else { return true }
            return parents.contains { $0[field]?["data"] == nil }
        }
        guard !children.isEmpty else { return [] }
        var jobs: [(CollectionDescriptor, String)] = []
        for child in children {
            for parent in parents {
                guard let id = parent["id"]?.stringValue, parent["deleted"]?.boolValue != true else { continue }
                if let field = child.parent?.embeddedField, parent[field]?["data"] != nil { continue }
                jobs.append((child, id))
            }
        }
        return try await withThrowingTaskGroup(of: NormalizedBatch?.self) { group in
            var results: [NormalizedBatch] = []
            var next = 0
            func start(_ group: inout ThrowingTaskGroup<NormalizedBatch?, any Error>) {
                guard next < jobs.count else { return }
                let (child, parentID) = jobs[next]
                next += 1
                group.addTask { try await self.childBatch(child, parentID: parentID, syncedAt: syncedAt) }
            }
            for _ in 0..<childConcurrency { start(&group) }
            while let result = try await group.next() {
                if let result { results.append(result) }
                start(&group)
            }
            return results
        }
    }

    private func childBatch(_ child: CollectionDescriptor, parentID: String, syncedAt: Int64) async throws -> NormalizedBatch? {
        guard let link = child.parent else { return nil }
        var path = child.path
        var query: [(String, String)] = child.fixedQuery.sorted { $0.key < $1.key }
        switch link.access {
        case let .pathParameter(name): path = path.replacingOccurrences(of: "{\(name)}", with: parentID)
        case let .queryParameter(name): query.append((name, parentID))
        }
        var objects: [JSONValue] = []
        do {
            for try await page in engine.client.list(path, query: query, account: account) {
                objects += page.objects
            }
        } catch let error as StripeError where error.code == .notFound {
            return nil   // a parent deleted since it was listed has no children to read
        }
        engine.progress.read(objects.count, from: child.name)
        let context = NormalizeContext(syncedAt: syncedAt, account: account, parentID: parentID, run: run.rawValue)
        return try normalize(objects, collection: child.name, context: context)
    }

    /// Objects as the warehouse gets them: normalized, then the source's column rules and mappings.
    private func normalize(_ objects: [JSONValue], collection: String, context: NormalizeContext) throws -> NormalizedBatch {
        let batch = try engine.normalizer.normalize(objects, collection: collection, context: context)
        return engine.configuration.transforms.apply(to: batch)
    }

    /// Marks deleted every row of a collection not loaded since `syncedBefore`: after a complete
    /// re-listing, those are objects Stripe no longer lists.
    func sweep(collection: String, syncedBefore: Int64) async throws {
        let swept = try await engine.destination.markDeleted(notSyncedSince: syncedBefore, table: collection,
                                                             account: account, in: namespace, run: run)
        if swept > 0 {
            engine.progress.notice("\(swept) \(collection) rows no longer listed by Stripe were marked deleted.")
        }
    }
}
