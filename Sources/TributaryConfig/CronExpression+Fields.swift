extension CronExpression {
    static let monthNames = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                             "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    static let dayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    /// One field as a bit set of the values it allows.
    static func field(_ text: Substring, _ name: String, _ range: ClosedRange<Int>,
                      names: [String: Int] = [:]) throws(ConfigError) -> UInt64 {
        func invalid() -> ConfigError {
            ConfigError(.invalidSchedule, "the \(name) field '\(text.prefix(40))' of the cron expression is invalid; use *, numbers \(range.lowerBound)-\(range.upperBound), a-b, lists a,b or steps */n")
        }
        func value(_ token: Substring) throws(ConfigError) -> Int {
            guard let number = Int(token) ?? names[token.lowercased()], range.contains(number) else { throw invalid() }
            return number
        }
        var set: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, !parts[0].isEmpty else { throw invalid() }
            var step = 1
            if parts.count == 2 {
                guard let n = Int(parts[1]), n >= 1, n <= range.count else { throw invalid() }
                step = n
            }
            var low = range.lowerBound, high = range.upperBound
            if parts[0] != "*" {
                let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw invalid() }
                low = try value(bounds[0])
                // `5/15` means from 5 to the end in steps of 15, as in cron.
                high = try bounds.count == 2 ? value(bounds[1]) : (parts.count == 2 ? range.upperBound : low)
                guard low <= high else { throw invalid() }
            }
            for v in stride(from: low, through: high, by: step) { set |= 1 << UInt64(v) }
        }
        return set
    }
}

/// A day of the proleptic Gregorian calendar in UTC, from days since 1970-01-01 and back.
struct CivilDate {
    var year: Int
    var month: Int
    var day: Int

    /// The date of a day number (Howard Hinnant's `civil_from_days`).
    init(day number: Int) {
        let z = number + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The day number of a date (`days_from_civil`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 for Sunday through 6 for Saturday; 1970-01-01 was a Thursday.
    static func weekday(_ day: Int) -> Int { (day + 4).floorMod(7) }
}

extension Int {
    func floorDiv(_ divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    func floorMod(_ divisor: Int) -> Int { self - floorDiv(divisor) * divisor }
}
