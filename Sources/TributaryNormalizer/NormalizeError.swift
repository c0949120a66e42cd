/// Why an object could not be normalized.
public struct NormalizeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code, usable as a metric label.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let base: String
        private init(_ base: String) { self.base = base }

        /// The collection is not in the catalog.
        public static let unknownCollection = Code("unknown_collection")
        /// The value is not a JSON object.
        public static let notAnObject = Code("not_an_object")
        /// The object has no string `id`.
        public static let missingID = Code("missing_id")
        /// The object is of another type than the collection holds.
        public static let wrongObjectType = Code("wrong_object_type")
        /// A nested collection's object came without its parent's id.
        public static let missingParent = Code("missing_parent")
        /// An embedded child structure is malformed.
        public static let malformedChild = Code("malformed_child")

        public var description: String { base }
    }

    /// The code.
    public var code: Code
    /// What was wrong, naming the field; never holds the object's values.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
