/// Why column rules or a mapping cannot apply to a table.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code, usable as a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let base: String
        private init(_ base: String) { self.base = base }

        /// A rule names a column or field path the table does not have.
        public static let unknownColumn = Code("unknown_column")
        /// A rule would exclude, hash or rename a key, parent or `_tributary_*` column.
        public static let protectedColumn = Code("protected_column")
        /// Two rules contradict each other (a column both excluded and hashed, …).
        public static let conflictingRules = Code("conflicting_rules")
        /// Columns are hashed but no salt was given.
        public static let missingSalt = Code("missing_salt")
        /// A new name is not a valid column name.
        public static let invalidName = Code("invalid_name")
        /// Two columns would end up with the same name.
        public static let nameCollision = Code("name_collision")
        /// A decimal amount was asked of a column that is not an integer amount.
        public static let notAnAmount = Code("not_an_amount")
        /// A decimal amount was asked in a table without a `currency` column.
        public static let noCurrency = Code("no_currency")

        public var description: String { base }
    }

    /// The code.
    public var code: Code
    /// The table.
    public var table: String
    /// The rule's entry at fault, as written (a column name, a path, or a rename's target).
    public var entry: String?
    /// What is wrong and how to fix it; never holds values or the salt.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, table: String, entry: String?, _ message: String) {
        self.code = code
        self.table = table
        self.entry = entry
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
