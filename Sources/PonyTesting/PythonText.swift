/// Python's `repr()` of `bytes`, as Django's assertions print a response's content:
/// `b'<p>Caf\xc3\xa9</p>\n'`.
func pythonBytesRepr(_ bytes: [UInt8]) -> String {
    let singleQuote = UInt8(ascii: "'")
    let quote = bytes.contains(singleQuote) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : singleQuote
    var text = "b" + String(UnicodeScalar(quote))
    text.reserveCapacity(bytes.count + 3)
    let hex = Array("0123456789abcdef")
    for byte in bytes {
        switch byte {
        case quote, UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
        case UInt8(ascii: "\t"): text += "\\t"
        case UInt8(ascii: "\n"): text += "\\n"
        case UInt8(ascii: "\r"): text += "\\r"
        case 32..<127: text.unicodeScalars.append(UnicodeScalar(byte))
        default: text += "\\x" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
        }
    }
    return text + String(UnicodeScalar(quote))
}

/// Python's `repr()` of a string: single quotes unless it holds one and no double quote;
/// backslashes, quotes and control characters escaped.
func pythonRepr(_ text: String) -> String {
    let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var result = String(quote)
    for scalar in text.unicodeScalars {
        switch scalar {
        case quote, "\\": result += "\\" + String(scalar)
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{A0}":
            let hex = String(scalar.value, radix: 16)
            result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + String(quote)
}

extension String {
    /// Python's `str.isspace()`: not empty, and whitespace only.
    var isPythonSpace: Bool { !isEmpty && unicodeScalars.allSatisfy(\.isPythonWhitespace) }

    /// Python's `str.strip()`.
    var pythonStripped: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isPythonWhitespace }),
            let last = scalars.lastIndex(where: { !$0.isPythonWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Python's `str.rstrip()`.
    var pythonRightStripped: String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.isPythonWhitespace }) else { return "" }
        return String(scalars[...last])
    }
}

extension Unicode.Scalar {
    /// Python's `str.isspace()` for one character.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }
}
