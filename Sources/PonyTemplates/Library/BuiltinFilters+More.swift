import Foundation
import PonySupport

extension BuiltinFilters {
    /// Filters ported from Django's source one by one; see each for the Django behaviour kept.
    static let more: [TemplateFilter] = [
        TemplateFilter("get_digit", argument: .required, getDigit),
        TemplateFilter("slice", isSafe: true, argument: .required, slice),
        TemplateFilter("dictsort", argument: .required) { value, argument, _ in
            dictsort(value, argument, reversed: false)
        },
        TemplateFilter("dictsortreversed", argument: .required) { value, argument, _ in
            dictsort(value, argument, reversed: true)
        },
        TemplateFilter("filesizeformat", isSafe: true) { value, _, _ in .string(filesize(value)) },
        TemplateFilter("escapejs") { value, _, _ in .safe(escapeJS(value.text)) },
        TemplateFilter("linenumbers", isSafe: true) { value, _, autoescape in
            let lines = value.text.split(separator: "\n", omittingEmptySubsequences: false)
            let width = String(lines.count).count
            let escape = autoescape && !value.isSafe
            return .safe(
                lines.enumerated().map { index, line in
                    let number = String(index + 1)
                    let padded = String(repeating: "0", count: max(0, width - number.count)) + number
                    return "\(padded). \(escape ? Escaping.html(String(line)) : String(line))"
                }.joined(separator: "\n"))
        },
        TemplateFilter("phone2numeric") { value, _, _ in
            let keys: [Character: Character] = [
                "a": "2", "b": "2", "c": "2", "d": "3", "e": "3", "f": "3", "g": "4", "h": "4", "i": "4", "j": "5",
                "k": "5", "l": "5", "m": "6", "n": "6", "o": "6", "p": "7", "q": "7", "r": "7", "s": "7", "t": "8",
                "u": "8", "v": "8", "w": "9", "x": "9", "y": "9", "z": "9",
            ]
            return .string(String(value.text.lowercased().map { keys[$0] ?? $0 }))
        },
        TemplateFilter("iriencode", isSafe: true) { value, _, _ in
            .string(quote(value.text, safe: "/#%[]=:;$&()+,!?*@'~"))
        },
        TemplateFilter("floatformat", isSafe: true, argument: .optional, floatformat),
        TemplateFilter("stringformat", isSafe: true, argument: .required, stringformat),
        TemplateFilter("unordered_list", isSafe: true, unorderedList),
        TemplateFilter("random", isSafe: true) { value, _, _ in value.iterationElements?.randomElement() ?? .string("")
        },
    ]

    /// `get_digit`: the n-th digit from the right, 0 past the left end; the value itself when
    /// either is not an integer or n < 1.
    static func getDigit(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        guard let position = integer(argument), !isFloatText(value), position >= 1 else { return value }
        // `str(int(value))`: a double past Int's range has Python's exact digits (`int(1e300)`).
        let text: String
        if case .double(let d) = value, let exact = integerText(d) {
            text = exact
        } else if let number = integer(value) {
            text = String(number)
        } else {
            return value
        }
        let digits = Array(text)
        guard position <= digits.count, let digit = Int(String(digits[digits.count - position])) else { return .int(0) }
        return .int(digit)
    }

    /// `slice`: Python's `value[a:b:c]` on lists and text.
    static func slice(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        let parts = (argument?.text ?? "").split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 3 else { return value }
        var bounds: [Int?] = []
        for part in parts {
            if part.isEmpty {
                bounds.append(nil)
            } else if let number = Int(part) {
                bounds.append(number)
            } else {
                return value
            }
        }
        let elements: [TemplateValue]
        let isText: Bool
        switch value {
        case .array(let values): (elements, isText) = (values, false)
        case .string(let text), .safe(let text): (elements, isText) = (text.map { .string(String($0)) }, true)
        default: return value
        }
        guard let indices = PythonSlice.indices(count: elements.count, bounds: bounds) else { return value }
        let picked = indices.map { elements[$0] }
        if isText {
            let text = picked.map(\.text).joined()
            return value.isSafe ? .safe(text) : .string(text)
        }
        return .array(picked)
    }

    /// `dictsort`: a stable sort by a key (dotted lookups allowed); "" when Python cannot
    /// compare the keys.
    static func dictsort(_ value: TemplateValue, _ argument: TemplateValue?, reversed: Bool) -> TemplateValue {
        guard case .array(let items) = value else { return .string("") }
        let key = argument?.text ?? ""
        guard !key.hasPrefix("_"), !key.contains("._") else { return .string("") }
        var keyed: [(key: TemplateValue, item: TemplateValue)] = []
        for item in items {
            var current: TemplateValue? = item
            for part in key.split(separator: ".") { current = current?.lookup(String(part)) }
            guard let current else { return .string("") }
            keyed.append((current, item))
        }
        for index in keyed.indices.dropFirst() where PythonCompare.order(keyed[0].key, keyed[index].key) == nil {
            return .string("")
        }
        let sorted = keyed.enumerated().sorted { a, b in
            let order = PythonCompare.order(a.element.key, b.element.key) ?? 0
            if order == 0 { return a.offset < b.offset }
            return reversed ? order > 0 : order < 0
        }
        return .array(sorted.map(\.element.item))
    }

    /// `filesizeformat`: "13,0\u{a0}KB", "1\u{a0}byte": Django's words, translated, with the
    /// language's decimal separator, and non-breaking spaces (Django's `avoid_wrapping`).
    static func filesize(_ value: TemplateValue) -> String {
        let translation = Translation.current
        guard let bytes = integer(value), !isFloatText(value) else {
            return translation.translate("%(size)d byte", plural: "%(size)d bytes", count: 0)
                .replacingOccurrences(of: "%(size)d", with: "0").replacingOccurrences(of: " ", with: "\u{a0}")
        }
        let magnitude = bytes.magnitude  // NB: abs(Int.min) traps; its magnitude fits a UInt.
        let sign = bytes < 0 ? "-" : ""
        let units: [(Int, String)] = [
            (1 << 50, "%s PB"), (1 << 40, "%s TB"), (1 << 30, "%s GB"), (1 << 20, "%s MB"), (1 << 10, "%s KB"),
        ]
        var text: String
        if let (size, unit) = units.first(where: { magnitude >= $0.0 }) {
            let rounded = (Double(magnitude) / Double(size) * 10).rounded(.toNearestOrEven) / 10
            // Django's `formats.number_format(round(value, 1), 1)`: the language's separators.
            let number = NumberFormat.localized(
                String(format: "%.1f", rounded), grouping: NumberFormat.useThousandSeparator,
                formats: translation.formats)
            text = translation.translate(unit).replacingOccurrences(of: "%s", with: number)
        } else {
            let count = Int(clamping: magnitude)
            text = translation.translate("%(size)d byte", plural: "%(size)d bytes", count: count)
                .replacingOccurrences(of: "%(size)d", with: String(magnitude))
        }
        return (sign + text).replacingOccurrences(of: " ", with: "\u{a0}")
    }

    /// `escapejs`: characters unsafe in JavaScript strings become `\uXXXX`.
    static func escapeJS(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 32 || "\\'\"<>&=-;`".unicodeScalars.contains(scalar) || scalar.value == 0x2028
                || scalar.value == 0x2029
            {
                result += String(format: "\\u%04X", scalar.value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `floatformat`: `Decimal(str(value))` rounded half up to |arg| places; with a negative
    /// (or no) argument, whole numbers lose their decimals. Written in the current language's
    /// separators; a `g` after the places groups the thousands, a `u` leaves it unlocalized.
    static func floatformat(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) throws -> TemplateValue {
        let input: String
        switch value {
        case .int(let n): input = String(n)
        case .double(let d):
            guard d.isFinite else { return .string(PythonFormat.float(d)) }
            input = PythonFormat.float(d)
        case .decimal(let d, _):
            guard d.isFinite else { return .string(value.text) }
            input = value.text
        case .string(let text), .safe(let text): input = text.trimmingWhitespace()
        case .bool(let b): input = b ? "1" : "0"
        default: return .string("")
        }
        guard let decimal = Decimal(string: input, locale: Locale(identifier: "en_US_POSIX")),
            Double(input) != nil || Int(input) != nil
        else { return .string("") }
        var places = -1
        // NB: grouped with USE_THOUSAND_SEPARATOR unless `u` turns localization off.
        var (grouping, formats) = (NumberFormat.useThousandSeparator, DateFormat.formats)
        if var argument {
            if argument.isText {
                // NB: Django's suffixes: `g` forces grouping, `u` turns localization off.
                var text = argument.text
                if text.hasSuffix("g") || text.hasSuffix("u") {
                    let flags = text.hasSuffix("gu") || text.hasSuffix("ug") ? 2 : 1
                    grouping = text.suffix(flags).contains("g")
                    if text.suffix(flags).contains("u") { formats = .global }
                    text.removeLast(flags)
                    argument = text.isEmpty ? .int(-1) : .string(text)
                }
            }
            guard let parsed = integer(argument), !isFloatText(argument) else { return .string(input) }
            // Django raises past Decimal's range (|places| ≥ 10^18); here past the widths Pony
            // pads to at all, before abs(Int.min) could trap or the zeros fill the memory.
            guard parsed.magnitude <= UInt(maximumWidth) else {
                throw TemplateRenderError(
                    "floatformat: \(parsed) decimal places is too many (at most \(maximumWidth)).")
            }
            places = parsed
        }
        var whole = decimal
        var source = decimal
        NSDecimalRound(&whole, &source, 0, .down)
        if whole == decimal && places <= 0 {
            return .safe(
                NumberFormat.localized(
                    NSDecimalNumber(decimal: whole).stringValue, grouping: grouping, formats: formats))
        }
        var rounded = Decimal()
        var copy = decimal
        NSDecimalRound(&rounded, &copy, abs(places), .plain)
        return .safe(
            NumberFormat.localized(
                PythonDecimal.text(rounded, places: abs(places)), grouping: grouping, formats: formats))
    }

    /// `stringformat`: Python's `"%<arg>" % value` for the common conversions; "" on errors.
    static func stringformat(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        let spec = argument?.text ?? ""
        guard let conversion = spec.last else { return .string("") }
        let flags = String(spec.dropLast())
        guard flags.allSatisfy({ $0.isNumber || "-+ #.0".contains($0) }) else { return .string("") }
        // Widths and precisions past the cap are refused rather than allocated (see maximumWidth).
        let numbers = flags.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.allSatisfy({ $0 <= maximumWidth }), flags.count < 32 else { return .string("") }
        switch conversion {
        case "s": return .string(pythonPad(value.text, flags))
        case "r": return .string(pythonPad(PythonFormat.repr(value), flags))
        case "d", "i":
            guard let number = integer(value), !value.isText else { return .string("") }
            return .string(String(format: "%\(flags)ld", number))
        case "x", "X", "o":
            guard let number = integer(value), !value.isText, case .int = value else { return .string("") }
            return .string(String(format: "%\(flags)l\(conversion)", number))
        case "f", "F", "e", "E", "g", "G":
            guard let number = number(value), !value.isText else { return .string("") }
            return .string(String(format: "%\(flags)\(conversion)", number))
        default:
            return .string("")
        }
    }

    private static func pythonPad(_ text: String, _ flags: String) -> String {
        let left = flags.hasPrefix("-")
        let digits = flags.drop { $0 == "-" }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var text = text
        if parts.count == 2, let precision = Int(parts[1]) { text = String(text.prefix(precision)) }
        let width = Int(parts.first ?? "") ?? 0
        return pad(text, to: width, alignment: left ? .left : .right)
    }

    /// `unordered_list`: nested lists as `<li>` items, tab-indented as Django writes them.
    static func unorderedList(_ value: TemplateValue, _: TemplateValue?, _ autoescape: Bool) -> TemplateValue {
        func escaper(_ item: TemplateValue) -> String { autoescape ? Escaping.conditional(item) : item.text }
        func walk(_ items: [TemplateValue]) -> [(TemplateValue, [TemplateValue]?)] {
            var pairs: [(TemplateValue, [TemplateValue]?)] = []
            var index = 0
            while index < items.count {
                let item = items[index]
                if index + 1 < items.count, case .array(let children) = items[index + 1] {
                    pairs.append((item, children))
                    index += 2
                } else {
                    pairs.append((item, nil))
                    index += 1
                }
            }
            return pairs
        }
        func format(_ items: [TemplateValue], tabs: Int) -> String {
            let indent = String(repeating: "\t", count: tabs)
            return walk(items).map { item, children in
                var sublist = ""
                if let children, !children.isEmpty {
                    sublist = "\n\(indent)<ul>\n\(format(children, tabs: tabs + 1))\n\(indent)</ul>\n\(indent)"
                }
                return "\(indent)<li>\(escaper(item))\(sublist)</li>"
            }.joined(separator: "\n")
        }
        guard case .array(let items) = value else { return .safe(escaper(value)) }
        return .safe(format(items, tabs: 1))
    }
}

/// Python's slice semantics.
enum PythonSlice {
    static func indices(count: Int, bounds: [Int?]) -> [Int]? {
        // slice(stop): a single number is the end, as in value[:stop].
        let bounds = bounds.count == 1 ? [nil, bounds[0]] : bounds
        let step = bounds.count == 3 ? (bounds[2] ?? 1) : 1
        guard step != 0 else { return nil }
        func clamp(_ value: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard var value else { return fallback }
            if value < 0 { value += count }
            return min(max(value, low), high)
        }
        var result: [Int] = []
        if step > 0 {
            var index = clamp(bounds[0], 0, low: 0, high: count)
            let stop = clamp(bounds[1], count, low: 0, high: count)
            while index < stop {
                result.append(index)
                // NB: a step near Int.max would overflow past `stop`; Python's slice just ends.
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { break }
                index = next
            }
        } else {
            var index = clamp(bounds[0], count - 1, low: -1, high: count - 1)
            let stop = clamp(bounds.count > 1 ? bounds[1] : nil, -1, low: -1, high: count - 1)
            while index > stop {
                result.append(index)
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { break }
                index = next
            }
        }
        return result
    }
}
