/// Which columns of one table a source keeps out of the warehouse or hashes: the `columns:` block of
/// `tributary.yml` (`exclude_columns` and `hash_columns`).
///
/// An entry names a column (`billing_details_email`) or a field path (`billing_details.email`); a path
/// also covers everything below it, so `billing_details` covers every `billing_details_*` column,
/// including ones schema evolution adds later. Rules are checked against the table when a
/// ``TableTransform`` is made.
public struct ColumnRules: Sendable, Hashable {
    /// Columns that are never written: they are missing from the table and from every row.
    public var exclude: [String]
    /// Columns written as the salted SHA-256 of their value (lowercase hex text); `NULL` stays `NULL`.
    public var hash: [String]

    /// Creates rules; both lists default to empty.
    public init(exclude: [String] = [], hash: [String] = []) {
        self.exclude = exclude
        self.hash = hash
    }

    /// Whether the rules change nothing.
    public var isEmpty: Bool { exclude.isEmpty && hash.isEmpty }
}
