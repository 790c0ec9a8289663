package import Foundation
internal import PonySupport

/// HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three of the RFC's forms
/// as Django's `parse_http_date` reads them.
package enum HTTPDate {
    /// IMF-fixdate: `Thu, 01 Jan 1970 00:00:00 GMT`; dates outside years 1 to 9999 are
    /// clamped to them (a view's `Date` may be anything; `Int(_:)` of it could trap).
    package static func format(_ date: Date) -> String {
        PythonDates.utcFields(date.timeIntervalSince1970).rfc5322(zone: "GMT")
    }

    /// The seconds since 1970 of an HTTP date, or `nil` when `text` is not one, as Django's
    /// `parse_http_date_safe`: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`, its two-digit year read as at most fifty years
    /// ahead) and asctime (`Sun Nov  6 08:49:37 1994`). Like Django, it does not check the
    /// weekday (any three "word" characters), reads a month name in any case, reads four-digit
    /// years below 100 as two-digit ones, allows one final line feed, and refuses dates that do
    /// not exist (February 30, 24:00:00).
    package static func parse(_ text: String) -> Int? {
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "\n" { scalars.removeLast() }
        guard let fields = imfFixdate(scalars) ?? rfc850(scalars) ?? asctime(scalars) else { return nil }
        var year = fields.year
        if year < 100 {
            let now = PythonDates.civilDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86400)).year
            year += now - now % 100 - (year - now % 100 > 50 ? 100 : 0)
        }
        guard (1...9999).contains(year), (1...PythonDates.daysIn(month: fields.month, of: year)).contains(fields.day),
            fields.hour < 24, fields.minute < 60, fields.second < 60
        else { return nil }
        return PythonDates.daysSinceEpoch(year: year, month: fields.month, day: fields.day) * 86400 + fields.hour * 3600
            + fields.minute * 60 + fields.second
    }

    private typealias Fields = (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)

    /// `\w{3}, DD Mon YYYY HH:MM:SS GMT`
    private static func imfFixdate(_ s: [Unicode.Scalar]) -> Fields? {
        guard s.count == 29, s[0..<3].allSatisfy(\.isPythonWordCharacter), s[3] == ",", s[4] == " ", s[7] == " ",
            s[11] == " ",
            s[16] == " ", String(String.UnicodeScalarView(s[25...])) == " GMT",
            let day = number(s[5..<7]), let month = month(s[8..<11]), let year = number(s[12..<16]),
            let time = time(s[17..<25])
        else { return nil }
        return (year, month, day, time.hour, time.minute, time.second)
    }

    /// `\w{6,9}, DD-Mon-YY HH:MM:SS GMT`
    private static func rfc850(_ s: [Unicode.Scalar]) -> Fields? {
        guard let comma = s.firstIndex(of: ","), (6...9).contains(comma), s.count == comma + 24,
            s[..<comma].allSatisfy(\.isPythonWordCharacter)
        else { return nil }
        let r = Array(s[(comma + 1)...])  // ` DD-Mon-YY HH:MM:SS GMT`
        guard r[0] == " ", r[3] == "-", r[7] == "-", r[10] == " ", String(String.UnicodeScalarView(r[19...])) == " GMT",
            let day = number(r[1..<3]), let month = month(r[4..<7]), let year = number(r[8..<10]),
            let time = time(r[11..<19])
        else { return nil }
        return (year, month, day, time.hour, time.minute, time.second)
    }

    /// `\w{3} Mon DD HH:MM:SS YYYY`, the day's first digit possibly a space.
    private static func asctime(_ s: [Unicode.Scalar]) -> Fields? {
        guard s.count == 24, s[0..<3].allSatisfy(\.isPythonWordCharacter), s[3] == " ", s[7] == " ", s[10] == " ",
            s[19] == " ",
            let month = month(s[4..<7]), let day = number(s[8] == " " ? s[9..<10] : s[8..<10]),
            let time = time(s[11..<19]), let year = number(s[20..<24])
        else { return nil }
        return (year, month, day, time.hour, time.minute, time.second)
    }

    /// `HH:MM:SS`
    private static func time(_ s: ArraySlice<Unicode.Scalar>) -> (hour: Int, minute: Int, second: Int)? {
        let start = s.startIndex
        guard s[start + 2] == ":", s[start + 5] == ":", let hour = number(s[start..<start + 2]),
            let minute = number(s[start + 3..<start + 5]), let second = number(s[start + 6..<start + 8])
        else { return nil }
        return (hour, minute, second)
    }

    /// ASCII digits only (`[0-9]`, as Django's patterns), at most four of them.
    private static func number(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        var value = 0
        for scalar in s {
            guard ("0"..."9").contains(scalar) else { return nil }
            // NB: a digit (so no underflow), and the callers pass two or four of them.
            value = value * 10 + Int(scalar.value - 48)
        }
        return value
    }

    /// A month's English abbreviation in any case; 1 to 12.
    private static func month(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        let name = String(String.UnicodeScalarView(s)).lowercased()
        return PythonDates.UTCFields.monthNames.firstIndex { $0.lowercased() == name }.map { $0 + 1 }
    }
}
