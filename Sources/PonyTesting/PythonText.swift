internal import PonySupport

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

extension String {
    /// Python's `str.isspace()`: not empty, and whitespace only.
    var isPythonSpace: Bool { !isEmpty && pythonStripped.isEmpty }

    /// Python's `str.strip()`.
    var pythonStripped: String { String(PonySupport.pythonStripped(self[...])) }

    /// Python's `str.rstrip()`.
    var pythonRightStripped: String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[...last])
    }
}
