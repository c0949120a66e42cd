import Foundation

extension JSONValue {
    /// Parses JSON text.
    ///
    /// Faster than decoding through `Codable`: a `Codable` decoder can only discover a value's type by
    /// trying each type and catching the failure, and every such failure builds an error (and, under
    /// Swift Testing, captures a backtrace), thousands of times per Stripe page.
    public init(parsing data: Data) throws {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        self = JSONValue(foundation: object)
    }

    /// Parses JSON text held in bytes.
    public init(parsing bytes: some Collection<UInt8>) throws {
        try self.init(parsing: Data(bytes))
    }

    /// Converts what `JSONSerialization` returns. Object members come back in key order, since
    /// Foundation's dictionaries keep none.
    init(foundation value: Any) {
        switch value {
        case is NSNull:
            self = .null
        case let s as String:
            self = .string(s)
        case let n as NSNumber:
            // Booleans are NSNumbers too; their Objective-C type is `c`.
            switch String(cString: n.objCType) {
            case "c", "B": self = .bool(n.boolValue)
            case "f", "d": self = .double(n.doubleValue)
            default: self = .int(n.int64Value)
            }
        case let a as [Any]:
            self = .array(a.map(JSONValue.init(foundation:)))
        case let d as [String: Any]:
            self = .object(d.keys.sorted().map { ($0, JSONValue(foundation: d[$0]!)) })
        default:
            self = .null
        }
    }
}
