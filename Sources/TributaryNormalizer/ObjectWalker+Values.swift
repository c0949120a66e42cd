import TributaryCatalog

extension ObjectWalker {
    /// A value for a column the catalog types; a value of another type than the catalog's keeps its own
    /// type, and the column widens when the batch is written.
    static func convert(_ value: JSONValue, _ conversion: Conversion) -> Value {
        switch (conversion, value) {
        case (_, .null): return .null
        case let (.integer, .double(d)) where d == d.rounded() && abs(d) < 9.2e18: return .integer(Int64(d))
        case let (.real, .int(i)): return .real(Double(i))
        case let (.timestamp, .int(i)): return .timestamp(i)
        case let (.timestamp, .double(d)) where d == d.rounded() && abs(d) < 9.2e18: return .timestamp(Int64(d))
        case (.json, _): return .json(JSONText.of(value))
        case let (.reference, .object(members)):
            if let id = members.first(where: { $0.0 == "id" })?.1.stringValue { return .text(id) }
            return .json(JSONText.of(value))
        case let (.references, .array(elements)):
            return .json(JSONText.of(.array(elements.map { element in
                element["id"].flatMap { $0.stringValue.map(JSONValue.string) } ?? element
            })))
        default: return natural(value)
        }
    }

    /// A value of the type its JSON has.
    static func natural(_ value: JSONValue) -> Value {
        switch value {
        case .null: .null
        case let .bool(b): .boolean(b)
        case let .int(i): .integer(i)
        case let .double(d): .real(d)
        case let .string(s): .text(s)
        case .array, .object: .json(JSONText.of(value))
        }
    }

    /// A field the catalog does not know (Stripe added it after the spec): a column typed from the value.
    /// Nulls add nothing, as they tell no type; objects and arrays are kept as JSON, never flattened, since
    /// nothing says whether they are structures or maps.
    static func addUnknown(_ key: String, _ value: JSONValue, path: [String], table: TablePlan,
                           to extras: inout [(ColumnSchema, Value)]) {
        var cell = natural(value)
        guard let type = cell.type else { return }
        var column = ColumnSchema(ColumnName.make(path + [key]), type, path: (path + [key]).joined(separator: "."))
        if table.columnIndex[column.name] != nil { column.name = ColumnName.hashed(column.path) }
        // Stripe's unix times are named `created` or `…_at`; other integers stay integers.
        if case let .integer(seconds) = cell, key == "created" || key.hasSuffix("_at") {
            cell = .timestamp(seconds)
            column.type = .timestamp
        }
        extras.append((column, cell))
    }
}
