/// A sync could not start or go on, for a reason a user can fix.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, stable enough to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A collection name that the catalog does not have.
        public static let unknownCollection = Code("unknown-collection")
        /// Stripe answered something the engine cannot page (an empty page that claims more).
        public static let unexpectedResponse = Code("unexpected-response")
        public var description: String { name }
    }

    /// The code.
    public var code: Code
    /// One sentence saying what to do.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
