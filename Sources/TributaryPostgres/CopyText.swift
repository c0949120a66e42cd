import NIOCore
import TributaryNormalizer

/// Rows in `COPY … FROM STDIN (FORMAT text)` form: tab-separated, newline-terminated, `\N` for NULL,
/// and backslash, tab, newline and carriage return escaped.
///
/// Written straight into the buffer sent to the server: this runs for every cell of every row.
enum CopyText {
    /// How timestamps are written.
    enum Timestamps {
        /// Seconds since the epoch, for a staging column of type `bigint` that `to_timestamp` converts:
        /// exact for any value.
        case epoch
        /// `YYYY-MM-DD HH:MM:SS+00`, for a `timestamptz` column; only for years 1 to 9999.
        case text
    }

    /// The seconds ``Timestamps/text`` can write: years 1 to 9999.
    static let textTimestamps: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// Appends one row: the values at `positions`, each as a column of the matching type stores it.
    static func append(_ values: [Value], positions: [Int], types: [ColumnType], timestamps: Timestamps = .epoch,
                       to buffer: inout ByteBuffer) {
        var first = true
        for (position, type) in zip(positions, types) {
            if !first { buffer.writeInteger(UInt8(ascii: "\t")) }
            first = false
            append(values[position], as: type, timestamps: timestamps, to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// Appends one cell.
    static func append(_ value: Value, as type: ColumnType, timestamps: Timestamps = .epoch, to buffer: inout ByteBuffer) {
        if case .null = value {
            buffer.writeStaticString("\\N")
            return
        }
        let stored = value.type == type ? value : value.converted(to: type)
        switch stored {
        case .null: buffer.writeStaticString("\\N")
        case let .integer(i): appendDecimal(i, to: &buffer)
        case let .timestamp(t):
            if timestamps == .text, textTimestamps.contains(t) {
                buffer.writeString(Timestamp.text(t))
                buffer.writeStaticString("+00")
            } else {
                appendDecimal(t, to: &buffer)
            }
        case let .real(d): buffer.writeString(real(d))
        case let .boolean(b): buffer.writeInteger(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case let .text(s): appendEscaped(s, to: &buffer)
        case let .json(j): appendEscaped(JSONForPostgres.sanitized(j), to: &buffer)
        }
    }

    /// Appends an integer's digits without making a string of them.
    static func appendDecimal(_ value: Int64, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { out in
            var magnitude = value.magnitude
            var digits = 0
            repeat {
                out[19 - digits] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                digits += 1
            } while magnitude > 0
            var length = digits
            var start = 20 - digits
            if value < 0 {
                start -= 1
                out[start] = UInt8(ascii: "-")
                length += 1
            }
            if start > 0 {
                for index in 0..<length { out[index] = out[start + index] }
            }
            return length
        }
    }

    /// A double as PostgreSQL reads it, infinities and NaN included.
    static func real(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return "\(d)"
    }

    /// Appends text with COPY's escapes. NUL bytes, which no PostgreSQL text can hold, are dropped.
    static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &buffer) }) != nil { return }
        Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &buffer) }
    }

    /// Most cells need no escape: they are copied in one go, found so in one pass over their bytes.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        guard bytes.contains(where: { $0 == 0x5C || $0 < 0x20 }) else {
            buffer.writeBytes(bytes)
            return
        }
        for byte in bytes {
            switch byte {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x00: continue
            default: buffer.writeInteger(byte)
            }
        }
    }
}

/// JSON text as `jsonb` accepts it.
enum JSONForPostgres {
    /// `text` with every `\u0000` escape (which `jsonb` refuses: its strings cannot hold NUL) replaced by
    /// `\ufffd`, the replacement character.
    static func sanitized(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")), text.contains("\\u0000") else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "u"), i + 5 < bytes.count, bytes[(i + 2)...(i + 5)].elementsEqual("0000".utf8) {
                    out.append(contentsOf: "\\ufffd".utf8)
                } else {
                    // Any other escape, `\\` included, is kept whole so that its second byte is not read
                    // as the start of another escape.
                    out.append(bytes[i])
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                i += 6
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
