public import Foundation

// The parts of dates, datetimes and times that queries take apart and truncate to: Django's
// `Extract…` and `Trunc…` functions and the `__year`, `__hour`, `__week_day`, … transforms. A
// datetime's parts are those of its wall-clock time in `ORM.timeZone` (Django's current time
// zone, with `USE_TZ`); the datetime itself is stored in UTC.

/// A number taken from a date, datetime or time by ``F/extract(_:_:)`` (Django's `ExtractYear`,
/// `ExtractWeekDay`, …), numbered as Django numbers them.
public enum DateComponent: String, Sendable, CaseIterable {
    /// The year.
    case year
    /// The year of the ISO 8601 week the day is in (Django's `iso_year`).
    case isoYear = "iso_year"
    /// The quarter, 1–4.
    case quarter
    /// The month, 1–12.
    case month
    /// The ISO 8601 week of the year, 1–53 (weeks start on Monday; week 1 holds January 4th).
    case week
    /// The day of the month.
    case day
    /// The day of the week, 1 (Sunday) to 7 (Saturday), as Django's `week_day`.
    case weekDay = "week_day"
    /// The ISO 8601 day of the week, 1 (Monday) to 7 (Sunday).
    case isoWeekDay = "iso_week_day"
    /// The hour, 0–23 (datetimes and times).
    case hour
    /// The minute (datetimes and times).
    case minute
    /// The second, its fraction dropped (datetimes and times).
    case second
}

/// What ``F/trunc(_:_:)`` truncates to (Django's `TruncYear` … `TruncSecond`, `TruncDate` and
/// `TruncTime`).
public enum TruncKind: String, Sendable, CaseIterable {
    /// January 1st.
    case year
    /// The first day of the quarter.
    case quarter
    /// The first day of the month.
    case month
    /// The Monday of the ISO 8601 week.
    case week
    /// The start of the day.
    case day
    /// The start of the hour (datetimes and times).
    case hour
    /// The start of the minute (datetimes and times).
    case minute
    /// The start of the second (datetimes and times).
    case second
    /// A datetime's day, as a date (Django's `TruncDate`).
    case date
    /// A datetime's wall-clock time, as a time (Django's `TruncTime`).
    case time
}

extension ORM {
    /// The time zone that date parts of datetimes are taken in: `__year`, `__date`, `__hour`,
    /// ``F/extract(_:_:)``, ``F/trunc(_:_:)``, ``QuerySet/dates(_:_:descending:)`` and
    /// ``QuerySet/datetimes(_:_:descending:)`` (Django's current time zone). UTC unless set;
    /// Pony sets it to the app's `timeZone` setting around the server and the commands, and
    /// `ORM.$timeZone.withValue(zone) { … }` overrides it (Django's `timezone.override`).
    @TaskLocal public static var timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt
}

/// The transforms on dates, datetimes and times: the components, and `__date`, `__time`.
enum DatePart: String, Sendable, CaseIterable {
    case date, time, year
    case isoYear = "iso_year"
    case quarter, month, week, day
    case weekDay = "week_day"
    case isoWeekDay = "iso_week_day"
    case hour, minute, second

    init(_ component: DateComponent) { self = DatePart(rawValue: component.rawValue) ?? .year }

    /// Whether the part is of the time of day: not on a date.
    var ofTime: Bool { self == .hour || self == .minute || self == .second || self == .time }

    /// Whether the part is of the day: not on a time.
    var ofDay: Bool { !ofTime || self == .date }

    /// What the part is, when a transform follows it (`__date__year`), as a field type.
    var type: FieldType {
        switch self {
        case .date: .date
        case .time: .time
        default: .integer
        }
    }
}

/// The kind of value a date part is taken from.
enum TemporalSource: Sendable, Equatable {
    /// A `DateField`.
    case date
    /// A `TimeField`.
    case time
    /// A `DateTimeField`, stored in UTC and taken apart in `zone`.
    case dateTime(zone: TimeZone)

    /// The source of a value of `type`, a datetime's in the current zone; `nil` for others.
    init?(_ type: FieldType) {
        switch type {
        case .date: self = .date
        case .time: self = .time
        case .dateTime: self = .dateTime(zone: ORM.timeZone)
        default: return nil
        }
    }

    /// The zone a datetime is converted to, `nil` for UTC (and for dates and times, which have
    /// none).
    var zone: TimeZone? {
        guard case .dateTime(let zone) = self, !zone.isUTC else { return nil }
        return zone
    }

    /// Whether a value of this source has `part`.
    func has(_ part: DatePart) -> Bool {
        switch self {
        case .date: part.ofDay && part != .date
        case .time: part.ofTime && part != .time
        case .dateTime: true
        }
    }

    /// Whether a value of this source can be truncated to `kind`.
    func truncates(to kind: TruncKind) -> Bool {
        switch (self, kind) {
        case (.dateTime, _): true
        case (.date, .year), (.date, .quarter), (.date, .month), (.date, .week), (.date, .day): true
        case (.time, .hour), (.time, .minute), (.time, .second): true
        default: false
        }
    }

    /// Django's name of the field type, for errors.
    var className: String {
        switch self {
        case .date: "DateField"
        case .time: "TimeField"
        case .dateTime: "DateTimeField"
        }
    }
}

extension TimeZone {
    /// Whether this is UTC itself (not a zone that is at UTC's offset only some of the year).
    var isUTC: Bool {
        ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu", "GMT+0000"]
            .contains(identifier)
    }
}
