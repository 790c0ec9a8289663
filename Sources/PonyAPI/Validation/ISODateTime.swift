internal import Foundation
internal import PonySupport

/// Reads date-times as pydantic 2 does (its `speedate` parser): ISO 8601 with `T`, `t`, `_` or
/// a space between date and time, fractions of a second (to the microsecond), `Z` or `±HH:MM`
/// and `±HHMM` offsets, a bare date (midnight), and Unix time given as a number or as text
/// (milliseconds above 2e10). Times without an offset are UTC. A refusal says why in pydantic's
/// words (`Tests/PonyAPITests/Fixtures/datetime_cases.json` holds pydantic's answers).
enum ISODateTime {
    /// `text` as a date-time, or pydantic's issue: the reason its date part does not parse
    /// (`datetime_from_date_parsing`), as pydantic reports it.
    static func read(_ text: String) -> Result<Date, Rejection> {
        let bytes = Array(text.utf8)
        if let (seconds, year) = dateTime(bytes) {
            guard year > 0 else { return .failure(.datetimeParsing("year 0 is out of range")) }
            return .success(Date(timeIntervalSince1970: seconds))
        }
        if let seconds = timestamp(bytes) {
            return unixTime(seconds).mapError { .datetimeFromDateParsing($0.reason) }
        }
        return .failure(.datetimeFromDateParsing(dateError(bytes)))
    }

    /// Why a Unix time is refused.
    struct OutOfRange: Error {
        let reason: String
    }

    /// `seconds` since 1970 (or milliseconds, above 2e10) as a date, within Python's years.
    static func unixTime(_ seconds: Double) -> Result<Date, OutOfRange> {
        let scaled = abs(seconds) > 2e10 ? seconds / 1000 : seconds
        if scaled.isNaN { return .failure(OutOfRange(reason: "NaN values not permitted")) }
        if scaled > PythonDates.seconds.upperBound {
            return .failure(OutOfRange(reason: "dates after 9999 are not supported as unix timestamps"))
        }
        if scaled < PythonDates.seconds.lowerBound {
            return .failure(OutOfRange(reason: "dates before 0000 are not supported as unix timestamps"))
        }
        return .success(Date(timeIntervalSince1970: scaled))
    }

    /// The seconds since 1970 and the year of an ISO 8601 date or date-time (year 0 included,
    /// which pydantic parses and then refuses), or `nil`.
    private static func dateTime(_ bytes: [UInt8]) -> (seconds: Double, year: Int)? {
        var reader = Reader(bytes: bytes)
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"),
            let day = reader.digits(2), (1...12).contains(month), (1...daysIn(month, of: year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if reader.isAtEnd { return (seconds, year) }
        guard reader.skip("T") || reader.skip("t") || reader.skip("_") || reader.skip(" "),
            let hour = reader.digits(2), reader.skip(":"), let minute = reader.digits(2), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if reader.skip(":") {
            guard let second = reader.digits(2), second < 60 else { return nil }
            seconds += Double(second)
            if reader.skip(".") || reader.skip(",") {
                // NB: digits past the sixth are read and dropped, as pydantic drops them.
                var microseconds = 0
                var count = 0
                while let digit = reader.digit() {
                    if count < 6 { microseconds = microseconds * 10 + digit }
                    count += 1
                }
                guard count > 0 else { return nil }
                for _ in count..<max(count, 6) { microseconds *= 10 }
                seconds += Double(microseconds) / 1_000_000
            }
        }
        if reader.skip("Z") || reader.skip("z") { return reader.isAtEnd ? (seconds, year) : nil }
        if let sign = reader.sign() {
            guard let hours = reader.digits(2), hours < 24 else { return nil }
            _ = reader.skip(":")
            guard let minutes = reader.digits(2), minutes < 60 else { return nil }
            seconds -= Double(sign * (hours * 3600 + minutes * 60))
        }
        return reader.isAtEnd ? (seconds, year) : nil
    }

    /// A number written as text (`1700000000`, `-1`, `+5`, `5.`, `.5`): an integer that fits
    /// 64 bits, or digits around one point. No exponent, no spaces.
    private static func timestamp(_ bytes: [UInt8]) -> Double? {
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            digits = digits.dropFirst()
        }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard digits.contains(where: isDigit) else { return nil }
        if digits.allSatisfy(isDigit) {
            return Int64(String(decoding: bytes, as: UTF8.self)).map(Double.init)
        }
        let parts = digits.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return Double(text.hasSuffix(".") ? text + "0" : text.hasPrefix(".") ? "0" + text : text)
    }

    /// Why `bytes` is not a date, as pydantic's date parser words it: the first problem of
    /// the first ten characters, else the characters after them.
    private static func dateError(_ bytes: [UInt8]) -> String {
        guard bytes.count >= 10 else { return "input is too short" }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let separator = "invalid date separator, expected `-`"
        guard let year = number(0..<4) else { return "invalid character in year" }
        guard bytes[4] == UInt8(ascii: "-") else { return separator }
        guard let month = number(5..<7) else { return "invalid character in month" }
        guard bytes[7] == UInt8(ascii: "-") else { return separator }
        guard let day = number(8..<10) else { return "invalid character in day" }
        guard (1...12).contains(month) else { return "month value is outside expected range of 1-12" }
        guard (1...daysIn(month, of: year)).contains(day) else { return "day value is outside expected range" }
        return "unexpected extra characters at the end of the input"
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                return nil
            }
            defer { index += 1 }
            return Int(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
