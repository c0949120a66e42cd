import TributaryCatalog

/// Every plan and table schema derived from a catalog.
final class PlanSet: Sendable {
    /// The plan of each collection's own objects.
    let collections: [String: TablePlan]
    /// The union schema of each table over all its plans.
    let tables: [String: TableSchema]
    let tableOrder: [String]
    /// The tables each collection's objects fill, its own first.
    let filled: [String: [String]]
    /// The `object` types of top-level collections, to tell a misplaced object from a nested variant.
    let topLevelTypes: Set<String>

    init(catalog: Catalog, depth: Int) {
        var builder = PlanBuilder(catalog: catalog, depth: depth)
        var collections: [String: TablePlan] = [:]
        var filled: [String: [String]] = [:]
        for collection in catalog.collections {
            let plan = builder.plan(collection.name, parentColumn: collection.parent?.foreignKey)
            collections[collection.name] = plan
            var tables: [String] = []
            Self.collectTables(plan, into: &tables)
            filled[collection.name] = tables
        }
        var byTable: [String: [TablePlan]] = [:]
        var order: [String] = []
        for plan in builder.plans.values.sorted(by: { ($0.table, $0.parentColumn ?? "") < ($1.table, $1.parentColumn ?? "") }) {
            byTable[plan.table, default: []].append(plan)
        }
        for collection in catalog.collections {
            for table in filled[collection.name] ?? [] where !order.contains(table) { order.append(table) }
        }
        var tables: [String: TableSchema] = [:]
        for (table, plans) in byTable {
            let primary = collections[table] ?? plans[0]
            tables[table] = Self.union([primary] + plans.filter { $0 !== primary }, table: table,
                                       parents: builder.parents[table] ?? [])
        }
        self.collections = collections
        self.tables = tables
        self.tableOrder = order
        self.filled = filled
        self.topLevelTypes = Set(catalog.collections.filter { $0.parent == nil }.map(\.objectType))
    }

    private static func collectTables(_ plan: TablePlan, into tables: inout [String]) {
        if tables.contains(plan.table) { return }
        tables.append(plan.table)
        func visit(_ object: ObjectPlan) {
            for (_, field) in object.fields.all {
                switch field {
                case let .object(nested): visit(nested)
                case let .child(child): collectTables(child.plan, into: &tables)
                case let .routed(routes):
                    for (_, child) in routes.sorted(by: { $0.key < $1.key }) { collectTables(child.plan, into: &tables) }
                case .column, .skip: break
                }
            }
        }
        visit(plan.root)
    }

    /// One schema holding every plan's columns: key, parent columns, data in first-seen order, system.
    private static func union(_ plans: [TablePlan], table: String,
                              parents: [(table: String, column: String)]) -> TableSchema {
        var columns: [ColumnSchema] = []
        var positions: [String: Int] = [:]
        for role in [ColumnSchema.Role.key, .parent, .data, .system] {
            for plan in plans {
                for column in plan.columns.columns where column.role == role {
                    if let position = positions[column.name] {
                        columns[position].type = columns[position].type.widened(with: column.type)
                    } else {
                        positions[column.name] = columns.count
                        columns.append(column)
                    }
                }
            }
        }
        columns.append(ColumnSchema(SystemColumn.deleted, .boolean, role: .system))
        return TableSchema(name: table, columns: columns,
                           primaryKey: plans[0].columns.columns.filter { $0.role == .key }.map(\.name),
                           parents: parents.map { TableSchema.ParentReference(table: $0.table, column: $0.column) })
    }
}
