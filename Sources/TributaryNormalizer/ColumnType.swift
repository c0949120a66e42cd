/// The type of a warehouse column, as the normalizer assigns it and destinations map it onto their own
/// types (SQLite `INTEGER`, PostgreSQL `bigint`, ClickHouse `Int64`, …).
public enum ColumnType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A whole number: amounts in minor units, counts.
    case integer
    /// A floating-point number (`percent_off`, `exchange_rate`).
    case real
    /// Text: ids, enums, names, currencies.
    case text
    /// `true` or `false`.
    case boolean
    /// A point in time, from Stripe's unix-time fields.
    case timestamp
    /// JSON text: free-form maps (`metadata`), arrays, and structure deeper than the flattening depth.
    case json

    /// Whether a column of this type holds a value of type `value` as it is, without widening.
    ///
    /// Text and JSON hold anything: a value is written as its text or as its JSON.
    public func holds(_ value: ColumnType) -> Bool {
        self == value || self == .text || self == .json || (self == .real && value == .integer)
    }

    /// The narrowest type holding values of both types: integer → real → text, and text for any other pair.
    public func widened(with other: ColumnType) -> ColumnType {
        if holds(other) { return self }
        if other.holds(self) { return other }
        return .text
    }
}
