import TributaryCatalog

/// Compact JSON text of ``JSONValue``s, with object members sorted by key.
///
/// Written by hand rather than through `JSONEncoder`: it runs for every map and deep structure of every
/// object. Members are sorted because the order they arrive in is not stable (Foundation's decoder
/// hands keys over in hash order, which differs between processes), and the same object must give the
/// same text so that reloading a batch changes nothing.
public enum JSONText {
    /// The JSON text of a value.
    public static func of(_ value: JSONValue) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        write(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text of a string: quoted and escaped.
    public static func string(_ s: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count + 2)
        writeString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text of a number; integral values keep a `.0` so that they read back as real.
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return "\(d)"
    }

    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d): out.append(contentsOf: number(d).utf8)
        case let .string(s): writeString(s, to: &out)
        case let .array(elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            let sorted = zip(members, members.dropFirst()).allSatisfy { $0.0 <= $1.0 } ? members : members.sorted { $0.0 < $1.0 }
            for (i, (key, member)) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
