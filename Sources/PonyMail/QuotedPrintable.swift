internal import PonySupport

/// Quoted-printable bodies as Python's `quoprimime.body_encode` writes them (lines of at most
/// 76 characters with `=` soft breaks, escapes never split, trailing whitespace escaped), and
/// RFC 2231 parameter values.
enum QuotedPrintable {
    /// `bytes` (UTF-8 text) in quoted-printable, with `\n` line endings.
    static func encode(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        let maxLength = 76
        var lines: [String] = []
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            // NB: escaped first, then cut, as Python does: each element is one output character
            // or one `=XX` escape, so a cut never splits an escape.
            let line: [UInt8] = rawLine.flatMap { isSafe($0) ? [$0] : escape($0) }
            var start = 0
            let lastStart = line.count - 1 - maxLength
            var output: [[UInt8]] = []
            while start <= lastStart {
                let stop = start + maxLength - 1
                if line[stop - 2] == UInt8(ascii: "=") {
                    output.append(Array(line[start..<(stop - 1)]))
                    start = stop - 2
                } else if line[stop - 1] == UInt8(ascii: "=") {
                    output.append(Array(line[start..<stop]))
                    start = stop - 1
                } else {
                    output.append(Array(line[start..<stop]) + [UInt8(ascii: "=")])
                    start = stop
                }
            }
            if let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                let room = start - lastStart
                let head = Array(line[start..<(line.count - 1)])
                if room >= 3 {
                    output.append(head + escape(last))
                } else if room == 2 {
                    output.append(head + [last, UInt8(ascii: "=")])
                    output.append([])
                } else {
                    output.append(head + [UInt8(ascii: "=")])
                    output.append(escape(last))
                }
            } else {
                output.append(Array(line[start...]))
            }
            lines += output.map { String(decoding: $0, as: UTF8.self) }
        }
        return lines.joined(separator: "\n")
    }

    /// Printable ASCII other than `=`, and space and tab (Python's body-safe bytes).
    private static func isSafe(_ byte: UInt8) -> Bool {
        (byte >= 32 && byte <= 126 && byte != UInt8(ascii: "=")) || byte == UInt8(ascii: "\t")
    }

    private static func escape(_ byte: UInt8) -> [UInt8] {
        Array(("=" + hexString(CollectionOfOne(byte)).uppercased()).utf8)
    }

    /// `text` percent-encoded for an RFC 2231 parameter (`filename*=utf-8''r%C3%A9sum%C3%A9.pdf`),
    /// as Python's `urllib.parse.quote(text, safe='')`.
    static func rfc2231(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + hexString(CollectionOfOne(byte)).uppercased()
            }
        }
        return output
    }
}
