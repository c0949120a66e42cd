/// One cell of a ``Row``.
public enum Value: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    /// Seconds since the Unix epoch.
    case timestamp(Int64)
    /// JSON text.
    case json(String)

    /// The value's type, or `nil` for `null`.
    public var type: ColumnType? {
        switch self {
        case .null: nil
        case .integer: .integer
        case .real: .real
        case .text: .text
        case .boolean: .boolean
        case .timestamp: .timestamp
        case .json: .json
        }
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a column of type `type` stores it; `type` must hold the value's type.
    ///
    /// Text columns take a value's text (timestamps in ``Timestamp/text(_:)`` form), JSON columns its JSON.
    public func converted(to type: ColumnType) -> Value {
        switch (self, type) {
        case (.null, _): return .null
        case let (.integer(i), .real): return .real(Double(i))
        case let (.integer(i), .text): return .text(String(i))
        case let (.real(d), .text): return .text(JSONText.number(d))
        case let (.boolean(b), .text): return .text(b ? "true" : "false")
        case let (.timestamp(t), .text): return .text(Timestamp.text(t))
        case let (.json(j), .text): return .text(j)
        case let (.text(s), .json): return .json(JSONText.string(s))
        case let (.integer(i), .json), let (.timestamp(i), .json): return .json(String(i))
        case let (.real(d), .json): return .json(JSONText.number(d))
        case let (.boolean(b), .json): return .json(b ? "true" : "false")
        default: return self
        }
    }
}
