import Foundation

/// What `--json` prints: one JSON document on standard output, keys sorted, so scripts can read it.
enum JSONOutput {
    /// The encoder every `--json` uses: sorted keys, ISO 8601 dates, slashes unescaped.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The value as JSON text.
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Prints the value as JSON on standard output.
    static func print(_ value: some Encodable) throws {
        Swift.print(try text(value))
    }
}
