import Foundation
import Testing

@testable import PonyMail

/// Reads a MIME message back the way the fixture's Python side does (`policy.default`):
/// headers unfolded and RFC 2047-decoded, addresses as name/address pairs, leaf parts with
/// their decoded bytes. Independent of the writer: it is checked against Django's text too.
struct MIMEReader {
    struct Part: Equatable {
        var type: String
        var charset: String?
        var encoding: String?
        var filename: String?
        var content: [UInt8]?
    }

    static let addressHeaders: Set<String> = [
        "from", "sender", "reply-to", "to", "cc", "bcc", "resent-from", "resent-sender", "resent-to", "resent-cc",
        "resent-bcc",
    ]

    /// The top-level headers, in order: `[name, value]` or `[name, [[name, address]]]`.
    var headers: [(name: String, value: String)] = []
    var parts: [Part] = []

    init(_ text: String) throws {
        let (headers, body) = Self.split(text)
        self.headers = headers
        try walk(headers: headers, body: body)
    }

    private mutating func walk(headers: [(name: String, value: String)], body: String) throws {
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        let (type, parameters) = Self.parameters(contentType)
        if type.hasPrefix("multipart/") {
            parts.append(Part(type: type))
            let boundary = try #require(parameters["boundary"])
            let sections = body.components(separatedBy: "--" + boundary)
            // NB: before the first delimiter is the preamble, after the closing one the epilogue.
            for section in sections.dropFirst().dropLast() {
                var section = Substring(section)
                if section.hasPrefix("\n") { section = section.dropFirst() }
                if section.hasSuffix("\n") { section = section.dropLast() }
                let (partHeaders, partBody) = Self.split(String(section))
                try walk(headers: partHeaders, body: partBody)
            }
            return
        }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        let encoding = header("content-transfer-encoding")
        let content: [UInt8]
        switch encoding?.lowercased() {
        case "base64": content = Array(try #require(Data(base64Encoded: body, options: .ignoreUnknownCharacters)))
        case "quoted-printable": content = Self.quotedPrintableDecoded(body)
        default: content = Array(body.utf8)
        }
        var filename: String?
        if let disposition = header("content-disposition") {
            let parameters = Self.parameters(disposition).1
            filename = parameters["filename"] ?? parameters["filename*"].map(Self.rfc2231Decoded)
        }
        parts.append(
            Part(type: type, charset: parameters["charset"], encoding: encoding, filename: filename, content: content))
    }

    /// Headers (unfolded, decoded) and body of one entity.
    static func split(_ text: String) -> ([(name: String, value: String)], String) {
        let range = text.range(of: "\n\n")
        let head = range.map { String(text[..<$0.lowerBound]) } ?? text
        let body = range.map { String(text[$0.upperBound...]) } ?? ""
        var lines: [String] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += line
            } else {
                lines.append(String(line))
            }
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return (String(line[..<colon]), decodedWords(String(value)))
        }
        return (headers, body)
    }

    /// RFC 2047: encoded words decoded, and the whitespace between two of them dropped.
    static func decodedWords(_ text: String) -> String {
        var output = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let decoded = decodeWord(&rest) {
                if !lastWasEncoded { output += pendingSpace }
                pendingSpace = ""
                output += decoded
                lastWasEncoded = true
            } else if let first = rest.first, first == " " || first == "\t" {
                pendingSpace.append(first)
                rest = rest.dropFirst()
            } else {
                output += pendingSpace
                pendingSpace = ""
                output.append(rest.removeFirst())
                lastWasEncoded = false
            }
        }
        return output + pendingSpace
    }

    private static func decodeWord(_ rest: inout Substring) -> String? {
        let pieces = rest.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[3].hasPrefix("="), pieces[0].lowercased() == "utf-8" else { return nil }
        let payload = pieces[2]
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "b": bytes = Array(Data(base64Encoded: String(payload)) ?? Data())
        case "q": bytes = quotedPrintableDecoded(payload.replacingOccurrences(of: "_", with: " "))
        default: return nil
        }
        rest = pieces[3].dropFirst()
        return String(decoding: bytes, as: UTF8.self)
    }

    static func quotedPrintableDecoded(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                index += 2
            } else if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                output.append(value)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// `type/subtype` and its parameters (quotes removed).
    static func parameters(_ value: String) -> (String, [String: String]) {
        let pieces = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var value = String(piece[piece.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            parameters[piece[..<equals].lowercased()] = value
        }
        return (pieces.first?.lowercased() ?? "", parameters)
    }

    static func rfc2231Decoded(_ value: String) -> String {
        let encoded = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false).last ?? ""
        return String(encoded).removingPercentEncoding ?? String(encoded)
    }

    /// A header's decoded value, with addresses as `[name, address]` pairs.
    static func addresses(_ value: String) throws -> [[String]] {
        try EmailMessage.splitAddresses(value).map {
            let address = try MailAddress(parsing: $0)
            return [address.name, address.address]
        }
    }
}
