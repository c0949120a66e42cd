/// The columns a group of rows sets, shared by every row normalized from the same plan.
///
/// Rows with the same list go into one multi-row statement; comparing lists is by identity first, so
/// grouping the rows of a batch costs almost nothing.
public final class ColumnList: Sendable, Hashable {
    /// The columns, in the order of each row's values.
    public let columns: [ColumnSchema]
    private let hash: Int

    /// Creates a list.
    public init(_ columns: [ColumnSchema]) {
        self.columns = columns
        var hasher = Hasher()
        for column in columns { hasher.combine(column.name) }
        self.hash = hasher.finalize()
    }

    /// The number of columns.
    public var count: Int { columns.count }

    /// The column names, in order.
    public var names: [String] { columns.map(\.name) }

    public static func == (lhs: ColumnList, rhs: ColumnList) -> Bool {
        lhs === rhs || (lhs.hash == rhs.hash && lhs.columns.count == rhs.columns.count
            && zip(lhs.columns, rhs.columns).allSatisfy { $0.name == $1.name })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
