import Foundation

/// Python's text forms, which Django's output follows: `str(1.0)` is "1.0", lists print as
/// `['a', 1]`.
enum PythonFormat {
    /// `str(float)`: shortest round-trip digits, ".0" for whole numbers, exponent past 1e16.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        var text = "\(value)"
        if text.contains("e") {
            // Swift: 1e+20 / 1e-05; Python: 1e+20 / 1e-05 (two-digit exponent at least).
            let parts = text.split(separator: "e")
            var mantissa = String(parts[0])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var exponent = String(parts[1])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if exponent.count < 2 { exponent = "0" + exponent }
            text = "\(mantissa)e\(sign)\(exponent)"
        } else if abs(value) >= 1e16 {
            text = String(format: "%.16e", value)
        }
        return text
    }

    /// `repr()` of lists and dictionaries (and of the values inside them).
    static func repr(_ value: TemplateValue) -> String {
        switch value {
        case .string(let text), .safe(let text): quote(text)
        case .array(let values): "[" + values.map(repr).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            "{" + dictionary.entries.map { "\(quote($0.key)): \(repr($0.value))" }.joined(separator: ", ") + "}"
        default: value.text
        }
    }

    /// Python's string repr: single quotes unless the text has one and no double quote.
    static func quote(_ text: String) -> String {
        let useDouble = text.contains("'") && !text.contains("\"")
        let delimiter: Character = useDouble ? "\"" : "'"
        var result = String(delimiter)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == delimiter: result += "\\" + String(delimiter)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\x%02x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(delimiter)
        return result
    }
}
