/// Rejects requests whose `Host` header is missing, malformed or not in `allowedHosts` with
/// 400, as Django does (it guards against host-header poisoning of absolute URLs).
struct HostValidationMiddleware: Middleware {
    let allowedHosts: [String]
    let allowsAny: Bool

    init(allowedHosts: [String]) {
        self.allowedHosts = allowedHosts.map { $0.lowercased() }
        allowsAny = allowedHosts.contains("*")
    }

    func respond(to request: Request, next: Next) async throws -> Response {
        guard let header = request.host, let domain = HostValidationMiddleware.domain(of: header) else {
            throw HTTPError(.badRequest, "Missing or invalid Host header: \(request.host.map { "\"\($0)\"" } ?? "none").")
        }
        guard allowsAny || HostValidationMiddleware.matches(domain, allowedHosts) else {
            throw HTTPError(
                .badRequest,
                "Invalid HTTP_HOST header: '\(header)'. You may need to add '\(domain)' to ALLOWED_HOSTS"
                    + " (PONY_ALLOWED_HOSTS=+\(domain) or Pony(allowedHosts: .adding(\"\(domain)\")))."
            )
        }
        return try await next(request)
    }

    /// The lower-cased host without port, or `nil` when the header is not a valid host
    /// (Django's `split_domain_port` + `host_validation_re`).
    static func domain(of host: String) -> String? {
        let host = host.lowercased()
        guard !host.isEmpty, host.utf8.count <= 255 else { return nil }
        var name = Substring(host)
        if name.first == "[" {
            guard let close = name.firstIndex(of: "]") else { return nil }
            let after = name[name.index(after: close)...]
            guard after.isEmpty || (after.first == ":" && after.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            name = name[...close]
            guard name.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            return String(name)
        }
        if let colon = name.lastIndex(of: ":") {
            guard name[name.index(after: colon)...].allSatisfy(\.isNumber) else { return nil }
            name = name[..<colon]
        }
        if name.last == "." { name = name.dropLast() }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else { return nil }
        return String(name)
    }

    /// Django's `is_same_domain`: `.example.com` matches the domain and its subdomains.
    static func matches(_ domain: String, _ patterns: [String]) -> Bool {
        patterns.contains { pattern in
            pattern == "*" || pattern == domain
                || (pattern.first == "." && (domain.hasSuffix(pattern) || domain == pattern.dropFirst()))
        }
    }
}
