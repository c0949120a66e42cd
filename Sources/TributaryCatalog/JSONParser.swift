/// A strict JSON parser from UTF-8 bytes straight into ``JSONValue``.
///
/// Written here rather than taken from Foundation because Foundation on Linux parses Stripe pages at
/// 3–6 MB/s into dynamic values (`JSONSerialization` bridges every dictionary to `NSDictionary` and back;
/// `JSONDecoder` can only discover a value's type by throwing), which made parsing two thirds of a
/// sync's CPU. This one reads the bytes once, at some 200 MB/s, and keeps the members' order.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Members and elements being parsed, of every open object and array: each is copied out at its
    /// exact size when it closes, where appending to its own array would leave up to half of every
    /// array's capacity unused, for as long as a page stays in memory.
    private var openMembers: [(String, JSONValue)] = []
    private var openElements: [JSONValue] = []
    /// Deeper documents are refused rather than risking the stack; Stripe's nest a handful of levels.
    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the value") }
        return value
    }

    private func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, reason: reason)
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels") }
        guard let byte = peek() else { throw error("unexpected end of text") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object([]) }
        let base = openMembers.count
        defer { openMembers.removeSubrange(base...) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            openMembers.append((key, value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(Array(openMembers[base...]))
            case nil: throw error("unexpected end of text in an object")
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array([]) }
        let base = openElements.count
        defer { openElements.removeSubrange(base...) }
        while true {
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            openElements.append(value)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(Array(openElements[base...]))
            case nil: throw error("unexpected end of text in an array")
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func literal(_ text: StaticString) throws(JSONParseError) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of text") }
        let expected = text.utf8Start
        for k in 0..<count where bytes[index + k] != expected[k] { throw error("unexpected character") }
        index += count
    }

    /// A string at the opening quote; the common case (no escapes) is one copy of the bytes.
    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        throw error("unterminated string", at: start - 1)
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            guard let escaped = peek() else { break }
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
            default: throw error("invalid escape '\\\(Unicode.Scalar(escaped))'", at: index - 2)
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a UTF-16 surrogate pair, as UTF-8.
    private mutating func unicodeEscape() throws(JSONParseError) -> UTF8.EncodedScalar {
        var value = try hex4()
        if (0xD800..<0xDC00).contains(value) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a high surrogate \\u escape without its low half")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("a high surrogate followed by no low surrogate") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(value) {
            throw error("a low surrogate \\u escape without its high half")
        }
        guard let scalar = Unicode.Scalar(value), let encoded = UTF8.encode(scalar) else {
            throw error("invalid \\u escape")
        }
        return encoded
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of text in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("expected a hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        skipDigits()
        guard index > digitsStart else { throw error("unexpected character", at: start) }
        if bytes[digitsStart] == UInt8(ascii: "0"), index - digitsStart > 1 { throw error("a number with a leading zero", at: start) }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fraction = index
            skipDigits()
            guard index > fraction else { throw error("expected digits after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            skipDigits()
            guard index > exponent else { throw error("expected digits in an exponent") }
        }
        let negative = bytes[start] == UInt8(ascii: "-")
        // Up to 18 digits always fit in Int64; longer integers are checked by Int64's own parsing.
        if isInteger, index - digitsStart <= 18 {
            var value: Int64 = 0
            for k in digitsStart..<index { value = value &* 10 &+ Int64(bytes[k] &- 0x30) }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw error("a number out of range", at: start) }
        return .double(value)
    }

    @inline(__always)
    private mutating func skipDigits() {
        while index < bytes.count, bytes[index] &- 0x30 < 10 { index += 1 }
    }
}
