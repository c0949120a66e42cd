/// A name from outside Tributary (a schema, a table prefix, a Stripe field turned column) checked and
/// quoted before it goes into SQL.
///
/// Only ASCII letters, digits and `_` are accepted, 1 to 63 bytes (PostgreSQL's limit), so that a name
/// can never end a quoted identifier; ``quoted`` is then used everywhere, even for names that would not
/// need it, so that keywords (`order`, `group`) and leading digits are columns like any other.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The longest identifier.
    public static let maxLength = 63

    /// The name, unquoted.
    public let name: String

    /// Checks `name`.
    ///
    /// - Throws: ``WarehouseError/Code-swift.struct/invalidIdentifier`` for anything else than 1 to 63
    ///   ASCII letters, digits and underscores.
    public init(_ name: String) throws(WarehouseError) {
        guard Self.isValid(name) else {
            throw WarehouseError(.invalidIdentifier, "'\(name.prefix(80))' is not a valid identifier: use 1 to 63 letters, digits and _")
        }
        self.name = name
    }

    /// Whether `name` would be accepted.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxLength && name.utf8.allSatisfy(isAllowed)
    }

    /// Whether a table prefix is acceptable: empty, or what an identifier may hold.
    public static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.isEmpty || isValid(prefix)
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F
    }

    /// The name in double quotes, as SQLite, PostgreSQL and ClickHouse all read identifiers.
    public var quoted: String { "\"" + name + "\"" }

    public var description: String { quoted }
}
