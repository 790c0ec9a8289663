internal import PonySupport

/// Rejects requests whose `Host` header is missing, malformed or not in `allowedHosts` with
/// 400, as Django does (it guards against host-header poisoning of absolute URLs).
struct HostValidation: Sendable {
    let allowedHosts: [String]
    let allowsAny: Bool

    init(allowedHosts: [String]) {
        self.allowedHosts = allowedHosts.map { $0.lowercased() }
        allowsAny = allowedHosts.contains("*")
    }

    func check(_ request: Request) throws(HTTPError) {
        guard let header = request.host, let domain = HostName.domain(of: header) else {
            throw HTTPError(
                .badRequest, "Missing or invalid Host header: \(request.host.map { "\"\($0)\"" } ?? "none").")
        }
        guard allowsAny || HostName.matches(domain, allowedHosts) else {
            throw HTTPError(
                .badRequest,
                "Invalid HTTP_HOST header: '\(header)'. You may need to add '\(domain)' to ALLOWED_HOSTS"
                    + " (PONY_ALLOWED_HOSTS=+\(domain) or Pony(allowedHosts: .adding(\"\(domain)\")))."
            )
        }
    }
}
