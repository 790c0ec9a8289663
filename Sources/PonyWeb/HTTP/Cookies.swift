internal import Foundation
internal import PonySupport

/// How a cookie is sent with cross-site requests.
@frozen
public enum SameSite: String, Sendable {
    /// Sent with top-level navigations from other sites (Django's default).
    case lax = "Lax"
    /// Never sent with cross-site requests.
    case strict = "Strict"
    /// Always sent; requires `secure`.
    case none = "None"
}

enum Cookies {
    /// Parses `Cookie` headers as browsers send them (`a=1; b=2`), as Django's `parse_cookie` does.
    static func parse(_ headers: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers {
            for chunk in header.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
                let equals = chunk.firstIndex(of: UInt8(ascii: "="))
                let name = equals.map { trimmed(chunk[..<$0]) } ?? ""
                let value = unquote(trimmed(equals.map { chunk[chunk.index(after: $0)...] } ?? chunk))
                guard !(name.isEmpty && value.isEmpty) else { continue }
                cookies[name] = value
            }
        }
        return cookies
    }

    /// The text without the ASCII whitespace around it (Python's `str.strip()` for cookies).
    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Formats a `Set-Cookie` header value.
    static func header(
        name: String, value: String, maxAge: Int?, expires: Date?, path: String, domain: String?,
        secure: Bool, httpOnly: Bool, sameSite: SameSite?
    ) -> String {
        var parts = ["\(name)=\(quoteIfNeeded(value))"]
        if let domain { parts.append("Domain=\(domain)") }
        if let expires { parts.append("expires=\(HTTPDate.format(expires))") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        parts.append("Path=\(path)")
        if secure { parts.append("Secure") }
        if httpOnly { parts.append("HttpOnly") }
        if let sameSite { parts.append("SameSite=\(sameSite.rawValue)") }
        return parts.joined(separator: "; ")
    }

    /// Refuses what would let a cookie's parts add attributes or break the header.
    static func validate(name: String, path: String, domain: String?) throws(HTTPError) {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
            throw HTTPError(
                .internalServerError,
                "Illegal cookie name \"\(name)\": a name is a token (letters, digits and !#$%&'*+-.^_`|~).")
        }
        for (part, value) in [("path", path), ("domain", domain ?? "")]
        where value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ";") }) {
            throw HTTPError(
                .internalServerError, "Illegal cookie \(part) \"\(value)\": it holds \";\" or a control character.")
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    // Python's http.cookies rules, which Django uses: values with characters outside
    // `legal` are quoted, and inside quotes other characters below 256 become `\ooo`.
    private static let legal = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:".unicodeScalars)
    private static let unescaped = legal.union(" ()/<=>?@[]{}".unicodeScalars)

    static func quoteIfNeeded(_ value: String) -> String {
        guard !value.unicodeScalars.allSatisfy(legal.contains) else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where unescaped.contains(scalar) || scalar.value >= 256: quoted.unicodeScalars.append(scalar)
            default: quoted += "\\" + String(scalar.value, radix: 8).leftPad(3)
            }
        }
        return quoted + "\""
    }

    /// Python's `http.cookies._unquote`: strips quotes and decodes `\ooo` and `\x` escapes.
    static func unquote(_ value: String) -> String {
        guard value.count >= 2, value.first == "\"", value.last == "\"" else { return value }
        let inner = Array(value.unicodeScalars.dropFirst().dropLast())
        var result = String.UnicodeScalarView()
        var index = 0
        while index < inner.count {
            if inner[index] == "\\", index + 1 < inner.count {
                let digits = inner[(index + 1)..<min(index + 4, inner.count)]
                if digits.count == 3, digits.allSatisfy({ ("0"..."7").contains($0) }),
                    let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 8),
                    let scalar = Unicode.Scalar(code)
                {
                    result.append(scalar)
                    index += 4
                } else {
                    result.append(inner[index + 1])
                    index += 2
                }
            } else {
                result.append(inner[index])
                index += 1
            }
        }
        return String(result)
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
