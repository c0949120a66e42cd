import TributaryCatalog
import TributaryStripe

/// Whether a key may read a collection, as one `limit=1` request finds out.
struct CollectionAccess: Sendable, Hashable, Codable {
    /// What the request answered.
    enum Access: String, Sendable, Hashable, Codable {
        /// A page came back.
        case readable
        /// 403: the key lacks a permission (``CollectionAccess/permission``).
        case forbidden
        /// 404: this account's API does not serve the endpoint (`bitcoin_receivers` today); a sync skips it.
        case notServed = "not_served"
        /// Anything else (a 400, Stripe failing after retries).
        case failed
    }

    /// The collection's table name.
    var collection: String
    /// The answer.
    var access: Access
    /// For `forbidden`: the permission the key needs (`rak_subscription_read`).
    var permission: String?
    /// Stripe's request id of the refusal.
    var requestID: String?
    /// For `failed`: what Stripe said.
    var message: String?

    enum CodingKeys: String, CodingKey {
        case collection, access, permission, message
        case requestID = "request_id"
    }
}

/// Probes collections with one `limit=1` request each.
enum PermissionProbe {
    /// The collections that are listed directly (no parent) among `names` and the parents that reach the
    /// nested ones, in catalog order: the ones a probe asks about.
    static func topLevel(_ names: [String], catalog: Catalog = .stripe) -> [CollectionDescriptor] {
        var wanted = Set<String>()
        for name in names {
            var current = catalog.collection(named: name)
            while let c = current, let parent = c.parent?.collection { current = catalog.collection(named: parent) }
            if let root = current { wanted.insert(root.name) }
        }
        return catalog.collections.filter { wanted.contains($0.name) && $0.parent == nil }
    }

    /// The request that lists one object of the collection: its fixed parameters, and the first value
    /// of a required partition (`payment_methods?type=…`).
    static func query(for collection: CollectionDescriptor) -> [(String, String)] {
        var query = collection.fixedQuery.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let partition = collection.partition, let first = partition.values.first { query.append((partition.parameter, first)) }
        query.append(("limit", "1"))
        return query
    }

    /// What a probe's answer means.
    static func classify(_ error: (any Error)?, collection: String) -> CollectionAccess {
        guard let error else { return CollectionAccess(collection: collection, access: .readable) }
        guard let stripe = error as? StripeError else {
            return CollectionAccess(collection: collection, access: .failed, message: String(describing: error))
        }
        switch stripe.code {
        case .permission:
            return CollectionAccess(collection: collection, access: .forbidden, permission: stripe.missingPermission,
                                    requestID: stripe.requestId)
        case .notFound:
            return CollectionAccess(collection: collection, access: .notServed, requestID: stripe.requestId)
        default:
            return CollectionAccess(collection: collection, access: .failed, requestID: stripe.requestId, message: stripe.message)
        }
    }

    /// Probes every collection, a few at a time under the client's rate limiter, in the given order.
    static func probe(_ collections: [CollectionDescriptor], client: StripeClient,
                      concurrency: Int = 8) async -> [CollectionAccess] {
        await withTaskGroup(of: (Int, CollectionAccess).self) { group in
            var results = [CollectionAccess?](repeating: nil, count: collections.count)
            var next = 0
            func start(_ group: inout TaskGroup<(Int, CollectionAccess)>) {
                guard next < collections.count else { return }
                let index = next, c = collections[next]
                next += 1
                group.addTask {
                    do {
                        _ = try await client.get(c.path, query: query(for: c))
                        return (index, classify(nil, collection: c.name))
                    } catch {
                        return (index, classify(error, collection: c.name))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { start(&group) }
            while let (index, access) = await group.next() {
                results[index] = access
                start(&group)
            }
            return results.compactMap { $0 }
        }
    }
}
