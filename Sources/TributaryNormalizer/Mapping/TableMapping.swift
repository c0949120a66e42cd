/// How one table's columns are renamed and which derived columns are added: the `mapping:` block of
/// `tributary.yml`.
public struct TableMapping: Sendable, Hashable {
    /// New names by column name (`amount: amount_cents`). Targets are lowercase `[a-z0-9_]`, at most 63
    /// bytes, and may not start with `_tributary_`.
    public var rename: [String: String]
    /// Integer amount columns in minor units that get a companion column `<name>_decimal` (real) holding
    /// the amount divided by 10 to the power of the exponent of the row's `currency`
    /// (see ``CurrencyExponent``). `<name>` is the column's name after ``rename``.
    public var decimalAmounts: [String]

    /// Creates a mapping; both parts default to empty.
    public init(rename: [String: String] = [:], decimalAmounts: [String] = []) {
        self.rename = rename
        self.decimalAmounts = decimalAmounts
    }

    /// Whether the mapping changes nothing.
    public var isEmpty: Bool { rename.isEmpty && decimalAmounts.isEmpty }

    /// The suffix of the columns ``decimalAmounts`` adds.
    public static let decimalSuffix = "_decimal"
}
