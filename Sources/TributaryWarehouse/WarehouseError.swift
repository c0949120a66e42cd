/// An error of a warehouse destination.
public struct WarehouseError: Error, Sendable, CustomStringConvertible {
    /// A stable code, usable as a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let base: String
        private init(_ base: String) { self.base = base }

        /// A schema, prefix, table or column name that is not a safe identifier.
        public static let invalidIdentifier = Code("invalid_identifier")
        /// A destination URL that cannot be parsed or names no supported destination.
        public static let invalidURL = Code("invalid_url")
        /// Rows for a table that ``Destination/prepare(_:in:)`` was not given.
        public static let tableNotPrepared = Code("table_not_prepared")
        /// An existing table disagrees with the schema Tributary keeps for it.
        public static let schemaMismatch = Code("schema_mismatch")
        /// A run id the destination does not know.
        public static let unknownRun = Code("unknown_run")
        /// A rollback that cannot be done: the run is another source's, already rolled back, too old to
        /// have its undo images, or a run of the source is still going.
        public static let rollbackRefused = Code("rollback_refused")
        /// The database failed.
        public static let database = Code("database")
        /// The database server could not be reached, refused the login, or was lost and retries ran out.
        public static let connection = Code("connection")

        public var description: String { base }
    }

    /// The code.
    public var code: Code
    /// What went wrong; never holds passwords or row values.
    public var message: String
    /// The error that caused this one, such as the database driver's.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(code): \(message)" }
}
