import Foundation

/// A five-field cron expression (minute, hour, day of month, month, day of week), evaluated in UTC.
///
/// Fields take `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n` and `a-b/n`, month names `jan`–`dec`
/// and day names `sun`–`sat` (0 and 7 are Sunday). As in cron, when both day fields are restricted a
/// day matching either one runs.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    let minutes: UInt64
    let hours: UInt64
    let days: UInt64
    let months: UInt64
    let weekdays: UInt64
    let anyDay: Bool
    let anyWeekday: Bool
    /// The five fields as written, separated by single spaces.
    public let description: String

    /// Parses an expression.
    ///
    /// - Throws: ``ConfigError`` with code ``ConfigError/Code-swift.struct/invalidSchedule`` naming the field
    ///   at fault, or when the expression can never fire (`0 0 30 2 *`).
    public init(_ text: String) throws(ConfigError) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 5 else {
            throw ConfigError(.invalidSchedule, "a cron expression has 5 fields (minute hour day month weekday), as in 0 2 * * *")
        }
        minutes = try Self.field(fields[0], "minute", 0...59)
        hours = try Self.field(fields[1], "hour", 0...23)
        days = try Self.field(fields[2], "day of month", 1...31)
        months = try Self.field(fields[3], "month", 1...12, names: Self.monthNames)
        var weekdays = try Self.field(fields[4], "day of week", 0...7, names: Self.dayNames)
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & ~(1 << 7) }
        self.weekdays = weekdays
        anyDay = fields[2].hasPrefix("*")
        anyWeekday = fields[4].hasPrefix("*")
        description = fields.joined(separator: " ")
        // Checking a whole leap cycle from a fixed date keeps the answer the same on every run.
        guard next(after: Date(timeIntervalSince1970: 946_684_800)) != nil else {
            throw ConfigError(.invalidSchedule, "the cron expression \(description) never fires; check its day and month fields")
        }
    }

    /// Expressions are equal when they fire at the same minutes, however they are written.
    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        [lhs.minutes, lhs.hours, lhs.days, lhs.months, lhs.weekdays] == [rhs.minutes, rhs.hours, rhs.days, rhs.months, rhs.weekdays]
            && lhs.anyDay == rhs.anyDay && lhs.anyWeekday == rhs.anyWeekday
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine([minutes, hours, days, months, weekdays])
        hasher.combine(anyDay)
        hasher.combine(anyWeekday)
    }

    /// Whether the expression fires in the minute holding `date`.
    public func matches(_ date: Date) -> Bool {
        let minute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        let day = minute.floorDiv(1440)
        let civil = CivilDate(day: day)
        let inDay = minute - day * 1440
        return has(months, civil.month) && dayMatches(civil, weekday: CivilDate.weekday(day))
            && has(hours, inDay / 60) && has(minutes, inDay % 60)
    }

    /// The first whole minute strictly after `date` at which the expression fires, or `nil` when there is
    /// none in the next eight years.
    public func next(after date: Date) -> Date? {
        var minute = Int((date.timeIntervalSince1970 / 60).rounded(.down)) + 1
        let limit = minute + 8 * 366 * 1440
        while minute < limit {
            let day = minute.floorDiv(1440)
            let civil = CivilDate(day: day)
            if !has(months, civil.month) {
                let (year, month) = civil.month == 12 ? (civil.year + 1, 1) : (civil.year, civil.month + 1)
                minute = CivilDate.day(year: year, month: month, day: 1) * 1440
                continue
            }
            if !dayMatches(civil, weekday: CivilDate.weekday(day)) {
                minute = (day + 1) * 1440
                continue
            }
            let inDay = minute - day * 1440
            if !has(hours, inDay / 60) {
                minute = day * 1440 + (inDay / 60 + 1) * 60
                continue
            }
            if !has(minutes, inDay % 60) {
                minute += 1
                continue
            }
            return Date(timeIntervalSince1970: TimeInterval(minute * 60))
        }
        return nil
    }

    private func has(_ set: UInt64, _ value: Int) -> Bool { set & (1 << UInt64(value)) != 0 }

    private func dayMatches(_ date: CivilDate, weekday: Int) -> Bool {
        let byDay = has(days, date.day), byWeekday = has(weekdays, weekday)
        switch (anyDay, anyWeekday) {
        case (true, true): return true
        case (true, false): return byWeekday
        case (false, true): return byDay
        case (false, false): return byDay || byWeekday
        }
    }
}
