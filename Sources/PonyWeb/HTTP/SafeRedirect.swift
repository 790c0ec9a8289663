internal import Foundation

/// Whether `url` is safe to redirect to: a relative URL, or one on a host in `allowedHosts`
/// with `http`/`https` (only `https` with `requireHTTPS`): Django's
/// `url_has_allowed_host_and_scheme`, for `?next=` parameters after a login.
///
/// ```swift
/// let next = request.query["next"] ?? "/"
/// let target = urlHasAllowedHostAndScheme(next, allowedHosts: [request.host ?? ""]) ? next : "/"
/// return Response.redirect(to: target)
/// ```
///
/// Hosts are compared with the URL's whole authority (`host:port`, as `Host` headers carry
/// it). `//evil.example`, `///evil.example`, `https:evil.example`, `\\evil.example`, URLs that
/// start with control characters and URLs longer than 2,048 characters are refused, as in
/// Django 5.2 (checked against it in `SafeRedirectTests`).
public func urlHasAllowedHostAndScheme(_ url: String, allowedHosts: Set<String>, requireHTTPS: Bool = false) -> Bool {
    let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !url.isEmpty else { return false }
    // Chrome reads "\" as "/" in paths, but it can be part of credentials: both must pass.
    return SafeRedirect.check(url, allowedHosts, requireHTTPS)
        && SafeRedirect.check(url.replacingOccurrences(of: "\\", with: "/"), allowedHosts, requireHTTPS)
}

extension Request {
    /// `next` when it is safe to redirect to from this request (on this request's host, over
    /// HTTPS when the request came over HTTPS), else `nil`: the check Django's login views
    /// make of `?next=`.
    public func safeRedirectTarget(_ next: String) -> String? {
        guard !next.isEmpty, let host,
            urlHasAllowedHostAndScheme(next, allowedHosts: [host], requireHTTPS: isSecure)
        else { return nil }
        return next
    }
}

enum SafeRedirect {
    /// Django's `MAX_URL_LENGTH`.
    static let maximumLength = 2048

    static func check(_ url: String, _ allowedHosts: Set<String>, _ requireHTTPS: Bool) -> Bool {
        // Chrome takes any URL with three slashes as absolute.
        guard !url.hasPrefix("///"), url.unicodeScalars.count <= maximumLength, let first = url.unicodeScalars.first,
            let (scheme, netloc) = split(url)
        else { return false }
        // http:///example.com has no host, but Chrome takes example.com as one.
        if netloc.isEmpty && !scheme.isEmpty { return false }
        // Browsers skip some control characters at the start and may read the rest as
        // scheme-relative.
        switch first.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return false
        default: break
        }
        let effectiveScheme = scheme.isEmpty && !netloc.isEmpty ? "http" : scheme
        let schemes = requireHTTPS ? ["https"] : ["http", "https"]
        return (netloc.isEmpty || allowedHosts.contains(netloc))
            && (effectiveScheme.isEmpty || schemes.contains(effectiveScheme))
    }

    /// Python's `urlsplit(url)` scheme and netloc, or `nil` where it raises `ValueError`.
    static func split(_ url: String) -> (scheme: String, netloc: String)? {
        var scalars = Array(url.unicodeScalars.drop { $0.value <= 0x20 })
        scalars.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var rest = scalars[...]
        var scheme = ""
        if let colon = scalars.firstIndex(of: ":"), colon > 0, scalars[0].isASCII,
            scalars[0].properties.isAlphabetic,
            scalars[..<colon].allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0))
            })
        {
            scheme = String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
            rest = scalars[(colon + 1)...]
        }
        var netloc = ""
        if rest.starts(with: "//".unicodeScalars) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterSlashes.endIndex
            netloc = String(String.UnicodeScalarView(afterSlashes[..<end]))
            let opens = netloc.contains("["), closes = netloc.contains("]")
            guard opens == closes else { return nil }
            if opens {
                let host = netloc.split(separator: "[", maxSplits: 1).last?.split(separator: "]").first ?? ""
                guard isBracketedHost(String(host)) else { return nil }
            }
            // Python's _checknetloc: NFKC must not turn a non-ASCII netloc into one with a
            // URL delimiter.
            if !netloc.unicodeScalars.allSatisfy(\.isASCII) {
                let plain = netloc.replacingOccurrences(of: "@", with: "").replacingOccurrences(of: ":", with: "")
                    .replacingOccurrences(of: "#", with: "").replacingOccurrences(of: "?", with: "")
                let normalized = plain.precomposedStringWithCompatibilityMapping
                guard normalized == plain || !normalized.contains(where: { "/?#@:".contains($0) }) else { return nil }
            }
        }
        return (scheme, netloc)
    }

    /// Python's `_check_bracketed_host`: an IPv6 address, or an IPvFuture `v…` form.
    private static func isBracketedHost(_ host: String) -> Bool {
        if host.hasPrefix("v") || host.hasPrefix("V") {
            let pattern = /\A[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+\z/
            return host.wholeMatch(of: pattern) != nil
        }
        var address = in6_addr()
        return inet_pton(AF_INET6, host, &address) == 1
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
