import Testing
@testable import TributaryNormalizer

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01 00:00:00"),
        (1_794_913_314, "2026-11-17 11:01:54"),
        (951_782_400, "2000-02-29 00:00:00"),
        (-1, "1969-12-31 23:59:59"),
        (253_402_300_799, "9999-12-31 23:59:59"),
    ])
    func formatsAsSQLiteDatetime(seconds: Int64, text: String) {
        #expect(Timestamp.text(seconds) == text)
    }
}
