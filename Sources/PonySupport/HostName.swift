/// Host header parsing and matching as Django's `ALLOWED_HOSTS` check does it, shared by the
/// server's host validation and the development proxy's own pages.
public enum HostName {
    /// The hosts Django allows with DEBUG on and no `ALLOWED_HOSTS` (since CVE-2016-9014):
    /// `localhost` and its subdomains, `127.0.0.1` and `[::1]`.
    public static let loopback = [".localhost", "127.0.0.1", "[::1]"]

    /// The lower-cased host without port, or `nil` when the header is not a valid host
    /// (Django's `split_domain_port` + `host_validation_re`).
    ///
    /// NB: works on bytes: it runs for every request, and `Character` properties cost more
    /// than the rest of the check.
    public static func domain(of host: String) -> String? {
        var host = host
        return host.withUTF8 { bytes -> String? in
            guard !bytes.isEmpty, bytes.count <= 255 else { return nil }
            var end = bytes.count
            if bytes[0] == UInt8(ascii: "[") {
                // [IPv6]:port
                guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return nil }
                if close + 1 < end {
                    guard bytes[close + 1] == UInt8(ascii: ":"), close + 2 < end,
                        bytes[(close + 2)...].allSatisfy(isDigit)
                    else { return nil }
                }
                // `\[[a-f0-9]*:[a-f0-9.:]+\]`: hex digits up to the first colon, then at least one
                // of hex digits, dots and colons.
                let inside = bytes[1..<close]
                guard let colon = inside.firstIndex(of: UInt8(ascii: ":")), colon + 1 < close,
                    inside[..<colon].allSatisfy(isHexDigit),
                    inside[(colon + 1)...].allSatisfy({
                        isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")
                    })
                else { return nil }
                return String(decoding: bytes[0...close], as: UTF8.self).lowercased()
            }
            if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
                guard colon + 1 < end, bytes[(colon + 1)...].allSatisfy(isDigit) else { return nil }
                end = colon
            }
            if end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard end > 0 else { return nil }
            var hasUpper = false
            for byte in bytes[0..<end] {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                    UInt8(ascii: "."):
                    continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    hasUpper = true
                default:
                    return nil
                }
            }
            let domain = String(decoding: bytes[0..<end], as: UTF8.self)
            return hasUpper ? domain.lowercased() : domain
        }
    }

    /// Django's `is_same_domain` over a list of patterns: `"*"` matches anything, and
    /// `.example.com` the domain and its subdomains. Patterns must be lower-case.
    public static func matches(_ domain: String, _ patterns: [String]) -> Bool {
        patterns.contains { pattern in
            pattern == "*" || pattern == domain
                || (pattern.first == "." && (domain.hasSuffix(pattern) || domain == pattern.dropFirst()))
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
