internal import Foundation

/// Dates and times in text, read as Django's `parse_date`, `parse_time` and `parse_datetime`
/// read them for a field's value: the formats of their regular expressions (`2024-1-5`,
/// `1:02`, `2024-01-05T10:00:00.5+02:00`), and `YYYYMMDD` as `date.fromisoformat` reads it.
enum DjangoDateText {
    /// What a text held.
    enum Reading<Value> {
        /// A value in the format.
        case valid(Value)
        /// The format, but no such day or time (`2024-02-30`, `25:00`).
        case invalid
        /// Not the format.
        case unreadable
    }

    /// A date: `YYYY-M[M]-D[D]` or `YYYYMMDD`.
    static func date(_ text: String) -> Reading<CalendarDate> {
        var scanner = Scanner(text)
        guard let parts = scanner.date(), scanner.atEnd else { return .unreadable }
        return CalendarDate(year: parts.year, month: parts.month, day: parts.day).map { .valid($0) } ?? .invalid
    }

    /// A time: `H[H]:M[M][:S[S][.ffffff]]`.
    static func time(_ text: String) -> Reading<TimeOfDay> {
        var scanner = Scanner(text)
        guard let parts = scanner.time(), scanner.atEnd else { return .unreadable }
        return TimeOfDay(hour: parts.hour, minute: parts.minute, second: parts.second, microsecond: parts.microsecond)
            .map { .valid($0) } ?? .invalid
    }

    /// A datetime: a date, `T` or a space, a time, and an offset (`Z`, `±HH`, `±HH:MM`); or a
    /// date alone, at midnight (Django's `DateTimeField.to_python`). Without an offset it is
    /// UTC, as Pony writes a `Date`.
    static func dateTime(_ text: String) -> Reading<Date> {
        var scanner = Scanner(text)
        guard let day = scanner.date() else { return .unreadable }
        var time = (hour: 0, minute: 0, second: 0, microsecond: 0)
        var offset = 0
        if !scanner.atEnd {
            guard scanner.skip("T") || scanner.skip(" "), let parts = scanner.time() else { return .unreadable }
            time = parts
            while scanner.skip(" ") || scanner.skip("\t") || scanner.skip("\n") {}
            if scanner.skip("Z") {
            } else if let sign = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : nil {
                guard let hours = scanner.number(2...2) else { return .unreadable }
                _ = scanner.skip(":")
                let minutes = scanner.number(2...2) ?? 0
                offset = sign * (hours * 60 + minutes)
            }
        }
        guard scanner.atEnd else { return .unreadable }
        guard let date = CalendarDate(year: day.year, month: day.month, day: day.day),
            let clock = TimeOfDay(
                hour: time.hour, minute: time.minute, second: time.second, microsecond: time.microsecond)
        else { return .invalid }
        let sign = offset < 0 ? "-" : "+"
        let zone = sign + CalendarDate.padded(abs(offset) / 60, 2) + ":" + CalendarDate.padded(abs(offset) % 60, 2)
        let micros = time.microsecond == 0 ? "" : "." + CalendarDate.padded(time.microsecond, 6)
        return DateText.parse(date.description + " " + clock.description.prefix(8) + micros + zone).map { .valid($0) }
            ?? .invalid
    }

    /// Reads the text's ASCII bytes from the start.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// A number of `digits` digits (as many as there are, up to the most).
        mutating func number(_ digits: ClosedRange<Int>) -> Int? {
            var value = 0
            var count = 0
            while count < digits.upperBound, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count >= digits.lowerBound ? value : nil
        }

        mutating func date() -> (year: Int, month: Int, day: Int)? {
            let start = index
            if let compact = number(8...8), atEnd || bytes[index] == UInt8(ascii: "T") || bytes[index] == 0x20 {
                return (compact / 10_000, compact / 100 % 100, compact % 100)
            }
            index = start
            guard let year = number(4...4), skip("-"), let month = number(1...2), skip("-"), let day = number(1...2)
            else { return nil }
            return (year, month, day)
        }

        mutating func time() -> (hour: Int, minute: Int, second: Int, microsecond: Int)? {
            guard let hour = number(1...2), skip(":"), let minute = number(1...2) else { return nil }
            var second = 0
            var microsecond = 0
            if skip(":") {
                guard let whole = number(1...2) else { return nil }
                second = whole
                if skip(".") || skip(",") {
                    let start = index
                    guard let fraction = number(1...6) else { return nil }
                    let digits = index - start
                    microsecond = fraction * [1, 100_000, 10_000, 1_000, 100, 10, 1][digits]
                    _ = number(0...6)  // Django reads six digits and ignores six more
                }
            }
            return (hour, minute, second, microsecond)
        }
    }
}
