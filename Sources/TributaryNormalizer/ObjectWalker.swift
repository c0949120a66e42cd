import TributaryCatalog

/// One object's walk through its table plan: the row, its child rows and the replacements they make.
struct ObjectWalker {
    let account: Value
    let synced: Value
    let run: Value
    private(set) var children: [Row] = []
    private(set) var replacements: [ChildReplacement] = []

    init(account: String?, syncedAt: Int64, run: Int64?) {
        self.account = account.map(Value.text) ?? .null
        self.synced = .timestamp(syncedAt)
        self.run = run.map(Value.integer) ?? .null
    }

    /// The row of an object of `plan`'s table; its child rows go to ``children``.
    mutating func row(_ plan: TablePlan, _ members: [(String, JSONValue)], id: String?, parentID: String?,
                      position: Int?) throws(NormalizeError) -> Row {
        var values = [Value](repeating: .null, count: plan.columns.count)
        if let index = plan.idIndex, let id { values[index] = .text(id) }
        if let index = plan.parentIndex, let parentID { values[index] = .text(parentID) }
        if let index = plan.positionIndex, let position { values[index] = .integer(Int64(position)) }
        values[plan.accountIndex] = account
        values[plan.syncedIndex] = synced
        values[plan.runIndex] = run
        var extras: [(ColumnSchema, Value)] = []
        try fill(plan.root, members, table: plan, id: id, values: &values, extras: &extras)
        guard !extras.isEmpty else { return Row(table: plan.table, columns: plan.columns, values: values) }
        // By name, so that objects with the same new fields share one column list whatever their key order.
        extras.sort { $0.0.name < $1.0.name }
        return Row(table: plan.table, columns: ColumnList(plan.columns.columns + extras.map(\.0)),
                   values: values + extras.map(\.1))
    }

    private mutating func fill(_ plan: ObjectPlan, _ members: [(String, JSONValue)], table: TablePlan, id: String?,
                               values: inout [Value], extras: inout [(ColumnSchema, Value)]) throws(NormalizeError) {
        for (key, value) in members {
            guard let field = plan.fields[key] else {
                Self.addUnknown(key, value, path: plan.path, table: table, to: &extras)
                continue
            }
            switch field {
            case let .column(index, conversion):
                values[index] = Self.convert(value, conversion)
            case let .object(nested):
                switch value {
                case let .object(nestedMembers):
                    try fill(nested, nestedMembers, table: table, id: id, values: &values, extras: &extras)
                case .null:
                    break
                default:
                    Self.addUnknown(key, value, path: plan.path, table: table, to: &extras)
                }
            case let .child(child):
                try embedded(child, value, field: key, parentID: id, table: table)
            case let .routed(routes):
                try routed(routes, value, field: key, parentID: id, table: table)
            case .skip:
                break
            }
        }
    }

    private mutating func embedded(_ child: ChildPlan, _ value: JSONValue, field: String, parentID: String?,
                                   table: TablePlan) throws(NormalizeError) {
        let elements: [JSONValue]
        let complete: Bool
        switch (child.shape, value) {
        case (.list, .null):
            return
        case (_, .null):
            (elements, complete) = ([], true)
        case (.list, .object):
            guard let data = value["data"]?.arrayValue else {
                throw NormalizeError(.malformedChild, "\(table.table).\(field) is a list without data")
            }
            (elements, complete) = (data, value["has_more"]?.boolValue == false)
        case let (.array, .array(array)):
            (elements, complete) = (array, true)
        case (.single, .object), (.single, .string):
            (elements, complete) = ([value], true)
        default:
            throw NormalizeError(.malformedChild, "\(table.table).\(field) is not a \(child.shape)")
        }
        guard let parentID else {
            if elements.isEmpty { return }
            throw NormalizeError(.malformedChild, "\(table.table) has \(field) but no id to key them by")
        }
        for (position, element) in elements.enumerated() {
            try self.element(child.plan, element, position: position, parentID: parentID, field: field, table: table)
        }
        if complete, child.replaces, let column = child.plan.parentColumn {
            replacements.append(ChildReplacement(table: child.plan.table, parentColumn: column, parentID: parentID))
        }
    }

    private mutating func routed(_ routes: [String: ChildPlan], _ value: JSONValue, field: String, parentID: String?,
                                 table: TablePlan) throws(NormalizeError) {
        if value.isNull { return }
        guard let data = value["data"]?.arrayValue else {
            throw NormalizeError(.malformedChild, "\(table.table).\(field) is a list without data")
        }
        for (position, element) in data.enumerated() {
            guard let type = element["object"]?.stringValue, let child = routes[type] else { continue }
            guard let parentID else { throw NormalizeError(.malformedChild, "\(table.table) has \(field) but no id") }
            try self.element(child.plan, element, position: position, parentID: parentID, field: field, table: table)
        }
    }

    private mutating func element(_ plan: TablePlan, _ element: JSONValue, position: Int, parentID: String,
                                  field: String, table: TablePlan) throws(NormalizeError) {
        switch element {
        case let .object(members):
            var id: String?
            if plan.key != .parentAndPosition {
                guard let elementID = element["id"]?.stringValue, !elementID.isEmpty else {
                    throw NormalizeError(.malformedChild, "\(table.table).\(field)[\(position)] has no id")
                }
                id = elementID
            }
            let row = try row(plan, members, id: id, parentID: parentID, position: position)
            children.append(row)
        case let .string(id) where plan.key != .parentAndPosition && !id.isEmpty:
            children.append(reference(plan, id: id, parentID: parentID))
        default:
            throw NormalizeError(.malformedChild, "\(table.table).\(field)[\(position)] is not an object")
        }
    }

    /// The row of an unexpanded reference: its key, parent and system columns (the run that wrote it
    /// included), leaving the rest alone.
    private func reference(_ plan: TablePlan, id: String, parentID: String) -> Row {
        let values = plan.referenceColumns.columns.map { column -> Value in
            switch column.name {
            case "id": .text(id)
            case SystemColumn.account: account
            case SystemColumn.syncedAt: synced
            case SystemColumn.runID: run
            default: .text(parentID)
            }
        }
        return Row(table: plan.table, columns: plan.referenceColumns, values: values, isComplete: false)
    }
}
