/// JSON text that could not be parsed.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset of the first problem.
    public var offset: Int
    /// What is wrong there.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSON at byte 12: expected ':'`; never quotes the text, which may hold secrets.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
