public import Foundation
public import PonyTemplates

/// A day without a time or time zone: Python's `datetime.date`, a `DateField` column.
///
/// ```swift
/// @Model struct Holiday {
///     var day: CalendarDate          // DateField
///     var opens: TimeOfDay?          // TimeField, NULL allowed
/// }
/// Holiday(day: CalendarDate(year: 2026, month: 12, day: 25)!)
/// ```
///
/// Stored, encoded and printed as ISO 8601 (`2026-12-25`), as Django stores dates.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// The year, 1–9999 (Python's range).
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// 0001-01-01, Python's `date.min`.
    public static let min = CalendarDate(valid: 1, 1, 1)

    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date, or `nil` when there is no such day (`2026-02-30`) or the year is outside 1–9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy(CalendarDate.isDigits),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in `timeZone` (UTC by default, as Django stores datetimes);
    /// `nil` outside years 1–9999.
    public init?(_ date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard date.timeIntervalSince1970.isFinite else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `2026-12-25`.
    public var description: String {
        CalendarDate.padded(year, 4) + "-" + CalendarDate.padded(month, 2) + "-" + CalendarDate.padded(day, 2)
    }

    /// Earlier dates first.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws { self = try decodeText(decoder, "a date (YYYY-MM-DD)") }

    /// Encodes `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws { try encodeText(self, encoder) }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A time of day without a date or time zone: Python's `datetime.time`, a `TimeField` column.
///
/// Stored, encoded and printed as Python prints it: `13:45:00`, or `13:45:00.250000` with
/// microseconds.
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// 0–23.
    public let hour: Int
    /// 0–59.
    public let minute: Int
    /// 0–59.
    public let second: Int
    /// 0–999,999.
    public let microsecond: Int

    /// 00:00:00, Python's `time.min`.
    public static let midnight = TimeOfDay(validMicroseconds: 0)

    private init(validMicroseconds: Int) {
        hour = 0
        minute = 0
        second = 0
        microsecond = validMicroseconds
    }

    /// The time, or `nil` when a part is out of range.
    public init?(hour: Int, minute: Int, second: Int = 0, microsecond: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999_999).contains(microsecond)
        else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The time `microseconds` after midnight; `nil` outside one day.
    public init?(microsecondsOfDay microseconds: Int64) {
        guard (0..<86_400_000_000).contains(microseconds) else { return nil }
        let micros = Int(microseconds)
        self.init(
            hour: micros / 3_600_000_000, minute: micros / 60_000_000 % 60, second: micros / 1_000_000 % 60,
            microsecond: micros % 1_000_000)
    }

    /// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.ffffff` (1–6 fraction digits); `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 2, parts[1].count == 2,
            CalendarDate.isDigits(parts[0]), CalendarDate.isDigits(parts[1]),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        var second = 0
        var microsecond = 0
        if parts.count == 3 {
            let pieces = parts[2].split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count <= 2, pieces[0].count == 2, CalendarDate.isDigits(pieces[0]), let whole = Int(pieces[0])
            else { return nil }
            second = whole
            if pieces.count == 2 {
                let fraction = pieces[1]
                guard (1...6).contains(fraction.count), CalendarDate.isDigits(fraction), let digits = Int(fraction)
                else { return nil }
                microsecond = digits * Int(pow(10, Double(6 - fraction.count)))
            }
        }
        self.init(hour: hour, minute: minute, second: second, microsecond: microsecond)
    }

    /// `13:45:00`, or `13:45:00.250000`.
    public var description: String {
        let base =
            CalendarDate.padded(hour, 2) + ":" + CalendarDate.padded(minute, 2) + ":" + CalendarDate.padded(second, 2)
        return microsecond == 0 ? base : base + "." + CalendarDate.padded(microsecond, 6)
    }

    /// Earlier times first.
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        (lhs.hour, lhs.minute, lhs.second, lhs.microsecond) < (rhs.hour, rhs.minute, rhs.second, rhs.microsecond)
    }

    /// Decodes `HH:MM:SS[.ffffff]`.
    public init(from decoder: any Decoder) throws { self = try decodeText(decoder, "a time (HH:MM[:SS[.ffffff]])") }

    /// Encodes `HH:MM:SS[.ffffff]`.
    public func encode(to encoder: any Encoder) throws { try encodeText(self, encoder) }
}

extension Duration: ModelValue {
    /// `DurationField`, stored as Django stores a `timedelta`: whole microseconds (an
    /// `interval` on PostgreSQL). A duration past ±292,000 years, which no column holds, is
    /// stored as its digits, which the database refuses or reading back reports.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .duration }
    public var databaseValue: DatabaseValue {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (micros, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        return overflow || overflow2 ? .text("\(seconds)s") : .integer(micros)
    }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .integer(let micros): self = .microseconds(micros)
        case .text(let text) where Int64(text) != nil: self = .microseconds(Int64(text) ?? 0)
        default: throw mismatch(databaseValue, Duration.self)
        }
    }
}

extension CalendarDate: ModelValue {
    /// `DateField`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .date }
    public var databaseValue: DatabaseValue { .text(description) }
    public init(databaseValue: DatabaseValue) throws {
        // NB: a datetime's text (a value written by another program) keeps its day, as
        // Django's SQLite converter reads it.
        guard case .text(let text) = databaseValue, let date = CalendarDate(String(text.prefix(10))) else {
            throw mismatch(databaseValue, CalendarDate.self)
        }
        self = date
    }
}

extension CalendarDate: TemplateRepresentable {
    /// A ``PonyTemplates/TemplateDay``: printed, formatted and counted as Django's templates
    /// treat a `date`.
    public var templateValue: TemplateValue {
        TemplateDay(year: year, month: month, day: day).map(TemplateValue.object) ?? .string(description)
    }
}

extension TimeOfDay: TemplateRepresentable {
    /// A ``PonyTemplates/TemplateTime``: printed and formatted as Django's templates treat a
    /// `time`.
    public var templateValue: TemplateValue {
        TemplateTime(hour: hour, minute: minute, second: second, microsecond: microsecond).map(TemplateValue.object)
            ?? .string(description)
    }
}

extension TimeOfDay: ModelValue {
    /// `TimeField`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .time }
    public var databaseValue: DatabaseValue { .text(description) }
    public init(databaseValue: DatabaseValue) throws {
        guard case .text(let text) = databaseValue, let time = TimeOfDay(text) else {
            throw mismatch(databaseValue, TimeOfDay.self)
        }
        self = time
    }
}

/// A value that JSON and other coders hold as its text.
private func decodeText<T: LosslessStringConvertible>(_ decoder: any Decoder, _ expected: String) throws -> T {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = T(text) else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not \(expected).")
    }
    return value
}

private func encodeText(_ value: some CustomStringConvertible, _ encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value.description)
}
