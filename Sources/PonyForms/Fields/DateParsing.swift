internal import Foundation
internal import PonyORM

/// Date and time text read as Python's `strptime` reads it, for Django's input formats.
enum DateParsing {
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// The parts `strptime` fills.
    struct Parts {
        var year = 1900
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var microsecond = 0
        /// Seconds east of UTC, when the text gave an offset.
        var offset: Int?

        var date: CalendarDate? { CalendarDate(year: year, month: month, day: day) }
        var time: TimeOfDay? { TimeOfDay(hour: hour, minute: minute, second: second, microsecond: microsecond) }

        /// The instant, reading a text without offset in `zone`.
        func instant(in zone: TimeZone) -> Date? {
            guard date != nil, time != nil else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = offset.flatMap { TimeZone(secondsFromGMT: $0) } ?? zone
            let components = DateComponents(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            return calendar.date(from: components).map { $0.addingTimeInterval(Double(microsecond) / 1_000_000) }
        }
    }

    /// The first of `formats` that reads all of `text` into valid parts (as Django tries them).
    static func parse(_ text: String, formats: [String], valid: (Parts) -> Bool) -> Parts? {
        let input = Array(text.unicodeScalars)
        for format in formats {
            if let parts = match(Array(format.unicodeScalars), 0, input, 0, Parts()), valid(parts) { return parts }
        }
        return nil
    }

    /// Python's `strptime` pattern for `format` against `input`, backtracking through each
    /// directive's alternatives in the order Python's regular expression tries them.
    private static func match(
        _ format: [Unicode.Scalar], _ f: Int, _ input: [Unicode.Scalar], _ i: Int, _ parts: Parts
    ) -> Parts? {
        guard f < format.count else { return i == input.count ? parts : nil }
        let token = format[f]
        if token.properties.isWhitespace {
            // NB: whitespace in a format matches one or more whitespace characters.
            var end = i
            while end < input.count, input[end].properties.isWhitespace { end += 1 }
            guard end > i else { return nil }
            var f = f
            while f < format.count, format[f].properties.isWhitespace { f += 1 }
            for stop in stride(from: end, to: i, by: -1) {
                if let found = match(format, f, input, stop, parts) { return found }
            }
            return nil
        }
        guard token == "%", f + 1 < format.count else {
            guard i < input.count, input[i] == token else { return nil }
            return match(format, f + 1, input, i + 1, parts)
        }
        for (length, apply) in candidates(format[f + 1], input, i) {
            var next = parts
            apply(&next)
            if let found = match(format, f + 2, input, i + length, next) { return found }
        }
        return nil
    }

    private typealias Candidate = (length: Int, apply: (inout Parts) -> Void)

    /// The ways directive `directive` can read `input` at `i`, in Python's order.
    private static func candidates(_ directive: Unicode.Scalar, _ input: [Unicode.Scalar], _ i: Int) -> [Candidate] {
        func digits(_ count: Int) -> Int? {
            guard i + count <= input.count else { return nil }
            var value = 0
            for scalar in input[i..<i + count] {
                guard ("0"..."9").contains(scalar) else { return nil }
                // NB: at most 6 digits are read, so this cannot overflow.
                value = value &* 10 &+ Int(scalar.value &- 48)
            }
            return value
        }
        /// Two digits within `two`, then one digit within `one`.
        func oneOrTwo(_ two: ClosedRange<Int>, _ one: ClosedRange<Int>, _ set: @escaping (inout Parts, Int) -> Void)
            -> [Candidate]
        {
            var result: [Candidate] = []
            if let value = digits(2), two.contains(value) { result.append((2, { set(&$0, value) })) }
            if let value = digits(1), one.contains(value) { result.append((1, { set(&$0, value) })) }
            return result
        }
        switch directive {
        case "Y": return digits(4).map { year in [(4, { $0.year = year })] } ?? []
        case "y":
            return digits(2).map { short in [(2, { $0.year = short < 69 ? 2000 + short : 1900 + short })] } ?? []
        case "m": return oneOrTwo(1...12, 1...9) { $0.month = $1 }
        case "d":
            var result = oneOrTwo(1...31, 1...9) { $0.day = $1 }
            if i + 1 < input.count, input[i] == " ", ("1"..."9").contains(input[i + 1]) {
                let value = Int(input[i + 1].value - 48)
                result.append((2, { $0.day = value }))
            }
            return result
        case "H": return oneOrTwo(0...23, 0...9) { $0.hour = $1 }
        case "M": return oneOrTwo(0...59, 0...9) { $0.minute = $1 }
        case "S": return oneOrTwo(0...61, 0...9) { $0.second = $1 }
        case "f":
            return (1...6).reversed().compactMap { count in
                digits(count).map { value in
                    (count, { $0.microsecond = value * Int(pow(10, Double(6 - count))) })
                }
            }
        case "b", "B":
            let rest = String(String.UnicodeScalarView(input[i...])).lowercased()
            var result: [Candidate] = []
            for (index, name) in monthNames.enumerated() {
                let spelled = directive == "b" ? String(name.prefix(3)) : name
                if rest.hasPrefix(spelled) { result.append((spelled.unicodeScalars.count, { $0.month = index + 1 })) }
            }
            return result
        default: return []
        }
    }

    /// Django's `parse_datetime`: `YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]]` with an optional `Z` or
    /// `±HH[:MM]` offset, or a date alone (Python's `fromisoformat`).
    static func isoDateTime(_ text: String) -> Parts? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func number(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < scalars.count, ("0"..."9").contains(scalars[index]) {
                value = value &* 10 &+ Int(scalars[index].value &- 48)
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        func take(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }
        var parts = Parts()
        guard let year = number(4, 4), take("-"), let month = number(1, 2), take("-"), let day = number(1, 2)
        else { return nil }
        (parts.year, parts.month, parts.day) = (year, month, day)
        if index == scalars.count { return parts }
        guard take("T") || take(" "), let hour = number(1, 2), take(":"), let minute = number(1, 2) else {
            return nil
        }
        (parts.hour, parts.minute) = (hour, minute)
        if take(":") {
            guard let second = number(1, 2) else { return nil }
            parts.second = second
            if take(".") || take(",") {
                let start = index
                guard let fraction = number(1, 6) else { return nil }
                parts.microsecond = fraction * Int(pow(10, Double(6 - (index - start))))
                _ = number(0, 6)
            }
        }
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        if take("Z") {
            parts.offset = 0
        } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let negative = scalars[index] == "-"
            index += 1
            guard let hours = number(2, 2) else { return nil }
            _ = take(":")
            let minutes = number(2, 2) ?? 0
            parts.offset = (negative ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        return index == scalars.count ? parts : nil
    }

    /// `strftime` for the directives Django's date widgets use.
    static func format(_ format: String, _ parts: Parts) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var output = ""
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%", let directive = scalars.next() else {
                output.unicodeScalars.append(scalar)
                continue
            }
            switch directive {
            case "Y": output += pad(parts.year, 4)
            case "y": output += pad(parts.year % 100, 2)
            case "m": output += pad(parts.month, 2)
            case "d": output += pad(parts.day, 2)
            case "H": output += pad(parts.hour, 2)
            case "M": output += pad(parts.minute, 2)
            case "S": output += pad(parts.second, 2)
            case "f": output += pad(parts.microsecond, 6)
            case "b", "B":
                let name = monthNames.indices.contains(parts.month - 1) ? monthNames[parts.month - 1] : ""
                output += directive == "b" ? name.prefix(3).capitalized : name.capitalized
            case "%": output += "%"
            default:
                output += "%"
                output.unicodeScalars.append(directive)
            }
        }
        return output
    }
}
