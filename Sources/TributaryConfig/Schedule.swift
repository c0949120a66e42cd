import Foundation

/// When a source syncs on its own (`tributary serve`): `schedule:` in `tributary.yml`. Times are UTC.
///
/// ```yaml
/// schedule: every 15m          # also every 1h30m, every 2 hours
/// schedule: hourly             # at minute 0; daily, weekly, monthly likewise
/// schedule: daily at 02:00     # UTC
/// schedule: "*/10 6-22 * * mon-fri"
/// ```
public enum Schedule: Sendable, Hashable, CustomStringConvertible {
    /// Every so many seconds (at least 60), at multiples of the interval since 1970-01-01 UTC, so that
    /// `every 15m` runs at :00, :15, :30 and :45 whenever the scheduler started.
    case every(seconds: Int)
    /// At the minutes a cron expression gives.
    case cron(CronExpression)

    /// Parses a schedule.
    ///
    /// - Throws: ``ConfigError`` with code ``ConfigError/Code-swift.struct/invalidSchedule`` and a message
    ///   showing the accepted forms.
    public init(_ text: String) throws(ConfigError) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let joined = words.joined(separator: " ")
        if let cron = Self.named[joined] {
            self = .cron(try CronExpression(cron))
        } else if words.first == "every", words.count > 1 {
            self = .every(seconds: try Self.interval(words.dropFirst().joined()))
        } else if words.count >= 3, words.count <= 4, words[0] == "daily", words[1] == "at",
                  words.count == 3 || words[3] == "utc" {
            self = .cron(try CronExpression(try Self.timeOfDay(words[2])))
        } else if words.count == 5 {
            self = .cron(try CronExpression(joined))
        } else {
            throw ConfigError(.invalidSchedule, Self.forms)
        }
    }

    /// The first time strictly after `date` at which the source should sync, or `nil` if never.
    public func nextRun(after date: Date) -> Date? {
        switch self {
        case let .every(seconds):
            let now = Int(date.timeIntervalSince1970.rounded(.down))
            return Date(timeIntervalSince1970: TimeInterval((now.floorDiv(seconds) + 1) * seconds))
        case let .cron(expression):
            return expression.next(after: date)
        }
    }

    /// `every 15m`, `every 1h30m`, or the cron expression.
    public var description: String {
        switch self {
        case let .every(seconds):
            var text = "every ", rest = seconds
            for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
                text += "\(rest / size)\(unit)"
                rest %= size
            }
            return text
        case let .cron(expression):
            return expression.description
        }
    }

    private static let forms = "write a schedule as every 15m, hourly, daily, daily at 02:00 (UTC), weekly, monthly, or a 5-field cron expression such as 0 2 * * *"

    private static let named = [
        "hourly": "0 * * * *", "@hourly": "0 * * * *", "daily": "0 0 * * *", "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *", "weekly": "0 0 * * 0", "@weekly": "0 0 * * 0", "monthly": "0 0 1 * *",
        "@monthly": "0 0 1 * *",
    ]

    private static let units = [
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60, "minute": 60,
        "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400,
        "days": 86400,
    ]

    /// `15m`, `1h30m`, `2hours`: the words after `every`, without spaces.
    private static func interval(_ text: String) throws(ConfigError) -> Int {
        var seconds = 0, number = "", unit = ""
        func flush() throws(ConfigError) {
            // `every hour` means one hour.
            guard let size = units[unit], let count = number.isEmpty ? 1 : Int(number), count > 0, count <= 1000 else {
                throw ConfigError(.invalidSchedule, "'every \(text.prefix(40))' is not an interval; write a number and a unit (s, m, h, d), as in every 15m or every 1h30m")
            }
            seconds += count * size
            number = ""
            unit = ""
        }
        for character in text {
            if character.isNumber {
                if !unit.isEmpty { try flush() }
                number.append(character)
            } else {
                unit.append(character)
            }
        }
        try flush()
        guard seconds >= 60, seconds <= 366 * 86400 else {
            throw ConfigError(.invalidSchedule, "a schedule's interval must be between 1 minute and 366 days, as in every 15m")
        }
        return seconds
    }

    /// `02:00` as the cron expression `0 2 * * *`.
    private static func timeOfDay(_ text: String) throws(ConfigError) -> String {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute)
        else {
            throw ConfigError(.invalidSchedule, "'\(text.prefix(20))' is not a time of day; write daily at HH:MM in UTC, as in daily at 02:00")
        }
        return "\(minute) \(hour) * * *"
    }
}
