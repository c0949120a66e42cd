/// Column names made from the path of a field in a Stripe object.
///
/// Names are lowercase `[a-z0-9_]` and at most 63 bytes, PostgreSQL's limit, so that one naming serves
/// every destination. A path that cannot be spelled so keeps a readable prefix and gets a stable hash
/// suffix, the same on every run and machine.
public enum ColumnName {
    /// The longest name a column may have.
    public static let maxLength = 63

    /// The column for a field path (`["billing_details", "address", "city"]` → `billing_details_address_city`).
    public static func make(_ path: [String]) -> String {
        let raw = path.joined(separator: "_")
        if raw.utf8.count <= maxLength, isClean(raw) { return raw }
        return hashed(raw)
    }

    /// Whether a name is already lowercase `[a-z0-9_]`, non-empty and short enough.
    public static func isClean(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxLength
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// `raw` with every other character replaced by `_`, cut to leave room for `_` and an 8-digit hash
    /// of `raw`, so that two raw names that clean to the same text still get different columns.
    public static func hashed(_ raw: String) -> String {
        var cleaned = String(decoding: raw.lowercased().utf8.map { byte -> UInt8 in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) ? byte : 0x5F
        }, as: UTF8.self)
        let room = maxLength - 9
        if cleaned.utf8.count > room { cleaned = String(cleaned.utf8.prefix(room))! }
        return cleaned + "_" + stableHash(raw)
    }

    /// FNV-1a of the UTF-8 bytes as 8 hex digits: unlike `Hasher`, the same in every process.
    public static func stableHash(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
