/// Python's `html.unescape`, which Django's `urlize` and HTML truncation use: named references
/// from the HTML5 table (with the legacy ones that need no `;`), decimal and hex references,
/// and the browsers' remapping of invalid numbers.
enum HTMLEntities {
    static let named: [String: String] = {
        var table: [String: String] = [:]
        for entry in namedTable.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = entry.split(separator: "=", maxSplits: 1)
            let scalars = parts[1].split(separator: ",").compactMap(scalar)
            table[String(parts[0])] = String(String.UnicodeScalarView(scalars))
        }
        return table
    }()

    static let remapped: [UInt32: Unicode.Scalar] = Dictionary(
        uniqueKeysWithValues: remappedTable.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { pair in
            let parts = pair.split(separator: ":")
            return (UInt32(parts[0], radix: 16)!, scalar(parts[1])!)
        })

    static let dropped: Set<UInt32> = Set(
        droppedTable.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt32($0, radix: 16)! })

    private static func scalar(_ hex: Substring) -> Unicode.Scalar? {
        UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init)
    }

    /// Decodes every reference in `text`; text without `&` is returned as is.
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "&", let (replacement, end) = reference(in: scalars, at: i) else {
                result.append(scalars[i])
                i += 1
                continue
            }
            result.append(contentsOf: replacement.unicodeScalars)
            i = end
        }
        return String(result)
    }

    /// `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` at `i`, decoded.
    private static func reference(in scalars: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var k = i + 1
        guard k < scalars.count else { return nil }
        if scalars[k] == "#" {
            k += 1
            let hex = k < scalars.count && (scalars[k] == "x" || scalars[k] == "X")
            if hex { k += 1 }
            let start = k
            while k < scalars.count, hex ? scalars[k].isHexDigit : scalars[k].isDecimalDigit { k += 1 }
            guard k > start else { return nil }
            var number: UInt32 = 0
            for digit in scalars[start..<k] {
                let value = digit.isDecimalDigit ? digit.value - 0x30 : (digit.value | 0x20) - 0x57
                number = min(number * (hex ? 16 : 10) + value, 0x110000)
            }
            if k < scalars.count, scalars[k] == ";" { k += 1 }
            return (numeric(number), k)
        }
        let start = k
        while k < scalars.count, k - start < 32 {
            switch scalars[k] {
            case "\t", "\n", "\u{0C}", " ", "<", "&", "#", ";": break
            default:
                k += 1
                continue
            }
            break
        }
        guard k > start else { return nil }
        if k < scalars.count, scalars[k] == ";" { k += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<k]))
        if let value = named[name] { return (value, k) }
        var length = name.unicodeScalars.count - 1
        while length > 1 {
            let prefix = String(name.unicodeScalars.prefix(length))
            if let value = named[prefix] {
                return (value + name.unicodeScalars.dropFirst(length).map(String.init).joined(), k)
            }
            length -= 1
        }
        return ("&" + name, k)
    }

    private static func numeric(_ number: UInt32) -> String {
        if let scalar = remapped[number] { return String(scalar) }
        if (0xD800...0xDFFF).contains(number) || number > 0x10FFFF { return "\u{FFFD}" }
        if dropped.contains(number) { return "" }
        return Unicode.Scalar(number).map { String($0) } ?? "\u{FFFD}"
    }
}
