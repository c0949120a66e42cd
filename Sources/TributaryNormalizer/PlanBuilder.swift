import TributaryCatalog

/// Derives every table's plans from the catalog, once per ``Normalizer``.
struct PlanBuilder {
    let catalog: Catalog
    let depth: Int

    /// Every table's parents: `(parent table, foreign key)`, from nested collections and child tables.
    private(set) var parents: [String: [(table: String, column: String)]] = [:]
    /// The schema each table's rows follow.
    private(set) var schemaNames: [String: String] = [:]
    private(set) var plans: [String: TablePlan] = [:]
    private var building: Set<String> = []

    init(catalog: Catalog, depth: Int) {
        self.catalog = catalog
        self.depth = depth
        for collection in catalog.collections {
            schemaNames[collection.name] = collection.schema
            if let link = collection.parent { addParent(collection.name, link.collection, link.foreignKey) }
        }
        for collection in catalog.collections {
            for child in collection.childTables {
                if schemaNames[child.table] == nil { schemaNames[child.table] = child.schema }
                addParent(child.table, collection.name, child.foreignKey)
            }
        }
    }

    private mutating func addParent(_ table: String, _ parent: String, _ column: String) {
        if parents[table, default: []].contains(where: { $0.table == parent && $0.column == column }) { return }
        parents[table, default: []].append((parent, column))
    }

    /// How a table is keyed: by id, unless its schema has none or it belongs to exactly one parent.
    func key(of table: String) -> KeyPlan {
        let hasID = schemaNames[table].flatMap { catalog.schema(named: $0) }?.field("id") != nil
        let parentColumns = Set((parents[table] ?? []).map(\.column))
        if !hasID, !parentColumns.isEmpty { return .parentAndPosition }
        return parentColumns.count == 1 ? .parentAndID : .id
    }

    /// The plan for `table`'s rows as filled from the parent whose id goes into `parentColumn`.
    mutating func plan(_ table: String, parentColumn: String?) -> TablePlan {
        let planKey = table + "/" + (parentColumn ?? "")
        if let plan = plans[planKey] { return plan }
        let key = key(of: table)
        var columns: [ColumnSchema] = []
        if let parentColumn {
            columns.append(ColumnSchema(parentColumn, .text, role: key == .id ? .parent : .key))
        }
        columns.insert(key == .parentAndPosition ? ColumnSchema(SystemColumn.position, .integer, role: .key)
                                                 : ColumnSchema("id", .text, role: .key, path: "id"),
                       at: key == .id ? 0 : columns.count)
        var names = Set(columns.map(\.name)).union([SystemColumn.account, SystemColumn.syncedAt, SystemColumn.runID,
                                                          SystemColumn.deleted])
        let descriptor = catalog.collection(named: table)
        let schema = schemaNames[table].flatMap { catalog.schema(named: $0) }
        building.insert(planKey)
        let root = objectPlan(schema, path: [], table: table, descriptor: descriptor, columns: &columns, names: &names)
        building.remove(planKey)
        columns.append(ColumnSchema(SystemColumn.account, .text, role: .system))
        columns.append(ColumnSchema(SystemColumn.syncedAt, .timestamp, role: .system))
        columns.append(ColumnSchema(SystemColumn.runID, .integer, role: .system))
        let plan = TablePlan(table: table, objectType: descriptor?.objectType ?? schema?.name, key: key,
                             columns: columns, root: root)
        plans[planKey] = plan
        return plan
    }

    private mutating func objectPlan(_ schema: ObjectSchema?, path: [String], table: String,
                                     descriptor: CollectionDescriptor?,
                                     columns: inout [ColumnSchema], names: inout Set<String>) -> ObjectPlan {
        var fields: [String: FieldPlan] = [:]
        let claims = path.isEmpty ? childClaims(of: descriptor) : [:]
        for field in schema?.fields ?? [] {
            if path.isEmpty, field.name == "id" {
                if let index = columns.firstIndex(where: { $0.name == "id" }) { fields["id"] = .column(index, .text) }
                continue
            }
            if let claim = claims[field.name] {
                if let child = childPlan(claim, type: field.type, parentTable: table) { fields[field.name] = .child(child) }
                continue
            }
            let fieldPath = path + [field.name]
            func column(_ conversion: Conversion) -> FieldPlan {
                var name = ColumnName.make(fieldPath)
                if names.contains(name) { name = ColumnName.hashed(fieldPath.joined(separator: ".")) }
                names.insert(name)
                columns.append(ColumnSchema(name, conversion.columnType, path: fieldPath.joined(separator: ".")))
                return .column(columns.count - 1, conversion)
            }
            switch field.type {
            case .string, .enumeration: fields[field.name] = column(.text)
            case .integer: fields[field.name] = column(.integer)
            case .number: fields[field.name] = column(.real)
            case .boolean: fields[field.name] = column(.boolean)
            case .unixTime: fields[field.name] = column(.timestamp)
            case .expandable: fields[field.name] = column(.reference)
            case .array(.expandable): fields[field.name] = column(.references)
            case .map, .json, .anyOf, .array: fields[field.name] = column(.json)
            case let .object(name):
                if fieldPath.count < depth, let nested = catalog.schema(named: name), !nested.fields.isEmpty {
                    fields[field.name] = .object(objectPlan(nested, path: fieldPath, table: table, descriptor: nil,
                                                            columns: &columns, names: &names))
                } else {
                    fields[field.name] = column(.json)
                }
            case let .list(element):
                fields[field.name] = path.isEmpty ? routedList(field.name, element: element, parentTable: table) : .skip
            }
        }
        return ObjectPlan(path: path, fields: fields)
    }

    /// The child tables a collection's fields fill. Where two claim one field (the catalog gives
    /// `quotes.line_items` to both `quote_line_items` and `quote_upfront_line_items`), the table whose
    /// endpoint ends in that field's name wins: the other's list lives elsewhere in the object.
    private func childClaims(of descriptor: CollectionDescriptor?) -> [String: ChildTable] {
        var claims: [String: ChildTable] = [:]
        for child in descriptor?.childTables ?? [] {
            if let earlier = claims[child.field] {
                let path = catalog.collection(named: child.table)?.path ?? ""
                let earlierPath = catalog.collection(named: earlier.table)?.path ?? ""
                if earlierPath.hasSuffix("/" + child.field) || !path.hasSuffix("/" + child.field) { continue }
            }
            claims[child.field] = child
        }
        return claims
    }

    private mutating func childPlan(_ child: ChildTable, type: FieldType, parentTable: String) -> ChildPlan? {
        let shape: ChildPlan.Shape
        switch type {
        case .list: shape = .list
        case .array: shape = .array
        default: shape = .single
        }
        guard !building.contains(child.table + "/" + child.foreignKey) else { return nil }
        let plan = plan(child.table, parentColumn: child.foreignKey)
        return ChildPlan(plan: plan, shape: shape, replaces: plan.key != .id)
    }

    /// A top-level list no child table claims: its elements go to the nested collection of the same name
    /// (`account.external_accounts`), or to the nested collection of their `object` type
    /// (`customer.sources` → `cards`, `bank_accounts`); lists of top-level collections
    /// (`charge.refunds`, `customer.subscriptions`) are not kept: those objects have tables of their own.
    private mutating func routedList(_ field: String, element: String, parentTable: String) -> FieldPlan {
        if catalog.collections.contains(where: { $0.parent == nil && $0.schema == element }) { return .skip }
        let nested = catalog.children(of: parentTable).filter { $0.parent?.embeddedField == nil }
        func child(_ collection: CollectionDescriptor) -> ChildPlan? {
            guard let link = collection.parent, !building.contains(collection.name + "/" + link.foreignKey) else { return nil }
            let plan = plan(collection.name, parentColumn: link.foreignKey)
            return ChildPlan(plan: plan, shape: .list, replaces: plan.key != .id)
        }
        // Routed by type, a list may hold only some of a table's rows (`sources` is not every card), so it
        // never replaces them: such children are only upserted.
        func routed(_ collection: CollectionDescriptor) -> ChildPlan? {
            child(collection).map { ChildPlan(plan: $0.plan, shape: .list, replaces: false) }
        }
        if let same = nested.first(where: { $0.name == field }) {
            return child(same).map(FieldPlan.child) ?? .skip
        }
        var routes: [String: ChildPlan] = [:]
        for collection in nested where routes[collection.objectType] == nil {
            routes[collection.objectType] = routed(collection)
        }
        return routes.isEmpty ? .skip : .routed(routes)
    }
}
