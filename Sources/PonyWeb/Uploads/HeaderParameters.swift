internal import Foundation

/// A header value with `;`-separated parameters, such as
/// `form-data; name="file"; filename="a.txt"` (Django's `parse_header_parameters`).
struct HeaderParameters {
    /// The value before the first `;`, without surrounding blanks.
    var value: String
    private var parameters: [(name: String, value: String)] = []

    /// The parameter `name` (matched without case); the first one when repeated.
    subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return parameters.first { $0.name == lowered }?.value
    }

    /// Parses `text`; quoted values may hold `;` and backslash escapes, as Django reads them.
    static func parse(_ text: String) -> HeaderParameters {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";", !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        var result = HeaderParameters(value: trimmed(pieces.removeFirst()))
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = trimmed(piece[..<equals]).lowercased()
            var value = trimmed(piece[piece.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = unescaped(value.dropFirst().dropLast())
            }
            guard !name.isEmpty else { continue }
            result.parameters.append((name, value))
        }
        return result
    }

    /// An RFC 5987 extended value (`UTF-8''%E2%82%AC%20rates.txt`) decoded, or `nil` when it is
    /// not one in UTF-8 (the plain parameter is used then).
    static func extendedValue(_ text: String) -> String? {
        let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var iterator = parts[2].utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func trimmed(_ text: some StringProtocol) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// Undoes `\\` and `\"` only, as Django does: a Windows path (`C:\dir\a.txt`) keeps its
    /// backslashes, so the file name is still what follows the last one.
    private static func unescaped(_ text: Substring) -> String {
        text.replacingOccurrences(of: "\\\\", with: "\\").replacingOccurrences(of: "\\\"", with: "\"")
    }
}
