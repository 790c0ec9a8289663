import Foundation
import PonySupport
internal import PonySupport

/// `django.contrib.humanize`, in English: `intcomma`, `intword`, `apnumber`, `ordinal`,
/// `naturalday` and `naturaltime`. Like every built-in library here, it needs no
/// `{% load humanize %}` (the tag is accepted and does nothing).
enum HumanizeFilters {
    static let filters: [TemplateFilter] = [
        TemplateFilter("intcomma", isSafe: true) { value, _, _ in .string(intcomma(value)) },
        TemplateFilter("intword") { value, _, _ in intword(value) },
        TemplateFilter("apnumber", isSafe: true) { value, _, _ in
            guard let digits = integerDigits(value) else { return value }
            let names = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
            guard let n = Int(digits) else { return .string(digits) }
            return (1...9).contains(n) ? .string(names[n - 1]) : .int(n)
        },
        TemplateFilter("ordinal", isSafe: true) { value, _, _ in
            guard let digits = integerDigits(value) else { return value }
            guard !digits.hasPrefix("-") else { return .string(digits) }
            // NB: on the digits: Python's integers (a float's) may be beyond Int's.
            let lastTwo = Int(digits.suffix(2)) ?? 0
            let suffixes = ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"]
            return .safe(digits + ((11...13).contains(lastTwo) ? "th" : suffixes[lastTwo % 10]))
        },
        TemplateFilter("naturalday", argument: .optional) { value, argument, _ in naturalday(value, argument) },
        TemplateFilter("naturaltime") { value, _, _ in naturaltime(value) },
    ]

    // MARK: - Numbers

    /// The digits of Python's `int(value)` (with `-` for negatives): integers, booleans,
    /// finite floats (truncated, every digit) and integer text (blanks around, `_` between
    /// digits, any script's decimal digits); `nil` where Python raises. As Python's integers,
    /// they may be more than `Int` holds.
    static func integerDigits(_ value: TemplateValue) -> String? {
        switch value {
        case .int(let n): String(n)
        case .bool(let b): b ? "1" : "0"
        case .double(let d): BuiltinFilters.integerText(d)
        case .decimal(let d, _): PythonDecimal.integerText(d)
        case .string(let text), .safe(let text): integerText(text)
        default: nil
        }
    }

    /// The ASCII digits (with a `-` for negatives) of text Python's `int()` reads, or `nil`.
    /// The digits may be more than `Int` holds, as Python's integers.
    static func integerText(_ text: String) -> String? {
        let scalars = Array(
            text.unicodeScalars.drop(while: \.properties.isWhitespace).reversed()
                .drop(while: \.properties.isWhitespace).reversed())
        var index = 0
        var sign = ""
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" {
            sign = scalars[index] == "-" ? "-" : ""
            index += 1
        }
        var digits = ""
        var previousWasDigit = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "_" {
                guard previousWasDigit, index + 1 < scalars.count, decimalDigit(scalars[index + 1]) != nil else {
                    return nil
                }
                previousWasDigit = false
            } else if let digit = decimalDigit(scalar) {
                digits.append(Character(Unicode.Scalar(UInt8(48 + digit))))
                previousWasDigit = true
            } else {
                return nil
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : sign + trimmed
    }

    /// The value of a decimal digit of any script (Unicode `Nd`), as Python's `int()` reads it.
    private static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.properties.generalCategory == .decimalNumber, let value = scalar.properties.numericValue,
            value >= 0, value <= 9
        else { return nil }
        return Int(value)
    }

    /// Django's `intcomma`: a number (or integer text) grouped with `number_format`, in the
    /// current language's separators (`1,234,567.5`; German `1.234.567,5`); other text has
    /// commas put in the digits it starts with.
    static func intcomma(_ value: TemplateValue) -> String {
        switch value {
        case .int(let n): return grouped(String(n))
        case .bool(let b): return b ? "1" : "0"
        case .double(let d): return grouped(plainFloat(d))
        case .decimal(let d, _) where d.isFinite: return grouped(value.text)
        case .string(let text), .safe(let text):
            if let digits = integerText(text) { return grouped(digits) }
            return groupedPrefix(text)
        default: return groupedPrefix(value.text)
        }
    }

    private static func grouped(_ number: String) -> String { NumberFormat.localized(number, grouping: true) }

    /// Text that is not a number: the digits it starts with (after an optional `-`) grouped,
    /// the rest as it is (Django's fallback, `re.match(r"-?\d+", …)`).
    private static func groupedPrefix(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var end = scalars.first == "-" ? 1 : 0
        let start = end
        while end < scalars.count, scalars[end].properties.generalCategory == .decimalNumber { end += 1 }
        guard end > start else { return text }
        var prefix = String.UnicodeScalarView()
        for (offset, scalar) in scalars[start..<end].enumerated() {
            if offset > 0 && (end - start - offset) % 3 == 0 { prefix.append(",") }
            prefix.append(scalar)
        }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: scalars[end...])
        return (start == 1 ? "-" : "") + String(prefix) + String(rest)
    }

    /// `str(float)`, or where it has an exponent, `Decimal(str(float))` written out in full
    /// (`{:f}`), or past 200 digits in Decimal's `{:e}` form, as `number_format` writes floats.
    static func plainFloat(_ d: Double) -> String {
        let repr = PythonFormat.float(d)
        guard d.isFinite, let e = repr.firstIndex(of: "e"), let exponent = Int(repr[repr.index(after: e)...]) else {
            return repr
        }
        var mantissa = repr[..<e]
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { mantissa = mantissa.dropFirst() }
        let point = mantissa.firstIndex(of: ".")
        var digits = String(mantissa.filter { $0 != "." })
        // The position of the point, counted from the start of `digits`, after the exponent.
        var position = (point.map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        while digits.count > 1, digits.last == "0", position < digits.count { digits.removeLast() }
        let decimalExponent = position - digits.count
        if abs(decimalExponent) + digits.count > 200 {
            let rest = digits.dropFirst()
            let power = position - 1
            return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e"
                + (power < 0 ? "-" : "+") + String(power.magnitude)
        }
        if position <= 0 {
            return sign + "0." + String(repeating: "0", count: -position) + digits
        }
        if position >= digits.count {
            return sign + digits + String(repeating: "0", count: position - digits.count)
        }
        position = min(position, digits.count)
        let split = digits.index(digits.startIndex, offsetBy: position)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// Django's `intword`: `1.2 million`, `3.5 billion`, …, up to a googol; smaller numbers
    /// and values that are not integers come back as they are.
    static func intword(_ value: TemplateValue) -> TemplateValue {
        let number: Double
        switch value {
        case .double(let d):
            guard d.isFinite else { return value }
            let whole = d.rounded(.towardZero)
            if whole.magnitude < 1_000_000 { return BuiltinFilters.truncated(whole).map { .int($0) } ?? value }
            number = whole
        default:
            guard let digits = integerDigits(value), let n = Double(digits) else { return value }
            if n.magnitude < 1_000_000 { return Int(digits).map { .int($0) } ?? value }
            number = n
        }
        let names = [
            (6, "million"), (9, "billion"), (12, "trillion"), (15, "quadrillion"), (18, "quintillion"),
            (21, "sextillion"), (24, "septillion"), (27, "octillion"), (30, "nonillion"), (33, "decillion"),
            (100, "googol"),
        ]
        for (exponent, name) in names where number.magnitude < pow(10, Double(exponent)) * 1000 {
            let scaled = number / pow(10, Double(exponent))
            let text = (try? BuiltinFilters.floatformat(.double(scaled), .int(1), false))?.text ?? ""
            return .string("\(text) \(name)")
        }
        return value
    }

    // MARK: - Dates

    /// Django's `naturalday`: "today", "tomorrow" or "yesterday" in the template's time zone,
    /// other days as the `date` filter prints them.
    static func naturalday(_ value: TemplateValue, _ argument: TemplateValue?) -> TemplateValue {
        let zone = DateFormat.timeZone
        let day: TemplateDay?
        switch value {
        case .date(let date): day = TemplateDay(date, in: zone)
        case .object(let object as TemplateDay): day = object
        default: return value
        }
        guard let day, let today = TemplateDay(Date(), in: zone) else { return value }
        let days = Int((day.midnightUTC.timeIntervalSince(today.midnightUTC) / 86_400).rounded())
        switch days {
        case 0: return .string(translate("today"))
        case 1: return .string(translate("tomorrow"))
        case -1: return .string(translate("yesterday"))
        default:
            return .string(
                DateFormat.format(day.midnightUTC, argument?.text ?? DateFormat.formats.date, in: DateFormat.utc))
        }
    }

    /// Django's `naturaltime`: "now", "30 seconds ago", "an hour from now", or past a day
    /// `timesince`'s two units ("3 days, 4 hours ago").
    static func naturaltime(_ value: TemplateValue) -> TemplateValue {
        guard case .date(let date) = value, PythonDates.seconds.contains(date.timeIntervalSince1970) else {
            return value
        }
        let now = Date()
        let past = date < now
        let interval = past ? now.timeIntervalSince(date) : date.timeIntervalSince(now)
        let suffix = past ? "ago" : "from now"
        let nbsp = "\u{a0}"
        if interval >= 86_400 {
            return .string(DateFormat.timesince(date, now, reversed: !past) + " " + suffix)
        }
        // NB: under a day here (and finite: the date is within Python's years), so Int holds it.
        let seconds = Int(interval.rounded(.down))
        func count(_ n: Int, _ one: String, _ unit: String) -> TemplateValue {
            .string(n == 1 ? "\(one) \(suffix)" : "\(n)\(nbsp)\(unit) \(suffix)")
        }
        switch seconds {
        case 0: return .string("now")
        case ..<60: return count(seconds, "a second", "seconds")
        case ..<3600: return count(seconds / 60, "a minute", "minutes")
        default: return count(seconds / 3600, "an hour", "hours")
        }
    }
}

extension TemplateDay {
    /// The day `date` falls on in `timeZone`.
    init?(_ date: Date, in timeZone: TimeZone) {
        guard PythonDates.seconds.contains(date.timeIntervalSince1970) else { return nil }
        let local = (date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))) / 86_400
        // NB: the guard keeps `local` within Python's years (±3.7 million days), so Int holds it.
        let (year, month, day) = PythonDates.civilDate(daysSinceEpoch: Int(local.rounded(.down)))
        self.init(year: year, month: month, day: day)
    }
}
