/// How one member of a JSON object is stored: precomputed per table from the catalog, so that
/// normalizing an object is one walk over its members with a dictionary look-up per member.
enum FieldPlan: Sendable {
    /// A column at the index, filled after converting the value.
    case column(Int, Conversion)
    /// A nested object flattened into its parent's columns.
    case object(ObjectPlan)
    /// An embedded list, array or object that becomes rows of a child table.
    case child(ChildPlan)
    /// An embedded list whose elements go to the child table for their `object` type
    /// (`customer.sources` → `cards`, `bank_accounts`).
    case routed([String: ChildPlan])
    /// A list stored elsewhere (`charge.refunds` is the `refunds` collection): nothing is kept.
    case skip
}

/// How a JSON value becomes a ``Value`` for a column of known type.
enum Conversion: Sendable {
    case integer, real, text, boolean, timestamp, json
    /// An expandable field: the id, whether or not it came expanded.
    case reference
    /// An array of expandable fields: a JSON array of ids.
    case references

    var columnType: ColumnType {
        switch self {
        case .integer: .integer
        case .real: .real
        case .text, .reference: .text
        case .boolean: .boolean
        case .timestamp: .timestamp
        case .json, .references: .json
        }
    }
}

/// The plan of one (possibly nested) object: its members by name.
final class ObjectPlan: Sendable {
    /// The path of the object from the table's root (`["billing_details", "address"]`).
    let path: [String]
    let fields: FieldTable

    init(path: [String], fields: [String: FieldPlan]) {
        self.path = path
        self.fields = FieldTable(fields)
    }
}

/// How a table's rows are keyed.
enum KeyPlan: Sendable {
    /// `id` alone: top-level collections, and child tables shared by several parents (`discounts`).
    case id
    /// The parent's id and the object's id (`invoice_id, id`).
    case parentAndID
    /// The parent's id and the element's position, for structures without ids (`fee_details`).
    case parentAndPosition
}

/// The plan of a table as filled from one parent (or from its own endpoint).
final class TablePlan: Sendable {
    let table: String
    let objectType: String?
    let key: KeyPlan
    /// The columns every complete row of this plan sets, in value order.
    let columns: ColumnList
    /// The columns a bare id sets (`invoice.discounts` unexpanded): key, parent and system columns.
    let referenceColumns: ColumnList
    let columnIndex: [String: Int]
    let root: ObjectPlan
    let idIndex: Int?
    let parentIndex: Int?
    let positionIndex: Int?
    let accountIndex: Int
    let syncedIndex: Int
    let runIndex: Int

    init(table: String, objectType: String?, key: KeyPlan, columns: [ColumnSchema], root: ObjectPlan) {
        self.table = table
        self.objectType = objectType
        self.key = key
        self.columns = ColumnList(columns)
        self.referenceColumns = ColumnList(columns.filter { $0.role != .data })
        self.columnIndex = Dictionary(columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.root = root
        self.idIndex = columnIndex["id"]
        self.parentIndex = columns.firstIndex { $0.role == .parent || ($0.role == .key && $0.name != "id" && $0.name != SystemColumn.position) }
        self.positionIndex = columnIndex[SystemColumn.position]
        self.accountIndex = columnIndex[SystemColumn.account]!
        self.syncedIndex = columnIndex[SystemColumn.syncedAt]!
        self.runIndex = columnIndex[SystemColumn.runID]!
    }

    var parentColumn: String? { parentIndex.map { columns.columns[$0].name } }
}

/// A child table as one parent's field fills it.
final class ChildPlan: Sendable {
    /// How the parent's field holds the elements.
    enum Shape: Sendable {
        /// `{"object":"list","data":[…],"has_more":…}`; complete when `has_more` is false.
        case list
        /// A JSON array.
        case array
        /// A single object, or `null`.
        case single
    }

    let plan: TablePlan
    let shape: Shape
    /// Whether a complete embedded value replaces the parent's earlier child rows. False for tables shared
    /// by several parents, whose rows are keyed by id alone.
    let replaces: Bool

    init(plan: TablePlan, shape: Shape, replaces: Bool) {
        self.plan = plan
        self.shape = shape
        self.replaces = replaces
    }
}
