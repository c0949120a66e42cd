/// The text form of timestamps where a destination has no timestamp type of its own.
public enum Timestamp {
    /// `YYYY-MM-DD HH:MM:SS` in UTC: the form SQLite's `datetime()` returns, so that such values compare
    /// and sort with `datetime('now', '-7 days')` as text.
    public static func text(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day count since 1970-01-01.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else { return String(seconds) }
        let hour = secondOfDay / 3600, minute = secondOfDay % 3600 / 60, second = secondOfDay % 60
        return String(unsafeUninitializedCapacity: 19) { out in
            func put(_ value: Int64, at start: Int, width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    out[start + offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            out[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            out[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            out[10] = UInt8(ascii: " ")
            put(hour, at: 11, width: 2)
            out[13] = UInt8(ascii: ":")
            put(minute, at: 14, width: 2)
            out[16] = UInt8(ascii: ":")
            put(second, at: 17, width: 2)
            return 19
        }
    }
}
