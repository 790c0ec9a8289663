import Foundation
internal import PonySupport

/// A date without a time of day (Python's `datetime.date`), as a `DateField`'s value reaches a
/// template.
///
/// As in Django, `{{ day }}` prints it in `DATE_FORMAT` (`Dec. 25, 2026`), the `date` filter
/// formats it (`{{ day|date:"D j M" }}`), `timesince` and `timeuntil` read it as midnight in
/// the template's time zone, `json_script` writes `"2026-12-25"`, and `{{ day.year }}`,
/// `.month` and `.day` are its fields. No time zone applies to the day itself.
public struct TemplateDay: TemplateObject, Hashable {
    /// The year, 1–9999.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// The day, or `nil` when there is no such day or the year is outside 1–9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...PythonDates.daysIn(month: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Midnight at the start of the day in UTC, which formats as the day itself in UTC.
    var midnightUTC: Date {
        Date(timeIntervalSince1970: Double(PythonDates.daysSinceEpoch(year: year, month: month, day: day)) * 86_400)
    }

    /// Midnight at the start of the day in `timeZone` (Django's naive midnight, read locally).
    func midnight(in timeZone: TimeZone) -> Date {
        midnightUTC.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: midnightUTC)))
    }

    /// The day in a Django date format (`"F Y"`), or in the current language's format of that
    /// name (`"YEAR_MONTH_FORMAT"`), as Django's `formats.date_format`.
    package func formatted(_ format: String) -> String {
        DateFormat.format(midnightUTC, DateFormat.formats.named(format) ?? format, in: DateFormat.utc)
    }

    /// `YYYY-MM-DD`, Python's `date.isoformat()`.
    var isoFormat: String { DateFormat.format(midnightUTC, "Y-m-d", in: DateFormat.utc) }

    /// `year`, `month` and `day`.
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "year": .int(year)
        case "month": .int(month)
        case "day": .int(day)
        default: nil
        }
    }

    /// Django's `DATE_FORMAT` for English: `Dec. 25, 2026`.
    public var text: String { DateFormat.format(midnightUTC, DateFormat.formats.date, in: DateFormat.utc) }
}

/// A time of day without a date (Python's `datetime.time`), as a `TimeField`'s value reaches a
/// template.
///
/// As in Django, `{{ time }}` prints it in `TIME_FORMAT` (`1:45 p.m.`), the `time` filter
/// formats it (`{{ time|time:"H:i" }}`), `json_script` writes `"13:45:00"`, and
/// `{{ time.hour }}`, `.minute`, `.second` and `.microsecond` are its fields.
public struct TemplateTime: TemplateObject, Hashable {
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int
    /// The second, 0–59.
    public let second: Int
    /// The microsecond, 0–999,999.
    public let microsecond: Int

    /// The time, or `nil` when a field is out of its range.
    public init?(hour: Int, minute: Int, second: Int = 0, microsecond: Int = 0) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second),
            (0..<1_000_000).contains(microsecond)
        else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The time on 1970-01-01 in UTC, which formats as the time itself in UTC.
    var instant: Date {
        Date(timeIntervalSince1970: Double(hour * 3600 + minute * 60 + second) + Double(microsecond) / 1_000_000)
    }

    /// Django's JSON encoder: `time.isoformat()` cut to milliseconds (`13:45:00.123`).
    var isoFormat: String {
        let base = DateFormat.format(instant, "H:i:s", in: DateFormat.utc)
        guard microsecond > 0 else { return base }
        let millis = String(microsecond / 1000)
        return base + "." + String(repeating: "0", count: 3 - millis.count) + millis
    }

    /// `hour`, `minute`, `second` and `microsecond`.
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "hour": .int(hour)
        case "minute": .int(minute)
        case "second": .int(second)
        case "microsecond": .int(microsecond)
        default: nil
        }
    }

    /// Django's `TIME_FORMAT` for English: `1:45 p.m.`.
    public var text: String { DateFormat.format(instant, DateFormat.formats.time, in: DateFormat.utc) }
}
