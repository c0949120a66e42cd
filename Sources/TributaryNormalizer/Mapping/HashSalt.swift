internal import Crypto

/// The secret mixed into hashed columns, so that a hashed email cannot be looked up in a table of
/// hashes of known emails. It never prints itself.
///
/// The same salt gives the same hash for the same value in every table, so hashed columns still join
/// (`charges.billing_details_email` with `customers.email`).
public struct HashSalt: Sendable, Hashable {
    /// The salt. Internal so that no other module can log it by accident.
    let secret: String

    /// Wraps a salt.
    public init(_ secret: String) {
        self.secret = secret
    }

    /// The number of characters, for checks on its strength.
    public var count: Int { secret.count }

    /// `sha256(salt + text)` as 64 lowercase hex digits.
    public func hash(_ text: String) -> String {
        let digest = SHA256.hash(data: Array((secret + text).utf8))
        var hex = ""
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(Self.digits[Int(byte >> 4)])
            hex.append(Self.digits[Int(byte & 0x0F)])
        }
        return hex
    }

    private static let digits = Array("0123456789abcdef")
}

extension HashSalt: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Always `****`.
    public var description: String { "****" }
    /// Always `HashSalt(****)`.
    public var debugDescription: String { "HashSalt(****)" }
    /// A mirror without the secret, for `dump` and mirror-based loggers.
    public var customMirror: Mirror { Mirror(self, children: ["secret": "****"], displayStyle: .struct) }
}
