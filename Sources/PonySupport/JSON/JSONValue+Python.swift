extension JSONValue {
    /// The JSON text Python's `json.dumps(value, separators=(",", ":"))` writes: no spaces,
    /// keys in order, non-ASCII as `\uXXXX`, floats as Python's `repr`. Django signs and
    /// stores exactly this text, so equal values sign to equal bytes in Pony and Django.
    public var pythonJSON: String { pythonJSON(compact: true, asciiOnly: true) }

    /// The JSON text of Python's `json.dumps`: with `compact`, `separators=(",", ":")`, else
    /// Python's default `", "` and `": "`; with `asciiOnly` (`ensure_ascii`), non-ASCII as
    /// `\uXXXX`, else as itself (Django's form `JSONField` writes `ensure_ascii=False`).
    public func pythonJSON(compact: Bool, asciiOnly: Bool) -> String {
        String(decoding: pythonJSONBytes(compact: compact, asciiOnly: asciiOnly), as: UTF8.self)
    }

    /// ``pythonJSON(compact:asciiOnly:)``'s text as UTF-8, for a response body or a signature.
    ///
    /// NB: written as bytes: appending to a `String` piece by piece was most of the cost of a
    /// 422's body (12% of the request's CPU time for eight issues).
    public func pythonJSONBytes(compact: Bool = true, asciiOnly: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output, separators: compact ? .compact : .standard, asciiOnly: asciiOnly)
        return output
    }

    /// The JSON text of Python's `json.dumps(value, separators=…)` with one of the three
    /// separators Python's and Django's code use (``PythonJSONSeparators``).
    public func pythonJSONBytes(separators: PythonJSONSeparators, asciiOnly: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output, separators: separators, asciiOnly: asciiOnly)
        return output
    }

    /// The JSON text of Python's `json.dumps(value, indent=indent, separators=(",", ": "))`:
    /// each member and element on a line of its own, `indent` spaces deeper than its
    /// container; empty arrays and objects stay `[]` and `{}` (Django's `dumpdata --indent`).
    public func pythonJSONBytes(indent: Int, asciiOnly: Bool = true) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, asciiOnly: asciiOnly, indent: max(0, min(indent, 64)), level: 0)
        return output
    }

    private func write(to output: inout [UInt8], asciiOnly: Bool, indent: Int, level: Int) {
        func newline(_ depth: Int) {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
        }
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                element.write(to: &output, asciiOnly: asciiOnly, indent: indent, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                appendPythonJSONQuoted(member.key, to: &output, asciiOnly: asciiOnly)
                output.append(contentsOf: ": ".utf8)
                member.value.write(to: &output, asciiOnly: asciiOnly, indent: indent, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "}"))
        default:
            write(to: &output, separators: .standard, asciiOnly: asciiOnly)
        }
    }

    private func write(to output: inout [UInt8], separators: PythonJSONSeparators, asciiOnly: Bool) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value):
            let text =
                value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : pythonRepr(value)
            output.append(contentsOf: text.utf8)
        case .string(let value): appendPythonJSONQuoted(value, to: &output, asciiOnly: asciiOnly)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { appendSeparator(UInt8(ascii: ","), to: &output, separators) }
                element.write(to: &output, separators: separators, asciiOnly: asciiOnly)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { appendSeparator(UInt8(ascii: ","), to: &output, separators) }
                appendPythonJSONQuoted(member.key, to: &output, asciiOnly: asciiOnly)
                appendSeparator(UInt8(ascii: ":"), to: &output, separators)
                member.value.write(to: &output, separators: separators, asciiOnly: asciiOnly)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

/// Python's `separators=` argument of `json.dumps`.
public enum PythonJSONSeparators: Sendable {
    /// `(",", ":")`: what Django signs and stores.
    case compact
    /// `(", ", ": ")`: Python's default (Django's `dumpdata`).
    case standard
    /// `(",", ": ")`: Python's with `indent`, and Django's JSON Lines (`dumpdata --format jsonl`).
    case colonSpaced
}

/// `,` or `:`, followed by a space where `separators` put one.
private func appendSeparator(_ separator: UInt8, to output: inout [UInt8], _ separators: PythonJSONSeparators) {
    output.append(separator)
    switch separators {
    case .compact: break
    case .standard: output.append(UInt8(ascii: " "))
    case .colonSpaced: if separator == UInt8(ascii: ":") { output.append(UInt8(ascii: " ")) }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// A string as Python's `json.dumps` quotes it (`ensure_ascii`): `\"`, `\\`, `\n` & co., and
/// `\uXXXX` (lower-case, surrogate pairs past U+FFFF) for control and non-ASCII characters;
/// without `asciiOnly`, non-ASCII characters stay as they are.
public func pythonJSONQuoted(_ string: String, asciiOnly: Bool = true) -> String {
    var output: [UInt8] = []
    appendPythonJSONQuoted(string, to: &output, asciiOnly: asciiOnly)
    return String(decoding: output, as: UTF8.self)
}

/// Appends ``pythonJSONQuoted(_:asciiOnly:)``'s text for `string` to `output`.
///
/// NB: one scan of the bytes first: almost every key and value has nothing to escape and is
/// appended whole (scalar by scalar, a 422 body's text was a tenth of the request's CPU).
private func appendPythonJSONQuoted(_ string: String, to output: inout [UInt8], asciiOnly: Bool) {
    let plain = !string.utf8.contains {
        $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (asciiOnly && $0 >= 0x7F)
    }
    output.append(UInt8(ascii: "\""))
    if plain {
        output.append(contentsOf: string.utf8)
        output.append(UInt8(ascii: "\""))
        return
    }
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": output.append(contentsOf: #"\""#.utf8)
        case "\\": output.append(contentsOf: #"\\"#.utf8)
        case "\n": output.append(contentsOf: #"\n"#.utf8)
        case "\r": output.append(contentsOf: #"\r"#.utf8)
        case "\t": output.append(contentsOf: #"\t"#.utf8)
        case "\u{08}": output.append(contentsOf: #"\b"#.utf8)
        case "\u{0C}": output.append(contentsOf: #"\f"#.utf8)
        case " "..."~": output.append(UInt8(truncatingIfNeeded: scalar.value))
        case _ where !asciiOnly && scalar.value >= 0x7F: output.append(contentsOf: scalar.utf8)
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
    output.append(UInt8(ascii: "\""))
}

private func writeUnit(_ unit: UInt32, to output: inout [UInt8]) {
    output.append(contentsOf: #"\u"#.utf8)
    for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((unit >> UInt32(shift)) & 0xF)]) }
}

/// Python's `repr(str)`, for messages worded as Django's: single quotes unless the text has
/// one and no double quote; backslashes, line breaks, tabs and other control characters
/// escaped.
public func pythonRepr(_ text: String) -> String {
    let delimiter: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var result = String(delimiter)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where Character(scalar) == delimiter: result += "\\" + String(delimiter)
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        default: result.unicodeScalars.append(scalar)
        }
    }
    result.append(delimiter)
    return result
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
