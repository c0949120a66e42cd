/// How the sync engine keeps a collection current.
public enum SyncMethod: String, Sendable, Hashable, Codable {
    /// Listed once, then kept current from `/v1/events`.
    case events
    /// No events: listed by `created` with a lookback window.
    case createdCursor = "created-cursor"
    /// Reached only through each parent object (`/v1/invoices/{invoice}/lines`).
    case viaParent = "via-parent"
    /// Neither events nor `created`: listed whole each run.
    case fullRefresh = "full-refresh"
}

/// How a nested collection is reached from its parent.
public struct ParentLink: Sendable, Hashable {
    /// How the parent's id goes into the request.
    public enum Access: Sendable, Hashable {
        /// Substituted into the endpoint's path (`/v1/invoices/{invoice}/lines`).
        case pathParameter(String)
        /// Passed as a query parameter (`/v1/subscription_items?subscription=sub_…`).
        case queryParameter(String)
    }

    /// The parent collection's table name (`invoices`).
    public var collection: String
    /// How the parent's id is passed.
    public var access: Access
    /// The column of the child table holding the parent's id (`invoice_id`).
    public var foreignKey: String
    /// The parent object's field that embeds (a first page of) this list, if any (`lines`).
    public var embeddedField: String?

    /// Creates a parent link.
    public init(collection: String, access: Access, foreignKey: String, embeddedField: String? = nil) {
        self.collection = collection
        self.access = access
        self.foreignKey = foreignKey
        self.embeddedField = embeddedField
    }
}

/// A nested structure of a collection's objects that becomes a table of its own.
public struct ChildTable: Sendable, Hashable {
    /// The child table's name (`invoice_lines`, `balance_transaction_fee_details`).
    public var table: String
    /// The parent object's field holding the structure (`lines`, `fee_details`, `discount`).
    public var field: String
    /// The schema of each element.
    public var schema: String
    /// The column of the child table holding the parent's id (`invoice_id`).
    public var foreignKey: String
    /// The collection that pages the rest of the list when the embedded one says `has_more`, if any.
    public var pagedBy: String?

    /// Creates a child table.
    public init(table: String, field: String, schema: String, foreignKey: String, pagedBy: String? = nil) {
        self.table = table
        self.field = field
        self.schema = schema
        self.foreignKey = foreignKey
        self.pagedBy = pagedBy
    }
}

/// A parameter that a list requires, with the values to list one after another.
///
/// `/v1/payment_methods` requires `type` in this API version: the collection is the union of one listing
/// per type.
public struct QueryPartition: Sendable, Hashable {
    /// The parameter's name (`type`).
    public var parameter: String
    /// Every value it may take.
    public var values: [String]

    /// Creates a partition.
    public init(parameter: String, values: [String]) {
        self.parameter = parameter
        self.values = values
    }
}

/// The event types that tell of changes to a collection's objects.
public struct EventTypes: Sendable, Hashable {
    /// Types announcing a new object (`customer.created`).
    public var created: [String]
    /// Types announcing a changed object (`customer.updated`, `invoice.paid`, …).
    public var updated: [String]
    /// Types announcing a deleted object (`customer.deleted`).
    public var deleted: [String]

    /// Creates a set of event types.
    public init(created: [String] = [], updated: [String] = [], deleted: [String] = []) {
        self.created = created
        self.updated = updated
        self.deleted = deleted
    }

    /// Every type, created first.
    public var all: [String] { created + updated + deleted }
    /// Whether the collection has any events at all.
    public var isEmpty: Bool { all.isEmpty }
}

/// One collection Tributary can sync: a list endpoint of Stripe's API and the table it fills.
///
/// Every descriptor is generated from Stripe's OpenAPI spec by `scripts/generate-catalog.py`.
public struct CollectionDescriptor: Sendable, Hashable {
    /// The table name (`charges`, `invoice_lines`).
    public var name: String
    /// The list endpoint (`/v1/charges`, `/v1/invoices/{invoice}/lines`).
    public var path: String
    /// The schema of each listed object (`charge`).
    public var schema: String
    /// The value of each object's `object` field (`charge`, `checkout.session`).
    public var objectType: String
    /// The prefix of the objects' ids (`ch`), where one is known.
    public var idPrefix: String?
    /// Set for nested lists: the parent and how to reach this list from it.
    public var parent: ParentLink?
    /// Whether the endpoint accepts `created` filters.
    public var supportsCreated: Bool
    /// Query parameters the endpoint accepts besides paging, `expand[]` and `created`.
    public var filters: [String]
    /// Query parameters Tributary always sends (`status=all` for subscriptions).
    public var fixedQuery: [String: String]
    /// A required parameter to list once per value, if any.
    public var partition: QueryPartition?
    /// Whether objects never change once created (balance transactions, events, …).
    public var immutable: Bool
    /// The event types about this collection's objects.
    public var events: EventTypes
    /// How the sync engine keeps it current.
    public var syncMethod: SyncMethod
    /// Nested structures that become child tables.
    public var childTables: [ChildTable]
    /// Why the collection is special, for listings (`file_uploads is today's files`).
    public var note: String?

    /// Creates a descriptor.
    public init(
        name: String, path: String, schema: String, objectType: String, idPrefix: String? = nil,
        parent: ParentLink? = nil, supportsCreated: Bool, filters: [String] = [],
        fixedQuery: [String: String] = [:], partition: QueryPartition? = nil, immutable: Bool = false, events: EventTypes = .init(),
        syncMethod: SyncMethod, childTables: [ChildTable] = [], note: String? = nil
    ) {
        self.name = name
        self.path = path
        self.schema = schema
        self.objectType = objectType
        self.idPrefix = idPrefix
        self.parent = parent
        self.supportsCreated = supportsCreated
        self.filters = filters
        self.fixedQuery = fixedQuery
        self.partition = partition
        self.immutable = immutable
        self.events = events
        self.syncMethod = syncMethod
        self.childTables = childTables
        self.note = note
    }
}
