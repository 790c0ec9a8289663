/// The seconds since 1970 that Python's `datetime` can hold (years 1 to 9999), and so Django.
///
/// A Swift `Date` can be far outside them (`Date(timeIntervalSince1970: 1e300)`, from a JSON
/// body, say), where calendar arithmetic and `Int(_:)` conversions trap; Pony formats such a
/// date as "" in templates and stores or sends it clamped to this range.
public enum PythonDates {
    /// From 0001-01-01 00:00:00 to 9999-12-31 23:59:59, UTC.
    public static let seconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// `interval` clamped to ``seconds``; NaN becomes the epoch.
    public static func clamped(_ interval: Double) -> Double {
        interval.isNaN ? 0 : min(max(interval, seconds.lowerBound), seconds.upperBound)
    }

    /// The calendar fields of `interval` seconds since 1970 in UTC, clamped to ``seconds``
    /// (Python's `datetime.fromtimestamp(interval, timezone.utc)` without the fraction), and the
    /// weekday counted from Thursday, 1970-01-01's (0 is Thursday, 3 Sunday): what HTTP dates,
    /// mail dates and Django's token timestamps are written from.
    public static func utcFields(_ interval: Double) -> UTCFields {
        let seconds = Int(clamped(interval).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let time = seconds - days * 86_400
        return UTCFields(
            year: year, month: month, day: day, hour: time / 3600, minute: time / 60 % 60, second: time % 60,
            weekdayFromThursday: ((days % 7) + 7) % 7)
    }

    /// See ``utcFields(_:)``.
    public struct UTCFields: Sendable, Equatable {
        /// 1…9999.
        public let year: Int
        /// 1…12.
        public let month: Int
        /// 1…31.
        public let day: Int
        /// 0…23.
        public let hour: Int
        /// 0…59.
        public let minute: Int
        /// 0…59.
        public let second: Int
        /// 0 (Thursday) … 6 (Wednesday).
        public let weekdayFromThursday: Int

        /// `HH:MM:SS`.
        public var time: String { "\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))" }

        /// The three-letter English weekday (`Sun`).
        public var weekdayName: String { ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][weekdayFromThursday] }

        /// The three-letter English month (`Dec`).
        public var monthName: String { Self.monthNames[month - 1] }

        /// `Jan` … `Dec`.
        public static let monthNames = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]

        /// `n` in at least two digits.
        public static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

        /// The year in at least four digits (`0999`), as Python's `%04d`.
        public var fourDigitYear: String { String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)" }

        /// RFC 5322's date, as Python's `email.utils` writes it: `Sun, 06 Dec 2026 00:00:00 `
        /// and then `zone` (`GMT` in HTTP, `-0000` or `+0000` in mail and feeds).
        public func rfc5322(zone: String) -> String {
            "\(weekdayName), \(Self.two(day)) \(monthName) \(fourDigitYear) \(time) \(zone)"
        }
    }

    /// The year, month and day `days` after 1970-01-01 in the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`).
    public static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`, the inverse of ``civilDate(daysSinceEpoch:)``).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in `month` (1–12) of `year`.
    public static func daysIn(month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
