import Foundation

extension JSONValue {
    /// Parses JSON text (RFC 8259), keeping object members in the order they appear.
    ///
    /// Integers that fit in `Int64` become ``int(_:)``, other numbers ``double(_:)``.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public init(parsing data: Data) throws(JSONParseError) {
        let result = data.withUnsafeBytes { raw in Self.parse(raw.bindMemory(to: UInt8.self)) }
        self = try result.get()
    }

    /// Parses JSON text held in bytes.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let result = bytes.withContiguousStorageIfAvailable(Self.parse) ?? Array(bytes).withUnsafeBufferPointer(Self.parse)
        self = try result.get()
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(buffer)
        do throws(JSONParseError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
