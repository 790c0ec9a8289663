internal import Foundation
internal import PonySupport

/// Header lines as Python's `email` package writes them for Django: plain ASCII as it is,
/// anything else as RFC 2047 encoded words (`=?utf-8?q?…?=` or `=?utf-8?b?…?=`, whichever is
/// shorter, as Python's `SHORTEST` for UTF-8), folded so lines stay within 78 characters where
/// a space allows.
///
/// The folding points are not always Python's (which prefers `;` and `,` and has quirks of
/// its own); mail readers unfold either the same way, and the tests compare decoded values.
enum MIMEHeader {
    /// The longest line Python's generator aims for.
    static let lineLength = 78

    /// `name: value` folded, without a line ending.
    static func line(_ name: String, _ value: String) -> String {
        fold(name + ": ", words: value.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    /// `name: value` where `value` is already encoded (encoded words or ASCII), folded at spaces.
    static func fold(_ start: String, words: [String]) -> String {
        var lines: [String] = []
        var current = start
        var currentHasWord = false
        for word in words {
            if !currentHasWord {
                current += word
                currentHasWord = true
            } else if current.utf8.count + 1 + word.utf8.count <= lineLength {
                current += " " + word
            } else {
                lines.append(current)
                current = " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// `text` as encoded words for a header: one word when it fits beside `prefixLength`
    /// characters of line, else several, each at most 75 characters and never splitting a
    /// character.
    static func encodedWords(_ text: String, prefixLength: Int = 0) -> [String] {
        let bytes = Array(text.utf8)
        let useBase64 = base64Length(bytes.count) < qLength(bytes)
        let overhead = "=?utf-8?q??=".utf8.count
        var words: [String] = []
        var chunk: [UInt8] = []
        var room = max(lineLength - prefixLength, 40) - overhead
        func encoded(_ chunk: [UInt8]) -> String {
            "=?utf-8?" + (useBase64 ? "b?" + Data(chunk).base64EncodedString() : "q?" + qEncode(chunk)) + "?="
        }
        for character in text {
            let next = Array(String(character).utf8)
            let length = useBase64 ? base64Length(chunk.count + next.count) : qLength(chunk) + qLength(next)
            if !chunk.isEmpty, length > room {
                words.append(encoded(chunk))
                chunk = []
                room = 75 - overhead
            }
            chunk += next
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encoded(chunk)) }
        return words
    }

    /// A header value: as it is when ASCII, else encoded words (Django's
    /// `forbid_multi_line_headers` for headers other than addresses).
    static func encodedValue(_ name: String, _ value: String) -> String {
        if value.utf8.allSatisfy({ $0 < 0x80 }) { return line(name, value) }
        return fold(name + ": ", words: encodedWords(value, prefixLength: name.utf8.count + 2))
    }

    // MARK: - Q encoding (RFC 2047 §4.2, Python's quoprimime.header_encode)

    private static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "!"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: " "):
            true
        default: false
        }
    }

    static func qLength(_ bytes: [UInt8]) -> Int { bytes.reduce(0) { $0 + (isQSafe($1) ? 1 : 3) } }

    static func qEncode(_ bytes: [UInt8]) -> String {
        var output = ""
        for byte in bytes {
            if byte == UInt8(ascii: " ") {
                output += "_"
            } else if isQSafe(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "=" + hexString(CollectionOfOne(byte)).uppercased()
            }
        }
        return output
    }

    static func base64Length(_ count: Int) -> Int { (count + 2) / 3 * 4 }
}
