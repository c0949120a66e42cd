import Foundation
import Testing
import TributaryConfig

@Suite struct ScheduleTests {
    /// 2024-02-28 23:59:30 UTC, a Wednesday, the day before a leap day.
    let moment = Date(timeIntervalSince1970: 1_709_164_770)

    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test func readableFormsParse() throws {
        #expect(try Schedule("every 15m") == .every(seconds: 900))
        #expect(try Schedule("every 1h30m") == .every(seconds: 5400))
        #expect(try Schedule("Every 2 hours") == .every(seconds: 7200))
        #expect(try Schedule("every day") == .every(seconds: 86400))
        #expect(try Schedule("hourly") == .cron(try CronExpression("0 * * * *")))
        #expect(try Schedule("daily") == .cron(try CronExpression("0 0 * * *")))
        #expect(try Schedule("daily at 02:00") == .cron(try CronExpression("0 2 * * *")))
        #expect(try Schedule("daily at 23:45 UTC") == .cron(try CronExpression("45 23 * * *")))
        #expect(try Schedule("@weekly") == .cron(try CronExpression("0 0 * * 0")))
        #expect(try Schedule("*/10 6-22 * * mon-fri") == .cron(try CronExpression("*/10 6-22 * * 1-5")))
        #expect("\(try Schedule("every 90m"))" == "every 1h30m")
    }

    @Test(arguments: ["every 30s", "every 0m", "every 15", "every fortnight", "daily at 25:00", "daily at 2pm", "sometimes",
                      "61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *",
                      "* * * *", "0 0 30 2 *", "a b c d e"])
    func invalidSchedulesAreRefused(text: String) {
        #expect(throws: ConfigError.self) { _ = try Schedule(text) }
    }

    @Test func nextRunFollowsTheSchedule() throws {
        #expect(try Schedule("every 15m").nextRun(after: moment) == utc("2024-02-29T00:00:00Z"))
        #expect(try Schedule("every 15m").nextRun(after: utc("2024-02-29T00:00:00Z")) == utc("2024-02-29T00:15:00Z"))
        #expect(try Schedule("hourly").nextRun(after: moment) == utc("2024-02-29T00:00:00Z"))
        #expect(try Schedule("daily at 02:00").nextRun(after: moment) == utc("2024-02-29T02:00:00Z"))
        #expect(try Schedule("0 12 29 2 *").nextRun(after: utc("2024-03-01T00:00:00Z")) == utc("2028-02-29T12:00:00Z"))
        #expect(try Schedule("30 9 * * mon").nextRun(after: moment) == utc("2024-03-04T09:30:00Z"))
        // Both day fields restricted: either one matches, as in cron (the 1st, or any Friday).
        #expect(try Schedule("0 0 1 * fri").nextRun(after: moment) == utc("2024-03-01T00:00:00Z"))
        #expect(try Schedule("0 0 15 * fri").nextRun(after: moment) == utc("2024-03-01T00:00:00Z"))
        #expect(try Schedule("0 0 * * 7").nextRun(after: moment) == utc("2024-03-03T00:00:00Z"))
        #expect(try Schedule("5/20 * * * *").nextRun(after: moment) == utc("2024-02-29T00:05:00Z"))
        #expect(try CronExpression("0 0 29 2 *").matches(utc("2024-02-29T00:00:45Z")))
        #expect(!(try CronExpression("0 0 29 2 *").matches(utc("2024-02-28T00:00:00Z"))))
    }

    @Test func scheduleErrorsInTheFileCarryTheLine() throws {
        let error = try #require(Fixture.error(Fixture.oneSource("    table_prefix: x_\n    schedule: \"61 * * * *\"\n")))
        #expect(error.code == .invalidSchedule && error.line == 6 && error.message.contains("minute"))
    }
}
