extension JSONValue {
    /// The JSON text Python's `json.dumps(value, separators=(",", ":"))` writes: no spaces,
    /// keys in order, non-ASCII as `\uXXXX`, floats as Python's `repr`. Django signs and
    /// stores exactly this text, so equal values sign to equal bytes in Pony and Django.
    public var pythonJSON: String { pythonJSON(compact: true, asciiOnly: true) }

    /// The JSON text of Python's `json.dumps`: with `compact`, `separators=(",", ":")`, else
    /// Python's default `", "` and `": "`; with `asciiOnly` (`ensure_ascii`), non-ASCII as
    /// `\uXXXX`, else as itself (Django's form `JSONField` writes `ensure_ascii=False`).
    public func pythonJSON(compact: Bool, asciiOnly: Bool) -> String {
        var output = ""
        write(to: &output, item: compact ? "," : ", ", key: compact ? ":" : ": ", asciiOnly: asciiOnly)
        return output
    }

    private func write(to output: inout String, item: String, key: String, asciiOnly: Bool) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            output +=
                value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : pythonRepr(value)
        case .string(let value): appendPythonJSONQuoted(value, to: &output, asciiOnly: asciiOnly)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += item }
                element.write(to: &output, item: item, key: key, asciiOnly: asciiOnly)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (position, member) in object.enumerated() {
                if position > 0 { output += item }
                appendPythonJSONQuoted(member.key, to: &output, asciiOnly: asciiOnly)
                output += key
                member.value.write(to: &output, item: item, key: key, asciiOnly: asciiOnly)
            }
            output += "}"
        }
    }

}

private let hexDigits = Array("0123456789abcdef")

/// A string as Python's `json.dumps` quotes it (`ensure_ascii`): `\"`, `\\`, `\n` & co., and
/// `\uXXXX` (lower-case, surrogate pairs past U+FFFF) for control and non-ASCII characters;
/// without `asciiOnly`, non-ASCII characters stay as they are.
public func pythonJSONQuoted(_ string: String, asciiOnly: Bool = true) -> String {
    var output = ""
    appendPythonJSONQuoted(string, to: &output, asciiOnly: asciiOnly)
    return output
}

/// Appends ``pythonJSONQuoted(_:asciiOnly:)``'s text for `string` to `output`.
///
/// NB: one scan of the bytes first: almost every key and value has nothing to escape and is
/// appended whole (scalar by scalar, a 422 body's text was a tenth of the request's CPU).
private func appendPythonJSONQuoted(_ string: String, to output: inout String, asciiOnly: Bool) {
    let plain = !string.utf8.contains {
        $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (asciiOnly && $0 >= 0x7F)
    }
    output += "\""
    if plain {
        output += string
        output += "\""
        return
    }
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        case " "..."~": output.unicodeScalars.append(scalar)
        case _ where !asciiOnly && scalar.value >= 0x7F: output.unicodeScalars.append(scalar)
        default:
            if scalar.value > 0xFFFF {
                let value = scalar.value - 0x10000
                writeUnit(0xD800 + (value >> 10), to: &output)
                writeUnit(0xDC00 + (value & 0x3FF), to: &output)
            } else {
                writeUnit(scalar.value, to: &output)
            }
        }
    }
    output += "\""
}

private func writeUnit(_ unit: UInt32, to output: inout String) {
    output += "\\u"
    for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((unit >> UInt32(shift)) & 0xF)]) }
}

/// Python's `repr(float)` (and `str`): the shortest digits that read back the same number (as
/// Swift's), in positional notation when the exponent is in -4..<16 and scientific otherwise;
/// `nan`, `inf`, `-inf`.
public func pythonRepr(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    // Swift's description has the same shortest digits; only the layout differs.
    let text = value.description
    let negative = text.hasPrefix("-")
    let unsigned = negative ? text.dropFirst() : Substring(text)
    let parts = unsigned.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
    var digits = String(mantissa[..<pointIndex]) + mantissa[pointIndex...].dropFirst()
    // The position of the decimal point relative to the start of `digits`.
    var point = mantissa.distance(from: mantissa.startIndex, to: pointIndex) + exponent
    let leadingZeros = digits.prefix { $0 == "0" }.count
    if leadingZeros == digits.count {
        return negative ? "-0.0" : "0.0"
    }
    digits.removeFirst(leadingZeros)
    point -= leadingZeros
    while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
    let sign = negative ? "-" : ""
    if point > 16 || point < -3 {
        let power = point - 1
        let fraction = digits.dropFirst()
        let exponentText = (power < 0 ? "-" : "+") + (abs(power) < 10 ? "0" : "") + String(abs(power))
        return sign + String(digits.prefix(1)) + (fraction.isEmpty ? "" : "." + fraction) + "e" + exponentText
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) + ".0" }
    return sign + digits.prefix(point) + "." + digits.dropFirst(point)
}
