import TributaryCatalog
import TributaryStripe
import TributaryWarehouse

/// Applies the events since the cursor: the newest state of each changed object, deletions marked.
///
/// Events are read in time windows, oldest window first, each re-read from a little before the cursor
/// (events appear slightly after their `created`). Within a window only the newest event of each object
/// counts, with Stripe's list order breaking ties, so replaying a window twice changes nothing.
struct EventReplay: Sendable {
    let engine: SyncEngine
    let loader: Loader
    let plan: SyncPlan
    /// Bounds memory: only one window's newest states are held at once.
    static let windowSeconds: Int64 = 6 * 3600

    func run(from cursor: EventsCursor, until now: Int64) async throws {
        guard !plan.eventCollections.isEmpty else { return }
        var start = cursor.created - engine.configuration.lookbackSeconds
        var newestID = cursor.id
        let end = now + 1
        repeat {
            let windowEnd = min(end, start + Self.windowSeconds)
            let isLast = windowEnd >= end
            // The last window stays open-ended: events created while it is read are kept, not skipped.
            var query = [("created[gte]", String(start))]
            if !isLast { query.append(("created[lt]", String(windowEnd))) }
            var newest: [String: (CollectionDescriptor, JSONValue)] = [:]
            var order: [String] = []
            var windowNewest: (id: String, created: Int64)?
            for try await page in engine.client.list("/v1/events", query: query, account: loader.account) {
                for event in page.objects {
                    guard let id = event["id"]?.stringValue, let type = event["type"]?.stringValue,
                          let created = event["created"]?.intValue else { continue }
                    if windowNewest == nil { windowNewest = (id, created) }
                    guard var object = event["data"]?["object"], let objectID = object["id"]?.stringValue,
                          let c = collection(for: type, object: object) else { continue }
                    let key = "\(c.name)/\(objectID)"
                    guard newest[key] == nil else { continue }   // newest first: the first seen wins
                    if c.events.deleted.contains(type) { object = object.setting("deleted", to: .bool(true)) }
                    if let version = event["api_version"]?.stringValue, version != engine.client.configuration.apiVersion,
                       object["deleted"]?.boolValue != true, c.parent == nil {
                        object = try await refetch(object, of: c) ?? object
                    }
                    newest[key] = (c, object)
                    order.append(key)
                }
            }
            if let windowNewest { newestID = windowNewest.id }
            let advanced = EventsCursor(id: newestID, created: isLast ? max(cursor.created, windowNewest?.created ?? now) : windowEnd)
            try await apply(order.compactMap { newest[$0] }, cursor: advanced)
            start = windowEnd
        } while start < end
    }

    /// The collection an event is about, among the selected ones.
    private func collection(for type: String, object: JSONValue) -> CollectionDescriptor? {
        guard let candidates = plan.eventCollections[type] else { return nil }
        let objectType = object["object"]?.stringValue
        return candidates.first { $0.objectType == objectType } ?? (candidates.count == 1 ? candidates[0] : nil)
    }

    /// Event payloads are rendered in the account's API version at the time; the object is read again
    /// in the pinned version so that its columns match the rest of the table.
    private func refetch(_ object: JSONValue, of c: CollectionDescriptor) async throws -> JSONValue? {
        guard let id = object["id"]?.stringValue else { return nil }
        do {
            return try await engine.client.get("\(c.path)/\(id)", account: loader.account).body
        } catch let error as StripeError where error.code == .notFound {
            return nil
        }
    }

    /// Loads the window's states, one collection at a time; the last commit advances the cursor.
    private func apply(_ changes: [(CollectionDescriptor, JSONValue)], cursor: EventsCursor) async throws {
        var groups: [(CollectionDescriptor, String?, [JSONValue])] = []
        for (c, object) in changes {
            let parentID = c.parent.flatMap { link in Self.parentID(of: object, link: link) }
            if c.parent != nil, parentID == nil { continue }   // a child whose parent cannot be told
            if let i = groups.firstIndex(where: { $0.0.name == c.name && $0.1 == parentID }) {
                groups[i].2.append(object)
            } else {
                groups.append((c, parentID, [object]))
            }
        }
        for (c, parentID, objects) in groups {
            try await loader.load(objects, collection: c, parentID: parentID, state: [])
        }
        try await loader.commit(WriteBatch(namespace: loader.namespace,
                                           state: [loader.state(engine.stateKey.events, cursor)], run: loader.run))
    }

    /// The parent id carried by a nested object (`person.account`, `tax_id.customer`).
    static func parentID(of object: JSONValue, link: ParentLink) -> String? {
        let field = String(link.foreignKey.dropLast(3))
        switch object[field] {
        case let .string(id)?: return id
        case let value?: return value["id"]?.stringValue
        case nil: return nil
        }
    }
}
