/// Why `tributary.yml` cannot be used: one sentence that names the file, the line and the fix.
///
/// ```
/// tributary.yml:7: sources[0].api_key holds a literal Stripe key; put the key in an environment variable
/// and write api_key: ${STRIPE_API_KEY}, or use api_key_file
/// ```
///
/// Messages never hold a secret: keys, salts and webhook secrets are never quoted, values that came from
/// the environment are shown as the `${NAME}` they were written as, and destination passwords are masked.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code, usable as a metric label or in tests.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let base: String
        private init(_ base: String) { self.base = base }

        /// The file cannot be read (missing, a directory, not UTF-8).
        public static let unreadableFile = Code("unreadable_file")
        /// The YAML does not parse.
        public static let syntax = Code("syntax")
        /// A key that is not part of the format (usually a typo).
        public static let unknownKey = Code("unknown_key")
        /// A key written twice in one mapping.
        public static let duplicateKey = Code("duplicate_key")
        /// A required key is missing.
        public static let missingKey = Code("missing_key")
        /// A value of the wrong kind: a list where text was expected, …
        public static let wrongType = Code("wrong_type")
        /// A value out of range or not in the expected form.
        public static let invalidValue = Code("invalid_value")
        /// `${NAME}` names a variable that is not set and has no default, or is malformed.
        public static let undefinedVariable = Code("undefined_variable")
        /// A key, salt or webhook secret written in the file instead of coming from the environment.
        public static let literalSecret = Code("literal_secret")
        /// Two keys that exclude each other (`api_key` and `api_key_file`), or neither of two required ones.
        public static let conflictingKeys = Code("conflicting_keys")
        /// A collection the catalog does not have.
        public static let unknownCollection = Code("unknown_collection")
        /// A table the normalizer does not fill.
        public static let unknownTable = Code("unknown_table")
        /// A column or field path the table does not have.
        public static let unknownColumn = Code("unknown_column")
        /// A rule on a key, parent or `_tributary_*` column.
        public static let protectedColumn = Code("protected_column")
        /// Column rules or a mapping that cannot apply (conflicting rules, taken names, no currency, …).
        public static let invalidMapping = Code("invalid_mapping")
        /// Two sources with the same name.
        public static let duplicateSource = Code("duplicate_source")
        /// Two sources writing to the same schema with the same table prefix.
        public static let namespaceConflict = Code("namespace_conflict")
        /// A schema or table prefix that is not a safe identifier, or a source name that is not allowed.
        public static let invalidIdentifier = Code("invalid_identifier")
        /// A schedule that does not parse or never fires.
        public static let invalidSchedule = Code("invalid_schedule")
        /// A destination URL that cannot be used.
        public static let invalidDestination = Code("invalid_destination")
        /// `api_key_file` cannot be read or holds no usable key.
        public static let unreadableKeyFile = Code("unreadable_key_file")

        public var description: String { base }
    }

    /// The code.
    public var code: Code
    /// What is wrong and how to fix it, as one sentence without the location.
    public var message: String
    /// The configuration file's name as it was given (`tributary.yml`).
    public var file: String
    /// The line, counted from 1, if the error is about one.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String = ConfigFile.defaultPath, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: message`, or `file: message` without a line.
    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
