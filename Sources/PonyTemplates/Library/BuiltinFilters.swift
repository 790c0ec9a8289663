import Foundation

/// Django's built-in filters (django/template/defaultfilters.py), with the same `is_safe`
/// and `needs_autoescape` behaviour.
enum BuiltinFilters {
    static let all: [String: TemplateFilter] = Dictionary(
        [
            TemplateFilter("add", argument: .required, add),
            TemplateFilter("addslashes", isSafe: true) { value, _, _ in
                .string(
                    value.text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                        .replacingOccurrences(of: "'", with: "\\'"))
            },
            TemplateFilter("capfirst", isSafe: true) { value, _, _ in
                let text = value.text
                return .string(text.isEmpty ? text : text.prefix(1).uppercased() + text.dropFirst())
            },
            TemplateFilter("center", isSafe: true, argument: .required) { value, width, _ in
                .string(pad(value.text, to: integer(width) ?? 0, alignment: .center))
            },
            TemplateFilter("ljust", isSafe: true, argument: .required) { value, width, _ in
                .string(pad(value.text, to: integer(width) ?? 0, alignment: .left))
            },
            TemplateFilter("rjust", isSafe: true, argument: .required) { value, width, _ in
                .string(pad(value.text, to: integer(width) ?? 0, alignment: .right))
            },
            TemplateFilter("cut", argument: .required) { value, argument, _ in
                let removed = value.text.replacingOccurrences(of: argument?.text ?? "", with: "")
                return value.isSafe && argument?.text != ";" ? .safe(removed) : .string(removed)
            },
            TemplateFilter("default", argument: .required) { value, argument, _ in
                value.isTruthy ? value : argument ?? .null
            },
            TemplateFilter("default_if_none", argument: .required) { value, argument, _ in
                if case .null = value { return argument ?? .null }
                return value
            },
            TemplateFilter("divisibleby", argument: .required) { value, argument, _ in
                guard let a = integer(value), let b = integer(argument), b != 0 else {
                    throw TemplateRenderError("divisibleby: cannot divide \(value.text) by \(argument?.text ?? "")")
                }
                // NB: Int.min % -1 overflows in Swift; in Python it is 0.
                return .bool(a.remainderReportingOverflow(dividingBy: b).partialValue == 0)
            },
            TemplateFilter("escape", isSafe: true) { value, _, _ in .safe(Escaping.conditional(value)) },
            TemplateFilter("force_escape", isSafe: true) { value, _, _ in .safe(Escaping.html(value.text)) },
            TemplateFilter("first") { value, _, _ in value.iterationElements?.first ?? .string("") },
            TemplateFilter("last") { value, _, _ in value.iterationElements?.last ?? .string("") },
            TemplateFilter("join", isSafe: true, argument: .required, join),
            TemplateFilter("length", isSafe: true) { value, _, _ in .int(length(value) ?? 0) },
            TemplateFilter("linebreaksbr", isSafe: true) { value, _, autoescape in
                var text = normalizeNewlines(value.text)
                if autoescape && !value.isSafe { text = Escaping.html(text) }
                return .safe(text.replacingOccurrences(of: "\n", with: "<br>"))
            },
            TemplateFilter("linebreaks", isSafe: true) { value, _, autoescape in
                .safe(linebreaks(value.text, escape: autoescape && !value.isSafe))
            },
            TemplateFilter("lower", isSafe: true) { value, _, _ in .string(value.text.lowercased()) },
            TemplateFilter("upper", isSafe: false) { value, _, _ in .string(value.text.uppercased()) },
            TemplateFilter("make_list") { value, _, _ in
                if let elements = value.iterationElements { return .array(elements) }
                return .array(value.text.map { .string(String($0)) })
            },
            TemplateFilter("pluralize", argument: .optional, pluralize),
            TemplateFilter("safe", isSafe: true) { value, _, _ in .safe(value.text) },
            TemplateFilter("safeseq") { value, _, _ in .array((value.iterationElements ?? []).map { .safe($0.text) }) },
            // NB: Django 5.0's escapeseq: each item escaped unless safe, for `join` where
            // autoescaping is off.
            TemplateFilter("escapeseq", isSafe: true) { value, _, _ in
                .array((value.iterationElements ?? []).map { .safe(Escaping.conditional($0)) })
            },
            TemplateFilter("slugify", isSafe: true) { value, _, _ in .safe(slugify(value.text)) },
            TemplateFilter("title", isSafe: true) { value, _, _ in .string(title(value.text)) },
            TemplateFilter("truncatechars", isSafe: true, argument: .required) { value, argument, _ in
                guard let limit = integer(argument) else { return value }
                let text = value.text
                guard text.count > limit else { return .string(text) }
                // Django's Truncator.chars gives "" for a length below 1 (and Int.min - 1 would
                // overflow).
                return .string(limit > 0 ? String(text.prefix(limit - 1)) + "…" : "")
            },
            TemplateFilter("truncatewords", isSafe: true, argument: .required) { value, argument, _ in
                guard let limit = integer(argument) else { return value }
                let words = value.text.split(whereSeparator: { $0.isWhitespace })
                guard words.count > limit else { return .string(words.joined(separator: " ")) }
                return .string(words.prefix(max(0, limit)).joined(separator: " ") + " …")
            },
            TemplateFilter("urlencode", argument: .optional) { value, argument, _ in
                .string(quote(value.text, safe: argument?.text ?? "/"))
            },
            TemplateFilter("wordcount") { value, _, _ in
                .int(value.text.split(whereSeparator: { $0.isWhitespace }).count)
            },
            TemplateFilter("yesno", argument: .optional, yesno),
        ].map { ($0.name, $0) }, uniquingKeysWith: { $1 }
    ).merging(
        (more + dates + WebFilters.filters + HTMLFilters.filters + Urlizer.filters + [TextWrap.filter]
            + HumanizeFilters.filters + L10nTags.filters + LanguageInfoTags.filters).map {
                ($0.name, $0)
            }
    ) { $1 }

    // MARK: - Conversions Python would make

    /// `int(value)`: integers, booleans, floats and decimals (truncated) and decimal-integer
    /// text.
    static func integer(_ value: TemplateValue?) -> Int? {
        switch value {
        case .int(let n)?: n
        case .bool(let b)?: b ? 1 : 0
        case .double(let d)?: truncated(d)
        case .decimal(let d, _)?: PythonDecimal.integer(d)
        case .string(let text)?, .safe(let text)?: Int(text.trimmingWhitespace())
        default: nil
        }
    }

    /// `int(value)` as `add` takes it: also a decimal's whole part beyond `Int`'s range.
    private static func wideInteger(_ value: TemplateValue) -> Int128? {
        if case .decimal(let d, _) = value { return PythonDecimal.integerText(d).flatMap { Int128($0) } }
        return integer(value).map { Int128($0) }
    }

    /// `int(d)` for a double: truncated toward zero, or `nil` for NaN, infinities and values
    /// beyond `Int`'s range.
    ///
    /// NB: Python's `int()` gives a big integer there; Pony has none, so the filters that
    /// convert treat such a value as not an integer (`Int(d)` would trap and end the process).
    static func truncated(_ d: Double) -> Int? { Int(exactly: d.rounded(.towardZero)) }

    /// `str(int(d))` for any finite double, such as `widthratio` prints: the exact decimal
    /// digits also beyond `Int`'s range (Python's big integers); `nil` for NaN and infinities.
    static func integerText(_ d: Double) -> String? {
        guard d.isFinite else { return nil }
        if let n = truncated(d) { return String(n) }
        // NB: glibc's and Darwin's printf print a double's exact decimal expansion.
        return String(format: "%.0f", d.rounded(.towardZero))
    }

    /// `float(value)`.
    static func number(_ value: TemplateValue) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .bool(let b): b ? 1 : 0
        case .double(let d): d
        case .decimal(let d, _): PythonDecimal.double(d)
        case .string(let text), .safe(let text): Double(text.trimmingWhitespace())
        default: nil
        }
    }

    /// `len(value)`, or `nil` where Python raises `TypeError`.
    static func length(_ value: TemplateValue) -> Int? {
        switch value {
        case .string(let text), .safe(let text): text.count
        case .array(let values): values.count
        case .dictionary(let dictionary): dictionary.count
        case .object(let object): object.elements?.count
        default: nil
        }
    }

    /// Python's `round()` (half to even), as `widthratio` uses.
    static func pythonRound(_ value: Double) -> Double { value.rounded(.toNearestOrEven) }

    // MARK: - Filters with more logic

    static func add(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        let argument = argument ?? .string("")
        if let a = wideInteger(value), let b = wideInteger(argument), !isFloatText(value), !isFloatText(argument) {
            // Python's integers do not overflow: the exact sum, as text, where Int's ends.
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { return .string("") }
            return Int(exactly: sum).map { .int($0) } ?? .string(String(sum))
        }
        switch (value, argument) {
        case (.string(let a), .string(let b)), (.string(let a), .safe(let b)), (.safe(let a), .string(let b)),
            (.safe(let a), .safe(let b)):
            return .string(a + b)
        case (.array(let a), .array(let b)): return .array(a + b)
        case (.double(let a), _) where number(argument) != nil && !argument.isText:
            return .double(a + number(argument)!)
        case (_, .double(let b)) where number(value) != nil && !value.isText: return .double(number(value)! + b)
        default: return .string("")
        }
    }

    static func isFloatText(_ value: TemplateValue) -> Bool {
        switch value {
        case .string(let text), .safe(let text): Int(text.trimmingWhitespace()) == nil
        default: false
        }
    }

    static func join(_ value: TemplateValue, _ argument: TemplateValue?, _ autoescape: Bool) -> TemplateValue {
        guard let elements = value.iterationElements else { return value }
        let separator = argument ?? .string("")
        if autoescape {
            return .safe(elements.map(Escaping.conditional).joined(separator: Escaping.conditional(separator)))
        }
        // Python's str.join raises TypeError on non-strings; Django then returns the value.
        guard elements.allSatisfy(\.isText) else { return value }
        return .safe(elements.map(\.text).joined(separator: separator.text))
    }

    static func pluralize(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        var suffixes = argument?.text ?? "s"
        if !suffixes.contains(",") { suffixes = "," + suffixes }
        let bits = suffixes.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard bits.count <= 2 else { return .string("") }
        let (singular, plural) = (bits[0], bits[1])
        if let number = number(value) { return .string(number == 1 ? singular : plural) }
        if value.isText { return .string("") }
        if let count = length(value) { return .string(count == 1 ? singular : plural) }
        return .string("")
    }

    static func yesno(_ value: TemplateValue, _ argument: TemplateValue?, _: Bool) -> TemplateValue {
        let bits = (argument?.text ?? "yes,no,maybe").split(separator: ",", omittingEmptySubsequences: false).map(
            String.init)
        guard bits.count >= 2 else { return value }
        let (yes, no, maybe) = (bits[0], bits[1], bits.count > 2 ? bits[2] : bits[1])
        if case .null = value { return .string(maybe) }
        return .string(value.isTruthy ? yes : no)
    }

    enum Alignment { case left, right, center }

    /// `str.ljust` / `rjust` / `center` (Python puts the extra space of `center` on the right
    /// when the padding is odd and the width even).
    /// The widest padding `ljust`, `rjust`, `center` and `stringformat` produce.
    ///
    /// NB: Django pads to any width; a width from a variable could then make one render
    /// allocate gigabytes (found by fuzzing: `stringformat:'044521607s'`).
    static let maximumWidth = 10_000

    static func pad(_ text: String, to width: Int, alignment: Alignment) -> String {
        let width = max(0, min(width, maximumWidth))  // NB: Int.min - count would overflow.
        let padding = width - text.count
        guard padding > 0 else { return text }
        switch alignment {
        case .left: return text + String(repeating: " ", count: padding)
        case .right: return String(repeating: " ", count: padding) + text
        case .center:
            let left = padding / 2 + (padding & width & 1)
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: padding - left)
        }
    }

    static func normalizeNewlines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// `django.utils.html.linebreaks`.
    static func linebreaks(_ text: String, escape: Bool) -> String {
        let normalized = normalizeNewlines(text)
        var paragraphs: [String] = []
        var current = ""
        var newlines = 0
        for character in normalized {
            if character == "\n" {
                newlines += 1
                continue
            }
            if newlines >= 2 {
                paragraphs.append(current)
                current = ""
            } else if newlines == 1 {
                current += "\n"
            }
            newlines = 0
            current.append(character)
        }
        paragraphs.append(current)
        return paragraphs.map { paragraph in
            let body = escape ? Escaping.html(paragraph) : paragraph
            return "<p>" + body.replacingOccurrences(of: "\n", with: "<br>") + "</p>"
        }.joined(separator: "\n\n")
    }

    /// `django.utils.text.slugify` without `allow_unicode`.
    static func slugify(_ text: String) -> String {
        let ascii = text.decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII)
        var cleaned = ""
        for scalar in ascii {
            let character = Character(scalar)
            if character.isLetter || character.isNumber || character == "_" || character == "-"
                || character.isWhitespace
            {
                cleaned.append(character)
            }
        }
        cleaned = cleaned.lowercased().trimmingWhitespace()
        var slug = ""
        var inSeparator = false
        for character in cleaned {
            if character == "-" || character.isWhitespace {
                inSeparator = true
            } else {
                if inSeparator { slug += "-" }
                inSeparator = false
                slug.append(character)
            }
        }
        if inSeparator { slug += "-" }
        while slug.first == "-" || slug.first == "_" { slug.removeFirst() }
        while slug.last == "-" || slug.last == "_" { slug.removeLast() }
        return slug
    }

    /// Python's `str.title()` plus Django's fixes for apostrophes and digits.
    static func title(_ text: String) -> String {
        var result = ""
        var previousCased = false
        var previous: Character?
        for character in text {
            let isCased = character.isLetter && (character.isUppercase || character.isLowercase)
            var next = previousCased ? character.lowercased() : character.uppercased()
            // Django: "they'Re" → "they're", "1St" → "1st".
            if let previous, !previousCased, character.isLetter,
                previous == "'" && result.dropLast().last?.isLowercase == true || previous.isNumber
            {
                next = character.lowercased()
            }
            result += next
            previousCased = isCased
            previous = character
        }
        return result
    }

    /// `urllib.parse.quote(text, safe)`.
    /// Python's `quote_plus`: `quote` with spaces as `+`.
    static func quotePlus(_ text: String) -> String {
        quote(text, safe: " ").replacingOccurrences(of: " ", with: "+")
    }

    static func quote(_ text: String, safe: String) -> String {
        let safeBytes = Set(safe.utf8)
        var result = ""
        for byte in text.utf8 {
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2E || byte == 0x2D || byte == 0x7E
            if isUnreserved || safeBytes.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

extension TemplateValue {
    var isText: Bool {
        switch self {
        case .string, .safe: true
        default: false
        }
    }
}
