internal import PonySupport

/// Dates, times and date-times written as text, read by the grammar of pydantic's parser
/// (`speedate`), with the reasons it gives for refusing text, word for word.
///
/// A date is `YYYY-MM-DD`; a time `HH:MM`, then optionally `:SS` and a fraction after `.` or
/// `,` (digits past the sixth dropped), then optionally `Z`, `z`, `±HH:MM` or `±HHMM`; a
/// date-time is a date, one of `T`, `t`, `_` or a space, and a time.
enum TemporalText {
    /// A calendar day as written (not yet checked against Python's years).
    struct Day {
        let year: Int
        let month: Int
        let day: Int
    }

    /// A time of day as written, with its offset from UTC in seconds when it has one.
    struct Clock {
        var hour = 0
        var minute = 0
        var second = 0
        var microsecond = 0
        var offset: Int?

        var secondsOfDay: Double { Double(hour * 3600 + minute * 60 + second) + Double(microsecond) / 1_000_000 }
    }

    /// Why text is refused, in pydantic's words ("input is too short").
    struct Refusal: Error {
        let reason: String
    }

    /// A date and nothing after it.
    static func date(_ bytes: [UInt8]) -> Result<Day, Refusal> {
        datePrefix(bytes).flatMap { day in
            bytes.count > 10 ? .failure(Refusal(reason: extraCharacters)) : .success(day)
        }
    }

    /// A date, or a date and a time.
    static func dateTime(_ bytes: [UInt8]) -> Result<(day: Day, clock: Clock?), Refusal> {
        datePrefix(bytes).flatMap { day in
            guard bytes.count > 10 else { return .success((day, nil)) }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "_"), UInt8(ascii: " ")].contains(bytes[10])
            else { return .failure(Refusal(reason: "invalid datetime separator, expected `T`, `t`, `_` or space")) }
            return time(bytes, from: 11).map { (day, $0) }
        }
    }

    /// A time (with its offset, if any) from `start` to the end.
    static func time(_ bytes: [UInt8], from start: Int = 0) -> Result<Clock, Refusal> {
        func refuse(_ reason: String) -> Result<Clock, Refusal> { .failure(Refusal(reason: reason)) }
        guard bytes.count - start >= 5 else { return refuse("input is too short") }
        guard let hour = number(bytes, start, 2) else { return refuse("invalid character in hour") }
        guard bytes[start + 2] == UInt8(ascii: ":") else { return refuse("invalid time separator, expected `:`") }
        guard let minute = number(bytes, start + 3, 2) else { return refuse("invalid character in minute") }
        guard hour <= 23 else { return refuse("hour value is outside expected range of 0-23") }
        guard minute <= 59 else { return refuse("minute value is outside expected range of 0-59") }
        var clock = Clock(hour: hour, minute: minute)
        var index = start + 5
        if byte(bytes, index) == UInt8(ascii: ":") {
            guard let second = number(bytes, index + 1, 2) else { return refuse("invalid character in second") }
            guard second <= 59 else { return refuse("second value is outside expected range of 0-59") }
            clock.second = second
            index += 3
            if byte(bytes, index) == UInt8(ascii: ".") || byte(bytes, index) == UInt8(ascii: ",") {
                index += 1
                var digits = 0
                while let value = number(bytes, index, 1) {
                    if digits < 6 { clock.microsecond = clock.microsecond * 10 + value }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return refuse("second fraction digits missing after `.`") }
                for _ in digits..<max(digits, 6) { clock.microsecond *= 10 }
            }
        }
        if let sign = byte(bytes, index) {
            switch sign {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                clock.offset = 0
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = number(bytes, index + 1, 2) else { return refuse("invalid timezone hour") }
                index += 3
                if byte(bytes, index) == UInt8(ascii: ":") { index += 1 }
                guard let minutes = number(bytes, index, 2) else { return refuse("invalid timezone minute") }
                index += 2
                guard minutes <= 59 else { return refuse("timezone minute value is outside expected range of 0-59") }
                let offset = hours * 3600 + minutes * 60
                guard offset < 86_400 else { return refuse("timezone offset must be less than 24 hours") }
                clock.offset = sign == UInt8(ascii: "-") ? -offset : offset
            default:
                return refuse("invalid timezone sign")
            }
        }
        return index < bytes.count ? refuse(extraCharacters) : .success(clock)
    }

    /// A number written as text (`1700000000`, `-1`, `+5`, `5.`, `.5`): an integer that fits
    /// 64 bits, or digits around one point. No exponent, no spaces.
    static func number(_ bytes: [UInt8]) -> Double? {
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            digits = digits.dropFirst()
        }
        guard digits.contains(where: isDigit) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        if digits.allSatisfy(isDigit) { return Int64(text).map(Double.init) }
        let parts = digits.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
        return Double(text.hasSuffix(".") ? text + "0" : text.hasPrefix(".") ? "0" + text : text)
    }

    private static let extraCharacters = "unexpected extra characters at the end of the input"

    /// The first ten bytes as a date (anything after them is the caller's).
    private static func datePrefix(_ bytes: [UInt8]) -> Result<Day, Refusal> {
        func refuse(_ reason: String) -> Result<Day, Refusal> { .failure(Refusal(reason: reason)) }
        let separator = "invalid date separator, expected `-`"
        guard bytes.count >= 10 else { return refuse("input is too short") }
        guard let year = number(bytes, 0, 4) else { return refuse("invalid character in year") }
        guard bytes[4] == UInt8(ascii: "-") else { return refuse(separator) }
        guard let month = number(bytes, 5, 2) else { return refuse("invalid character in month") }
        guard bytes[7] == UInt8(ascii: "-") else { return refuse(separator) }
        guard let day = number(bytes, 8, 2) else { return refuse("invalid character in day") }
        guard (1...12).contains(month) else { return refuse("month value is outside expected range of 1-12") }
        guard (1...PythonDates.daysIn(month: month, of: year)).contains(day) else {
            return refuse("day value is outside expected range")
        }
        return .success(Day(year: year, month: month, day: day))
    }

    private static func byte(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// The decimal number of the `count` digits at `start`, or `nil` if one is missing.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
