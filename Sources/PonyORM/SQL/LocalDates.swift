internal import Foundation
internal import PonySupport
internal import Synchronization

/// Date parts and truncations computed in Swift for SQLite, which has no time zones, ISO weeks
/// or quarters: what PonySQLite's `pony_date_part(part, value, zone)` and
/// `pony_date_trunc(kind, value, zone)` return, as Django's SQLite functions
/// (`_sqlite_datetime_extract`, `_sqlite_datetime_trunc`, …) compute them in Python.
///
/// A value is stored text: a datetime (`2026-06-01 22:30:00`, UTC, taken in `zone`, a tz
/// database name; UTC when `nil`), a date (`2026-06-01`) or a time (`22:30:00`). Anything else,
/// an unknown part or zone, or a part the value lacks, gives `NULL`, as Django's functions
/// give `None`.
package enum LocalDates {
    /// `part` (`year`, `iso_week_day`, `date`, `time`, … as in lookups) of `text`: a number,
    /// or for `date` and `time` the text of one.
    package static func part(_ part: String, of text: String, zone: String?) -> DatabaseValue {
        guard let part = DatePart(rawValue: part), let clock = WallClock(text, zone: zone) else { return .null }
        switch part {
        case .date:
            guard let day = clock.day else { return .null }
            return .text(day.description)
        case .time:
            guard let time = clock.time else { return .null }
            return .text(time.description)
        case .hour, .minute, .second:
            guard let time = clock.time else { return .null }
            return .integer(Int64(part == .hour ? time.hour : part == .minute ? time.minute : time.second))
        default:
            guard let day = clock.day else { return .null }
            let number: Int
            switch part {
            case .year: number = day.year
            case .month: number = day.month
            case .day: number = day.day
            case .quarter: number = (day.month + 2) / 3
            case .weekDay: number = day.isoWeekday % 7 + 1
            case .isoWeekDay: number = day.isoWeekday
            case .week: number = day.isoWeek.week
            case .isoYear: number = day.isoWeek.year
            case .date, .time, .hour, .minute, .second: return .null
            }
            return .integer(Int64(number))
        }
    }

    /// `text` truncated to `kind` (`year` … `second`): a date's as a date, a time's as a time,
    /// and a datetime's truncated on the wall clock of `zone` and given back as the UTC instant
    /// that starts there, in the text datetimes are stored as.
    package static func truncated(_ kind: String, _ text: String, zone: String?) -> DatabaseValue {
        guard let kind = TruncKind(rawValue: kind), let clock = WallClock(text, zone: zone) else { return .null }
        var hour = 0
        var minute = 0
        var second = 0
        if let time = clock.time {
            switch kind {
            case .hour: hour = time.hour
            case .minute: (hour, minute) = (time.hour, time.minute)
            case .second: (hour, minute, second) = (time.hour, time.minute, time.second)
            default: break
            }
        }
        guard let day = clock.day else {
            guard [.hour, .minute, .second].contains(kind),
                let time = TimeOfDay(hour: hour, minute: minute, second: second)
            else { return .null }
            return .text(time.description)
        }
        let start: CalendarDate?
        switch kind {
        case .year: start = CalendarDate(year: day.year, month: 1, day: 1)
        case .quarter: start = CalendarDate(year: day.year, month: day.month - (day.month - 1) % 3, day: 1)
        case .month: start = CalendarDate(year: day.year, month: day.month, day: 1)
        case .week: start = day.adding(days: 1 - day.isoWeekday)
        case .day, .hour, .minute, .second: start = day
        case .date, .time: return .null
        }
        guard let start else { return .null }
        guard let zone = clock.zone else { return .text(start.description) }
        // NB: the wall-clock time, read as UTC, less the zone's offset there: an instant in a
        // gap (clocks going forward) gets the offset before it, as Python's `fold=0` does.
        let days = PythonDates.daysSinceEpoch(year: start.year, month: start.month, day: start.day)
        let wall = Double(days * 86_400 + hour * 3_600 + minute * 60 + second)
        let guess = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall)))
        let instant = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
        return .text(DateText.format(Date(timeIntervalSince1970: instant)))
    }
}

/// A stored value as the wall clock reads it: its day and time of day, either of which a date or
/// a time lacks, and for a datetime the zone it was read in.
private struct WallClock {
    var day: CalendarDate?
    var time: TimeOfDay?
    var zone: TimeZone?

    init?(_ text: String, zone: String?) {
        let bytes = text.utf8
        if bytes.count >= 5, bytes[bytes.index(bytes.startIndex, offsetBy: 2)] == UInt8(ascii: ":") {
            guard let time = TimeOfDay(text) else { return nil }
            self.time = time
            return
        }
        if bytes.count == 10 {
            guard let day = CalendarDate(text) else { return nil }
            self.day = day
            return
        }
        // NB: by the proleptic Gregorian calendar, as Python counts days (Foundation's
        // calendar turns Julian before 1582).
        guard let instant = DateText.parse(text), let timeZone = Zones.named(zone ?? "UTC") else { return nil }
        let seconds = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        let whole = seconds.rounded(.down)
        guard abs(whole) < 1e12 else { return nil }
        let days = Int((whole / 86_400).rounded(.down))
        let secondOfDay = Int(whole) - days * 86_400
        let micros = min(999_999, Int(((seconds - whole) * 1_000_000).rounded()))
        let (year, month, dayOfMonth) = PythonDates.civilDate(daysSinceEpoch: days)
        guard let day = CalendarDate(year: year, month: month, day: dayOfMonth),
            let time = TimeOfDay(
                hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60, microsecond: micros)
        else { return nil }
        self.day = day
        self.time = time
        self.zone = timeZone
    }
}

/// Time zones by name, kept: making a `TimeZone` reads the tz database, and the functions run
/// once per row.
private enum Zones {
    private static let cache = Mutex<[String: TimeZone]>([:])

    static func named(_ name: String) -> TimeZone? {
        if let zone = cache.withLock({ $0[name] }) { return zone }
        guard let zone = TimeZone(identifier: name) else { return nil }
        cache.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[name] = zone
        }
        return zone
    }
}

extension CalendarDate {
    /// Days since 1970-01-01 (negative before).
    private var ordinal: Int { PythonDates.daysSinceEpoch(year: year, month: month, day: day) }

    /// The day `days` later (earlier when negative), or `nil` outside years 1–9999.
    func adding(days: Int) -> CalendarDate? {
        let (year, month, day) = PythonDates.civilDate(daysSinceEpoch: ordinal + days)
        return CalendarDate(year: year, month: month, day: day)
    }

    /// 1 for Monday … 7 for Sunday (1970-01-01 was a Thursday).
    var isoWeekday: Int { ((ordinal + 3) % 7 + 7) % 7 + 1 }

    /// The ISO 8601 week: the year its Thursday is in, and its number in that year.
    var isoWeek: (year: Int, week: Int) {
        let thursday = ordinal + 4 - isoWeekday
        let year = PythonDates.civilDate(daysSinceEpoch: thursday).year
        return (year, (thursday - PythonDates.daysSinceEpoch(year: year, month: 1, day: 1)) / 7 + 1)
    }
}
