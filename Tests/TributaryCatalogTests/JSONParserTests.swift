import Foundation
import Testing
@testable import TributaryCatalog

/// The JSON parser every Stripe response goes through: RFC 8259's grammar, member order kept, numbers
/// typed as Stripe's columns need them, and every malformed text refused with its offset.
@Suite("JSON parser")
struct JSONParserTests {
    @Test("values of every kind, with members in the order they came")
    func kinds() throws {
        let value = try JSONValue(parsing: Data(#" {"z": 1, "a": [true, false, null], "m": {"k": "v"}, "d": -2.5e3, "e": ""} "#.utf8))
        #expect(value == .object([
            ("z", .int(1)), ("a", .array([.bool(true), .bool(false), .null])), ("m", .object([("k", .string("v"))])),
            ("d", .double(-2500)), ("e", .string("")),
        ]))
        #expect(try JSONValue(parsing: Data("[]".utf8)) == .array([]))
        #expect(try JSONValue(parsing: Data("{}".utf8)) == .object([]))
        #expect(try JSONValue(parsing: Data("\"x\"".utf8)) == .string("x"))
    }

    @Test("integers stay integers up to Int64's range, then become doubles")
    func numbers() throws {
        let cases: [(String, JSONValue)] = [
            ("0", .int(0)), ("-0", .int(0)), ("123456789012345678", .int(123_456_789_012_345_678)),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("1.0", .double(1)), ("1E2", .double(100)),
            ("1e-2", .double(0.01)), ("-0.5", .double(-0.5)),
        ]
        for (text, expected) in cases {
            #expect(try JSONValue(parsing: Data(text.utf8)) == expected, "\(text)")
        }
    }

    @Test("escapes, including UTF-16 surrogate pairs, and raw UTF-8")
    func strings() throws {
        let text = #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "é€😀"]"#
        let value = try JSONValue(parsing: Data(text.utf8))
        #expect(value == .array([.string("a\"b\\c/d\u{8}\u{c}\n\r\t"), .string("é€"), .string("😀"), .string("é€😀")]))
    }

    @Test("malformed text is refused with where it went wrong", arguments: [
        ("", 0), ("[1,]", 3), ("{\"a\" 1}", 5), ("{\"a\":1,}", 7), ("01", 0), ("1.", 2), ("1e", 2), ("-", 0),
        ("[1] 2", 4), ("\"abc", 0), ("\"a\u{01}\"", 2), (#""\x""#, 1), (#""\ud800""#, 7), (#""\udc00""#, 7),
        ("tru", 0), ("nul", 0), ("{1:2}", 1), ("[", 1), ("{\"a\":", 5), ("1e999", 0),
    ])
    func malformed(text: String, offset: Int) {
        #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: Data(text.utf8)) }
        do {
            _ = try JSONValue(parsing: Data(text.utf8))
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test("nesting beyond the limit is refused instead of exhausting the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Data(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: Data(fine.utf8))
    }

    @Test("Stripe's spec and example objects parse to what Foundation's parser reads",
          .enabled(if: specDirectory != nil, "needs ../shared/stripe-openapi"))
    func agreesWithFoundation() throws {
        for file in ["fixtures3.json", "spec3.json"] {
            let data = try Data(contentsOf: specDirectory!.appendingPathComponent(file))
            let ours = try JSONValue(parsing: data)
            let foundation = JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
            #expect(ours.sortingKeys() == foundation, "\(file)")
        }
    }

    @Test("random documents survive encoding and parsing unchanged")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = JSONValue.random(depth: 4, using: &generator)
            // JSONEncoder's keyed containers do not keep member order, hence the sorting.
            let text = try JSONEncoder().encode(value)
            #expect(try JSONValue(parsing: text).sortingKeys() == value.sortingKeys(), "\(String(decoding: text, as: UTF8.self))")
        }
    }
}

extension JSONValue {
    /// What Foundation's `JSONSerialization` returns, as a ``JSONValue`` with members sorted by key (its
    /// dictionaries keep no order): the reference the parser is checked against.
    init(foundation value: Any) {
        switch value {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let n as NSNumber:
            switch String(cString: n.objCType) {
            case "c", "B": self = .bool(n.boolValue)
            case "f", "d": self = .double(n.doubleValue)
            default: self = .int(n.int64Value)
            }
        case let a as [Any]: self = .array(a.map(JSONValue.init(foundation:)))
        case let d as [String: Any]: self = .object(d.keys.sorted().map { ($0, JSONValue(foundation: d[$0]!)) })
        default: self = .null
        }
    }

    /// The same value with every object's members sorted by key.
    func sortingKeys() -> JSONValue {
        switch self {
        case let .object(members): .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1.sortingKeys()) })
        case let .array(elements): .array(elements.map { $0.sortingKeys() })
        default: self
        }
    }

    /// A random document whose objects have distinct keys, with strings that need escaping.
    static func random(depth: Int, using generator: inout some RandomNumberGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &generator)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int64.random(in: .min ... .max, using: &generator))
        case 3: return .double(Double.random(in: -1e12...1e12, using: &generator))
        case 4, 5:
            let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "€", "😀", "\u{7F}"]
            return .string(String((0..<Int.random(in: 0..<12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        case 6:
            return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in random(depth: depth - 1, using: &generator) })
        default:
            let count = Int.random(in: 0..<5, using: &generator)
            return .object((0..<count).map { i in ("k\(i)_\(Int.random(in: 0..<99, using: &generator))", random(depth: depth - 1, using: &generator)) })
        }
    }
}
