package import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The text formats Django's validators accept: email addresses, URLs, slugs, IP addresses
/// and UUIDs, written without regular expressions. Forms and model validation share them.
package enum TextFormats {
    /// Django's `validate_email` (`EmailValidator` with its default allowlist, `localhost`).
    package static func isEmail(_ value: String) -> Bool {
        EmailAddress.isValid(value, allowlist: ["localhost"])
    }

    /// Letters, digits and Django's `ul` range (U+00A1 to U+FFFF).
    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || (0xA1...0xFFFF).contains(scalar.value)
    }

    /// Django's `hostname_re + domain_re + tld_re`: labels of letters, digits and hyphens
    /// (not at either end, at most 63 characters), then a top-level domain of letters (or
    /// `xn--…`).
    package static func isDomain(_ domain: Substring, allowTrailingDot: Bool) -> Bool {
        var domain = domain
        if allowTrailingDot, domain.hasSuffix(".") { domain = domain.dropLast() }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last else { return false }
        for label in labels.dropLast() {
            guard (1...63).contains(label.unicodeScalars.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.unicodeScalars.allSatisfy({ isHostCharacter($0) || $0 == "-" })
            else { return false }
        }
        if tld.lowercased().hasPrefix("xn--") {
            let rest = tld.dropFirst(4)
            return (1...59).contains(rest.count)
                && rest.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                }
        }
        return (2...63).contains(tld.unicodeScalars.count) && !tld.hasPrefix("-") && !tld.hasSuffix("-")
            && tld.unicodeScalars.allSatisfy { $0 == "-" || (isHostCharacter($0) && !("0"..."9").contains($0)) }
    }

    /// Django's `URLValidator`: `http`, `https`, `ftp` or `ftps`, optional user info, a
    /// domain name, `localhost` or an IP address, an optional port, and a path without
    /// whitespace; at most 2048 characters.
    package static func isURL(_ value: String) -> Bool {
        guard value.utf8.count <= 2048, !value.unicodeScalars.contains(where: { $0.properties.isWhitespace }),
            let separator = value.range(of: "://")
        else { return false }
        let scheme = value[..<separator.lowerBound].lowercased()
        guard ["http", "https", "ftp", "ftps"].contains(scheme) else { return false }
        let rest = value[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || isPort(after) else { return false }
            return ipv6(String(host.dropFirst().dropLast())) != nil
        }
        if let colon = authority.lastIndex(of: ":") {
            guard isPort(authority[colon...]) else { return false }
            host = authority[..<colon]
        }
        return host == "localhost" || ipv4(String(host)) || isDomain(host, allowTrailingDot: true)
    }

    /// `:` and 1–5 digits.
    private static func isPort(_ text: Substring) -> Bool {
        let digits = text.dropFirst()
        return text.hasPrefix(":") && (1...5).contains(digits.count) && digits.allSatisfy(\.isASCII)
            && digits.allSatisfy(\.isNumber)
    }

    /// `value` with `scheme://` in front when it has none (Django's `URLField.to_python`).
    package static func withScheme(_ value: String, _ scheme: String) -> String {
        if value.contains("://") { return value }
        if value.hasPrefix("//") { return scheme + ":" + value }
        return scheme + "://" + value
    }

    /// Django's `validate_slug`: ASCII letters, digits, `-` and `_`.
    package static func isSlug(_ value: String) -> Bool {
        !value.isEmpty
            && value.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            }
    }

    /// An IPv4 address as Python's `ipaddress` reads it (four decimal octets, no leading
    /// zeros), or an IPv6 address, written compressed; `nil` when it is neither.
    package static func ipAddress(_ value: String) -> String? {
        if value.contains(":") { return ipv6(value) }
        return ipv4(value) ? value : nil
    }

    /// Four decimal octets, as Python's `ipaddress` reads them.
    package static func ipv4(_ value: String) -> Bool { IPAddress.isIPv4(value) }

    /// An IPv6 address in its compressed form, or `nil`.
    package static func ipv6(_ value: String) -> String? {
        var address = in6_addr()
        guard !value.contains("%"), inet_pton(AF_INET6, value, &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A UUID as Python's `uuid.UUID` reads it: 32 hexadecimal digits, with hyphens anywhere,
    /// braces around, or a `urn:uuid:` prefix.
    package static func uuid(_ value: String) -> UUID? {
        var hex = value.replacingOccurrences(of: "urn:", with: "").replacingOccurrences(of: "uuid:", with: "")
        while hex.hasPrefix("{") { hex.removeFirst() }
        while hex.hasSuffix("}") { hex.removeLast() }
        hex = hex.replacingOccurrences(of: "-", with: "")
        guard hex.utf8.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
        let characters = Array(hex)
        // NB: joined, not one chain of `+`, which took 4 s to type-check (every build of the
        // framework paid it).
        let groups: [String] = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return UUID(uuidString: groups.joined(separator: "-"))
    }
}
