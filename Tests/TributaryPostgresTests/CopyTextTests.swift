import NIOCore
import Testing
import TributaryNormalizer
@testable import TributaryPostgres

@Suite struct CopyTextTests {
    func text(_ values: [Value], _ types: [ColumnType]) -> String {
        var buffer = ByteBuffer()
        CopyText.append(values, positions: Array(values.indices), types: types, to: &buffer)
        return String(buffer: buffer)
    }

    @Test func cellsAreTabSeparatedWithNullsAsBackslashN() {
        let line = text([.text("ch_1"), .integer(-42), .real(7.5), .boolean(true), .boolean(false), .null, .timestamp(1_700_000_000)],
                        [.text, .integer, .real, .boolean, .boolean, .text, .timestamp])
        #expect(line == "ch_1\t-42\t7.5\tt\tf\t\\N\t1700000000\n")
    }

    @Test func copysSpecialCharactersAreEscaped() {
        #expect(text([.text("a\tb\nc\rd\\e\\N")], [.text]) == "a\\tb\\nc\\rd\\\\e\\\\N\n")
        #expect(text([.text("Zürich 東京 🎉")], [.text]) == "Zürich 東京 🎉\n")
        #expect(text([.text("nul\u{0}byte")], [.text]) == "nulbyte\n", "PostgreSQL text cannot hold NUL")
    }

    @Test func valuesAreConvertedToTheirColumnsType() {
        #expect(text([.integer(7)], [.real]) == "7.0\n")
        #expect(text([.real(7.5)], [.text]) == "7.5\n")
        #expect(text([.timestamp(0)], [.text]) == "1970-01-01 00:00:00\n")
        #expect(text([.text("x")], [.json]) == "\"x\"\n")
        #expect(text([.boolean(true)], [.text]) == "true\n")
    }

    @Test func integersAreWrittenInFull() {
        for value: Int64 in [0, 7, -7, 1_700_000_000, .max, .min] {
            #expect(text([.integer(value)], [.integer]) == "\(value)\n")
        }
    }

    @Test func timestampsAreSecondsForStagingAndTextForTheTable() {
        var buffer = ByteBuffer()
        CopyText.append([.timestamp(1_679_090_539), .timestamp(-1)], positions: [0, 1], types: [.timestamp, .timestamp],
                        timestamps: .text, to: &buffer)
        #expect(String(buffer: buffer) == "2023-03-17 22:02:19+00\t1969-12-31 23:59:59+00\n")
        #expect(text([.timestamp(1_679_090_539)], [.timestamp]) == "1679090539\n")
    }

    @Test func nonFiniteRealsUsePostgresSpelling() {
        #expect(CopyText.real(.infinity) == "Infinity")
        #expect(CopyText.real(-.infinity) == "-Infinity")
        #expect(CopyText.real(.nan) == "NaN")
        #expect(CopyText.real(1e20) == "1e+20")
    }

    @Test func jsonbsForbiddenNulEscapeIsReplaced() {
        #expect(JSONForPostgres.sanitized(#"{"a":"x\u0000y"}"#) == #"{"a":"x\ufffdy"}"#)
        #expect(JSONForPostgres.sanitized(#"{"a":"x\\u0000y"}"#) == #"{"a":"x\\u0000y"}"#, "an escaped backslash, not an escape")
        #expect(JSONForPostgres.sanitized(#"{"a":"\n"}"#) == #"{"a":"\n"}"#)
        #expect(text([.json(#"{"a":"tab\tin \\ json"}"#)], [.json]) == #"{"a":"tab\\tin \\\\ json"}"# + "\n")
    }
}
