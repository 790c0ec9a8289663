#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Django's `EmailValidator` (and the IP checks it needs), shared by `urlize`, forms and model
/// fields: a dot-atom or quoted local part, and a domain of letter-digit-hyphen labels ending
/// in a top-level domain, or an IP literal in brackets.
package enum EmailAddress {
    /// Whether Django's `validate_email` accepts `value` (with no allow-listed domains).
    package static func isValid(_ value: String, allowlist: Set<String> = []) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 320, let at = scalars.lastIndex(of: "@") else { return false }
        let user = scalars[..<at]
        let domain = String(String.UnicodeScalarView(scalars[(at + 1)...]))
        guard isValidUser(user) else { return false }
        return allowlist.contains(domain) || isValidDomain(Array(domain.unicodeScalars)) || isValidLiteral(domain)
    }

    private static let atomCharacters = Set("-!#$%&'*+/=?^_`{}|~".unicodeScalars)

    /// The dot-atom (`first.last+tag`) or a quoted string (`"any thing"`).
    private static func isValidUser(_ user: ArraySlice<Unicode.Scalar>) -> Bool {
        if user.count >= 2, user.first == "\"", user.last == "\"" {
            var i = user.startIndex + 1
            while i < user.endIndex - 1 {
                let value = user[i].value
                if user[i] == "\\" {
                    guard i + 1 < user.endIndex - 1 else { return false }
                    let escaped = user[i + 1].value
                    guard (1...9).contains(escaped) || escaped == 11 || escaped == 12 || (14...127).contains(escaped)
                    else { return false }
                    i += 2
                    continue
                }
                guard
                    (1...8).contains(value) || value == 11 || value == 12 || (14...31).contains(value) || value == 33
                        || (35...91).contains(value) || (93...127).contains(value)
                else { return false }
                i += 1
            }
            return true
        }
        let atoms = user.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty
                && atom.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || isDigit($0) || atomCharacters.contains($0))
                }
        }
    }

    /// `hostname(.label)*.tld`, case-insensitive, labels of at most 63 with no hyphen at either
    /// end, letters from U+00A1–U+FFFF allowed.
    private static func isValidDomain(_ domain: [Unicode.Scalar]) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last else { return false }
        for label in labels.dropLast() {
            guard (1...63).contains(label.count), label.first != "-", label.last != "-",
                label.allSatisfy({ isLetter($0) || isDigit($0) || $0 == "-" })
            else { return false }
        }
        guard tld.first != "-", tld.last != "-" else { return false }
        if (2...63).contains(tld.count), tld.allSatisfy({ isLetter($0) || $0 == "-" }) { return true }
        let lower = String(String.UnicodeScalarView(tld)).lowercased()
        guard lower.hasPrefix("xn--") else { return false }
        let rest = lower.unicodeScalars.dropFirst(4)
        return (1...59).contains(rest.count) && rest.allSatisfy { isDigit($0) || ("a"..."z").contains($0) }
    }

    /// `[a-z\u00a1-\uffff]` with IGNORECASE.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || (0xA1...0xFFFF).contains(scalar.value)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// `[1.2.3.4]` or `[IPv6:…]`-less `[::1]`, as Django checks with `validate_ipv46_address`.
    private static func isValidLiteral(_ domain: String) -> Bool {
        guard domain.hasPrefix("["), domain.hasSuffix("]"), domain.count > 2 else { return false }
        let address = String(domain.dropFirst().dropLast())
        guard address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        return IPAddress.isIPv4(address) || IPAddress.isIPv6(address)
    }
}

/// Python's `ipaddress` checks, as Django's validators use them.
package enum IPAddress {
    /// Four decimal octets, each at most 255, without leading zeros.
    package static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                // NB: digits only: `Int` would also read "+1".
                guard (1...3).contains(octet.count), octet.allSatisfy({ ("0"..."9").contains($0) }),
                    let value = Int(octet), value <= 255
                else { return false }
                return octet == "0" || !octet.hasPrefix("0")
            }
    }

    /// An IPv6 address in any of its textual forms.
    package static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return text.withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }
}
