extension TableTransform {
    /// How the rows of one ``ColumnList`` become rows of the transformed table.
    struct RowPlan {
        enum Step {
            case copy(Int)
            case hash(Int)
            case decimal(amount: Int, currency: Int)
        }

        let columns: ColumnList
        let steps: [Step]
    }

    /// The plan for rows setting `list`: worked out once per list, so that the rows of a batch keep
    /// sharing one output list, as destinations expect.
    func plan(for list: ColumnList) -> RowPlan {
        let currency = list.columns.firstIndex { $0.name == "currency" }
        var columns: [ColumnSchema] = []
        var steps: [RowPlan.Step] = []
        for (index, column) in list.columns.enumerated() {
            let action = action(for: column)
            if !action.excluded {
                var out = column
                out.name = action.name
                if action.hashed { out.type = .text }
                columns.append(out)
                steps.append(action.hashed ? .hash(index) : .copy(index))
            }
            // A row that does not set the currency (a reference-only row) leaves the decimal as it is.
            if let decimal = action.decimal, let currency {
                columns.append(ColumnSchema(decimal, .real))
                steps.append(.decimal(amount: index, currency: currency))
            }
        }
        return RowPlan(columns: ColumnList(columns), steps: steps)
    }

    /// One row through a plan made for its column list.
    func apply(_ row: Row, plan: RowPlan) -> Row {
        var values: [Value] = []
        values.reserveCapacity(plan.steps.count)
        for step in plan.steps {
            switch step {
            case let .copy(index):
                values.append(row.values[index])
            case let .hash(index):
                values.append(hashed(row.values[index]))
            case let .decimal(amount, currency):
                values.append(Self.decimal(row.values[amount], currency: row.values[currency]))
            }
        }
        return Row(table: row.table, columns: plan.columns, values: values, isComplete: row.isComplete)
    }

    /// Rows as the warehouse gets them, consistent with ``apply(to:)-(TableSchema)``; rows of other tables
    /// pass unchanged. Rows sharing a column list still share one afterwards.
    public func apply(to rows: [Row]) -> [Row] {
        guard !isIdentity else { return rows }
        var plans: [ObjectIdentifier: RowPlan] = [:]
        return rows.map { row in
            guard row.table == table else { return row }
            let key = ObjectIdentifier(row.columns)
            if let plan = plans[key] { return apply(row, plan: plan) }
            let plan = plan(for: row.columns)
            plans[key] = plan
            return apply(row, plan: plan)
        }
    }

    /// The hash of a value's text form (``Value/converted(to:)`` to text); `NULL` stays `NULL`.
    func hashed(_ value: Value) -> Value {
        guard let salt else { return value }
        switch value.converted(to: .text) {
        case .null: return .null
        case let .text(text): return .text(salt.hash(text))
        case let other: return .text(salt.hash("\(other)"))
        }
    }

    /// Minor units as a decimal in the currency's unit; `NULL` when either is missing.
    static func decimal(_ amount: Value, currency: Value) -> Value {
        guard case let .text(code) = currency else { return .null }
        switch amount {
        case let .integer(minor): return .real(CurrencyExponent.decimal(minor, currency: code))
        case let .real(minor): return .real(CurrencyExponent.decimal(minor, currency: code))
        default: return .null
        }
    }
}
