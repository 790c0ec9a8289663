import Foundation
internal import PonySupport

/// Python's text forms, which Django's output follows: `str(1.0)` is "1.0", lists print as
/// `['a', 1]`.
enum PythonFormat {
    /// `str(float)`: shortest round-trip digits, ".0" for whole numbers, exponent past 1e16.
    static func float(_ value: Double) -> String { pythonRepr(value) }

    /// A float as `{{ value }}` prints it: Django's `number_format` writes what `str()` would
    /// put in scientific notation positionally (`1e+16` → `10000000000000000`, `1e-05` →
    /// `0.00001`), up to 200 digits.
    static func localized(_ value: Double) -> String {
        let text = pythonRepr(value)
        guard value.isFinite, let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else {
            return text
        }
        let negative = text.hasPrefix("-")
        let mantissa = text[text.index(text.startIndex, offsetBy: negative ? 1 : 0)..<e]
        let digits = mantissa.filter(\.isNumber)
        let point =
            (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count)
            + exponent
        guard abs(exponent) + digits.count <= 200 else { return text }
        let body: String
        if point <= 0 {
            body = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            body = digits + String(repeating: "0", count: point - digits.count)
        } else {
            body = digits.prefix(point) + "." + digits.dropFirst(point)
        }
        return (negative ? "-" : "") + body
    }

    /// `repr()` of lists and dictionaries (and of the values inside them).
    static func repr(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text), .safe(let text): quote(text)
        case .array(let values): "[" + values.map(repr).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            "{" + dictionary.entries.map { "\(quote($0.key)): \(repr($0.value))" }.joined(separator: ", ") + "}"
        case .decimal: "Decimal('\(value.text)')"
        default: value.text
        }
    }

    /// Python's string repr: single quotes unless the text has one and no double quote.
    static func quote(_ text: String) -> String { pythonRepr(text) }
}
