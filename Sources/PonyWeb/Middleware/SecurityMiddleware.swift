internal import HTTPTypes

/// Django's `SecurityMiddleware` and `XFrameOptionsMiddleware`, run inline by ``Site``: the
/// HTTPS redirect (``Settings/secureSSLRedirect``), and the headers every response gets unless
/// it sets them itself: `X-Frame-Options`, `X-Content-Type-Options: nosniff`,
/// `Referrer-Policy`, `Cross-Origin-Opener-Policy`, and on HTTPS requests
/// `Strict-Transport-Security`.
///
/// NB: `@unchecked` for the exempt patterns, as ``RoutePattern``: a `Regex` is an immutable
/// value whose lazily compiled program is published atomically.
struct SecurityMiddleware: @unchecked Sendable {
    private let fields: [HTTPField]
    private let strictTransportSecurity: HTTPField?
    private let redirect: Bool
    private let redirectHost: String?
    private let redirectExempt: [Regex<AnyRegexOutput>]
    private let contentSecurityPolicy: ContentSecurityPolicy
    private let contentSecurityPolicyReportOnly: ContentSecurityPolicy
    /// Whether requests get a CSP nonce (``Request/cspNonce``): a policy is set.
    let makesNonces: Bool

    init(settings: ResolvedSettings) {
        var fields: [HTTPField] = []
        func add(_ name: String, _ value: String) {
            if !value.isEmpty, let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        add("X-Frame-Options", settings.frameOptions)
        add("X-Content-Type-Options", "nosniff")
        add("Referrer-Policy", settings.referrerPolicy)
        add("Cross-Origin-Opener-Policy", settings.crossOriginOpenerPolicy)
        self.fields = fields
        strictTransportSecurity = settings.strictTransportSecurity.map {
            HTTPField(name: .strictTransportSecurity, value: $0)
        }
        redirect = settings.secureSSLRedirect
        redirectHost = settings.secureSSLHost
        // NB: `resolved(for:)` has compiled them once already.
        redirectExempt = settings.secureRedirectExempt.compactMap { try? Regex($0) }
        contentSecurityPolicy = settings.secureCSP
        contentSecurityPolicyReportOnly = settings.secureCSPReportOnly
        makesNonces = settings.hasContentSecurityPolicy
    }

    /// The 301 to the request's `https://` URL when ``Settings/secureSSLRedirect`` asks for one
    /// (Django's `process_request`); `nil` to go on.
    func redirect(for request: Request) -> Response? {
        guard redirect, !request.isSecure else { return nil }
        let path = String(request.path.drop { $0 == "/" })
        guard !redirectExempt.contains(where: { (try? $0.firstMatch(in: path)) != nil }) else { return nil }
        // NB: the host has passed ALLOWED_HOSTS validation before this runs.
        guard let host = redirectHost ?? request.host else { return nil }
        return Response.redirect(to: "https://" + host + request.target, status: .movedPermanently)
    }

    func apply(to response: inout Response, for request: Request) {
        // One pass over the response's fields finds which of ours it already sets.
        var present = 0
        for field in response.headers.fields {
            if let index = fields.firstIndex(where: { $0.name == field.name }) { present |= 1 << index }
        }
        for (index, field) in fields.enumerated() where present & (1 << index) == 0 {
            response.headers.fields.append(field)
        }
        if let strictTransportSecurity, request.isSecure, response.headers.fields[.strictTransportSecurity] == nil {
            response.headers.fields.append(strictTransportSecurity)
        }
        guard makesNonces else { return }
        // NB: as Django's ContentSecurityPolicyMiddleware, a header the view set is kept, and a
        // route's own policy (`@csp_override`) replaces the site's.
        let nonce = request.storage[CSPNonceKey.self]
        for (reportOnly, policy) in [(false, contentSecurityPolicy), (true, contentSecurityPolicyReportOnly)]
        where !policy.isEmpty {
            let name = ContentSecurityPolicy.headerName(reportOnly: reportOnly)
            guard response.headers[name] == nil, nonce?.isOverridden(name) != true else { continue }
            response.headers[name] = policy.header(nonce: nonce?.madeText)
        }
    }
}
