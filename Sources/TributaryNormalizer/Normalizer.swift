import TributaryCatalog

/// Where an object was read from, for the rows it becomes.
public struct NormalizeContext: Sendable, Hashable {
    /// When the object was read, in seconds since the Unix epoch: `_tributary_synced_at`.
    public var syncedAt: Int64
    /// The connected account it belongs to, or `nil` for the platform: `_tributary_account`.
    public var account: String?
    /// The parent's id, for objects of nested collections (the invoice of an invoice line).
    public var parentID: String?
    /// The sync run writing the rows, as `_tributary_runs` numbers it: `_tributary_run_id`, which tells
    /// `tributary rollback` which run wrote a row. `nil` (NULL) for rows written outside a run.
    public var run: Int64?

    /// Creates a context.
    public init(syncedAt: Int64, account: String? = nil, parentID: String? = nil, run: Int64? = nil) {
        self.syncedAt = syncedAt
        self.account = account
        self.parentID = parentID
        self.run = run
    }
}

/// Turns Stripe objects into warehouse rows: one row of the collection's table per object, plus rows of
/// child tables for embedded lists, typed from the catalog.
///
/// ```swift
/// let normalizer = Normalizer()
/// try await destination.prepare(normalizer.tables(for: "charges"), in: namespace)
/// let batch = try normalizer.normalize(page.objects, collection: "charges", context: .init(syncedAt: now))
/// ```
///
/// Nested objects are flattened with `_` down to ``depth`` levels (`billing_details_address_city`);
/// maps, arrays and anything deeper are JSON text; expandable fields hold the id, expanded or not.
/// Plans are derived from the catalog once, in `init`: create one normalizer and share it.
public struct Normalizer: Sendable {
    /// The catalog the plans come from.
    public let catalog: Catalog
    /// How many levels of nested objects are flattened into columns.
    public let depth: Int
    private let plans: PlanSet

    /// Derives the plan of every collection and child table from `catalog`.
    public init(catalog: Catalog = .stripe, depth: Int = 3) {
        self.catalog = catalog
        self.depth = depth
        self.plans = PlanSet(catalog: catalog, depth: depth)
    }

    /// Every table the catalog's collections fill, in catalog order.
    public var tables: [TableSchema] { plans.tableOrder.compactMap { plans.tables[$0] } }

    /// The schema of one table, if the catalog has it.
    public func table(named name: String) -> TableSchema? { plans.tables[name] }

    /// The tables objects of a collection fill: its own, then its child tables.
    public func tables(for collection: String) -> [TableSchema] {
        (plans.filled[collection] ?? []).compactMap { plans.tables[$0] }
    }

    /// One object as rows.
    public func normalize(_ object: JSONValue, collection: String,
                          context: NormalizeContext) throws(NormalizeError) -> NormalizedObject {
        guard let plan = plans.collections[collection] else {
            throw NormalizeError(.unknownCollection, "no collection named \(collection)")
        }
        guard case let .object(members) = object else {
            throw NormalizeError(.notAnObject, "a \(collection) object must be a JSON object")
        }
        guard let id = object["id"]?.stringValue, !id.isEmpty else {
            throw NormalizeError(.missingID, "the object has no string id")
        }
        if let type = object["object"]?.stringValue, type != plan.objectType,
           type == "list" || (plan.parentIndex == nil && plans.topLevelTypes.contains(type)) {
            throw NormalizeError(.wrongObjectType, "a \(type) is not a \(plan.objectType ?? collection)")
        }
        if plan.parentIndex != nil, plan.key != .id, context.parentID == nil {
            throw NormalizeError(.missingParent, "\(collection) objects need their parent's id")
        }
        if object["deleted"]?.boolValue == true {
            return NormalizedObject(table: plan.table, id: id, parentID: context.parentID, rows: [],
                                    deletion: Deletion(table: plan.table, id: id, parentID: context.parentID,
                                                       account: context.account))
        }
        var walker = ObjectWalker(account: context.account, syncedAt: context.syncedAt, run: context.run)
        let row = try walker.row(plan, members, id: id, parentID: context.parentID, position: nil)
        return NormalizedObject(table: plan.table, id: id, parentID: context.parentID,
                                rows: [row] + walker.children, replacements: walker.replacements)
    }

    /// A batch of objects of one collection as rows; an object that cannot be normalized becomes a
    /// ``Reject`` and the rest load.
    ///
    /// - Throws: only when the collection is not in the catalog.
    public func normalize(_ objects: [JSONValue], collection: String,
                          context: NormalizeContext) throws(NormalizeError) -> NormalizedBatch {
        guard plans.collections[collection] != nil else {
            throw NormalizeError(.unknownCollection, "no collection named \(collection)")
        }
        var batch = NormalizedBatch()
        for object in objects {
            do {
                batch.append(try normalize(object, collection: collection, context: context))
            } catch {
                batch.rejects.append(Reject(collection: collection, objectID: object["id"]?.stringValue,
                                            account: context.account, reason: error.description,
                                            rawJSON: JSONText.of(object)))
            }
        }
        return batch
    }
}
