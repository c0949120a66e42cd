/// Percent-encoding for Stripe query strings.
///
/// Keys are encoded as well as values: `expand[]` travels as `expand%5B%5D` and `created[gte]` as
/// `created%5Bgte%5D`, because `[` and `]` are not allowed in a URI query (RFC 3986 §3.4). Only the
/// unreserved characters `A–Z a–z 0–9 - . _ ~` stay literal; a space becomes `%20` (never `+`, which form
/// decoders and plain URI decoders read differently) and other text is encoded as UTF-8 bytes.
enum StripeQueryEncoding {
    /// `key=value` pairs joined with `&`, in the given order (Stripe reads repeated `expand[]` in order).
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// The text with every byte outside the unreserved set written as `%XX`.
    static func percentEncode(_ text: String) -> String {
        encode(text, keeping: isUnreserved)
    }

    /// A path with unsafe bytes encoded; `/`, existing `%XX` escapes and the characters RFC 3986 allows in
    /// path segments stay as they are, so ids like `cus_123` and `/v1/invoices/in_1/lines` are unchanged.
    static func encodePath(_ path: String) -> String {
        encode(path) { byte in
            isUnreserved(byte) || "/%:@!$&'()*+,;=".utf8.contains(byte)
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The URL and log label of one request.
struct RequestTarget: Sendable, Hashable {
    /// The full URL, query included.
    var url: String
    /// The encoded path, without query: safe to log and to put in errors.
    var path: String

    /// Joins the base URL, a path that may carry its own query (Stripe's embedded-list URLs such as
    /// `/v1/subscription_items?subscription=sub_1` do) and extra query items.
    init(baseURL: String, path rawPath: String, query: [(String, String)]) {
        let parts = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts.first ?? "")
        if !path.hasPrefix("/") { path = "/" + path }
        self.path = StripeQueryEncoding.encodePath(path)
        // A query that came with the path is already encoded (it is Stripe's own URL); only ours needs it.
        let queries = [parts.count > 1 ? String(parts[1]) : "", StripeQueryEncoding.encode(query)]
            .filter { !$0.isEmpty }
        url = baseURL + self.path + (queries.isEmpty ? "" : "?" + queries.joined(separator: "&"))
    }
}
