internal import Foundation
internal import PonySupport
internal import PonyTemplates
public import PonyWeb
internal import Synchronization

/// Protects every unsafe request (POST, PUT, PATCH, DELETE) from cross-site request forgery,
/// as Django's `CsrfViewMiddleware` does: the request must carry the token of the
/// `csrftoken` cookie (or the session) in the `csrfmiddlewaretoken` form field or the
/// `X-CSRFToken` header, and an `Origin` header must be the site's own or trusted; on HTTPS
/// without `Origin`, the `Referer` must be. Failures get Django's 403 with Django's reasons.
///
/// Pages get the token from ``PonyWeb/Request/csrfToken`` or `{% csrf_token %}`; routes
/// tagged ``PonyWeb/RouteTag/csrfExempt`` are not checked.
public struct CSRFMiddleware: ViewMiddleware {
    /// The settings.
    public var settings: CSRFSettings { configuration.settings }
    // NB: one reference: every request's CSRF state keeps its middleware, for checks on exempt
    // routes, and copying a dozen references there showed in `perf`.
    private let configuration: Configuration
    private var exactOrigins: Set<String> { configuration.exactOrigins }
    private var subdomainOrigins: [String: [String]] { configuration.subdomainOrigins }
    private var trustedHosts: [String] { configuration.trustedHosts }
    private var headerLabel: String { configuration.headerLabel }

    private final class Configuration: Sendable {
        let settings: CSRFSettings
        let exactOrigins: Set<String>
        let subdomainOrigins: [String: [String]]
        let trustedHosts: [String]
        let headerLabel: String

        init(settings: CSRFSettings) {
            self.settings = settings
            exactOrigins = Set(settings.trustedOrigins.filter { !$0.contains("*") })
            var subdomains: [String: [String]] = [:]
            for origin in settings.trustedOrigins where origin.contains("*") {
                guard let (scheme, netloc) = CSRFMiddleware.split(origin) else { continue }
                subdomains[scheme, default: []].append(CSRFMiddleware.trimStars(netloc))
            }
            subdomainOrigins = subdomains
            trustedHosts = settings.trustedOrigins.compactMap {
                CSRFMiddleware.split($0).map { CSRFMiddleware.trimStars($0.netloc) }
            }
            headerLabel = CSRFMiddleware.titleCased(settings.headerName)
        }
    }

    /// A middleware with `settings`.
    public init(settings: CSRFSettings = CSRFSettings()) {
        configuration = Configuration(settings: settings)
    }

    // MARK: - Before and after the chain (Django's process_request and process_response)

    public func respond(to request: Request, next: Next) async throws -> Response {
        var request = request
        let state = CSRFState(middleware: self)
        let stored =
            settings.useSessions
            ? request.session[CSRFMiddleware.sessionKey]?.stringValue : request.cookies[settings.cookieName]
        if let stored {
            if let problem = CSRFToken.formatProblem(stored) {
                state.set(secret: CSRFToken.newSecret(), needsUpdate: true, problem: problem)
            } else {
                let secret = stored.utf8.count == CSRFToken.tokenLength ? CSRFToken.unmask(stored) : stored
                state.set(secret: secret, needsUpdate: false, problem: nil)
            }
        }
        request.storage[CSRFStateKey.self] = state
        var response = try await next(request)
        if let secret = state.takeUpdate() {
            if settings.useSessions {
                if request.session[CSRFMiddleware.sessionKey]?.stringValue != secret {
                    request.session[CSRFMiddleware.sessionKey] = .string(secret)
                }
            } else {
                try response.setCookie(
                    settings.cookieName, secret, maxAge: settings.cookieAge, path: settings.cookiePath,
                    domain: settings.cookieDomain, secure: settings.cookieSecure ?? request.isSecure,
                    httpOnly: settings.cookieHTTPOnly, sameSite: settings.cookieSameSite)
                response.headers.addVary("Cookie")
            }
        }
        return response
    }

    /// Whether RFC 9110 calls `method` safe (GET, HEAD, OPTIONS, TRACE): such requests are
    /// never checked.
    static func isSafe(_ method: HTTPMethod) -> Bool {
        method == .get || method == .head || method == .options || method.rawValue == "TRACE"
    }

    /// Django's session key of the secret (`CSRF_SESSION_KEY`).
    static let sessionKey = "_csrftoken"

    // MARK: - Before the view (Django's process_view)

    public func beforeView(_ request: Request, route: ResolvedRoute) async throws -> Response? {
        if route.tags.contains(.csrfExempt) { return nil }
        try verify(request)
        return nil
    }

    /// Django's checks for an unsafe method: the origin (or, over HTTPS, the referer) and the
    /// token against the secret. Throws 403.
    func verify(_ request: Request) throws(HTTPError) {
        // NB: the method first: it is compared, the storage needs a table lookup and a cast.
        if CSRFMiddleware.isSafe(request.method) { return }
        if request.storage[SkipCSRFChecks.self] == true { return }
        if let origin = request.headers["Origin"] {
            guard originVerified(origin, request) else {
                throw CSRFMiddleware.failure("Origin checking failed - \(origin) does not match any trusted origins.")
            }
        } else if request.isSecure {
            try checkReferer(request)
        }
        try checkToken(request)
    }

    private func checkToken(_ request: Request) throws(HTTPError) {
        let state = request.storage[CSRFStateKey.self]
        if let problem = state?.problem { throw CSRFMiddleware.failure("CSRF cookie \(problem).") }
        guard let secret = state?.secret else { throw CSRFMiddleware.failure("CSRF cookie not set.") }
        var token = ""
        var source = "POST"
        if request.method == .post { token = (try? request.form)?["csrfmiddlewaretoken"] ?? "" }
        if token.isEmpty {
            guard let header = request.headers[settings.headerName] else {
                throw CSRFMiddleware.failure("CSRF token missing.")
            }
            token = header
            source = "the '\(headerLabel)' HTTP header"
        }
        if let problem = CSRFToken.formatProblem(token) {
            throw CSRFMiddleware.failure("CSRF token from \(source) \(problem).")
        }
        guard CSRFToken.matches(token, secret: secret) else {
            throw CSRFMiddleware.failure("CSRF token from \(source) incorrect.")
        }
    }

    private func originVerified(_ origin: String, _ request: Request) -> Bool {
        if let host = request.host, origin == (request.isSecure ? "https://" : "http://") + host { return true }
        if exactOrigins.contains(origin) { return true }
        guard let (scheme, netloc) = CSRFMiddleware.split(origin) else { return false }
        return (subdomainOrigins[scheme] ?? []).contains { CSRFMiddleware.isSameDomain(netloc, $0) }
    }

    private func checkReferer(_ request: Request) throws(HTTPError) {
        guard let referer = request.headers["Referer"] else {
            throw CSRFMiddleware.failure("Referer checking failed - no Referer.")
        }
        guard let (scheme, netloc) = CSRFMiddleware.split(referer), !scheme.isEmpty, !netloc.isEmpty else {
            throw CSRFMiddleware.failure("Referer checking failed - Referer is malformed.")
        }
        guard scheme == "https" else {
            throw CSRFMiddleware.failure("Referer checking failed - Referer is insecure while host is secure.")
        }
        if trustedHosts.contains(where: { CSRFMiddleware.isSameDomain(netloc, $0) }) { return }
        let good: String?
        if let domain = settings.cookieDomain {
            let port = request.host.flatMap { host in
                host.lastIndex(of: ":").map { String(host[host.index(after: $0)...]) }
            }
            good = port.map { ["443", "80"].contains($0) ? domain : "\(domain):\($0)" } ?? domain
        } else {
            good = request.host
        }
        guard let good, CSRFMiddleware.isSameDomain(netloc, good) else {
            throw CSRFMiddleware.failure(
                "Referer checking failed - \(referer) does not match any trusted origins.")
        }
    }

    /// Django's 403: "CSRF verification failed. Request aborted." with the reason.
    static func failure(_ reason: String) -> HTTPError {
        HTTPError(.forbidden, "CSRF verification failed. Request aborted. Reason given for failure: \(reason)")
    }

    // MARK: - URL pieces, as Python's urlsplit and Django's is_same_domain

    /// `(scheme, netloc)` of `scheme://netloc/…`, or `nil` without `://`.
    static func split(_ url: String) -> (scheme: String, netloc: String)? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = url[separator.upperBound...]
        let netloc = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return (scheme, String(netloc))
    }

    static func trimStars(_ text: String) -> String { String(text.drop { $0 == "*" }) }

    /// `host` is `pattern`, or a subdomain of it when the pattern starts with a dot.
    static func isSameDomain(_ host: String, _ pattern: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        let pattern = pattern.lowercased()
        let host = host.lowercased()
        return (pattern.hasPrefix(".") && (host.hasSuffix(pattern) || host == pattern.dropFirst())) || pattern == host
    }

    /// Python's `str.title()` of a header name, as Django names it in messages (`X-Csrftoken`).
    static func titleCased(_ name: String) -> String {
        var previousIsLetter = false
        return String(
            name.map { character in
                defer { previousIsLetter = character.isLetter }
                return previousIsLetter ? Character(character.lowercased()) : Character(character.uppercased())
            })
    }
}

/// The request's CSRF secret and whether the response must (re)send it.
final class CSRFState: Sendable {
    private struct Values {
        var secret: String?
        var needsUpdate = false
        var problem: String?
    }
    private let values = Mutex(Values())
    /// The middleware that made the state, for checks on routes it exempted.
    let middleware: CSRFMiddleware?

    init(middleware: CSRFMiddleware?) { self.middleware = middleware }

    var secret: String? { values.withLock { $0.secret } }
    var problem: String? { values.withLock { $0.problem } }

    func set(secret: String, needsUpdate: Bool, problem: String?) {
        values.withLock { $0 = Values(secret: secret, needsUpdate: needsUpdate, problem: problem) }
    }

    /// The secret (made if there is none yet), marked to be sent with the response.
    func secretForToken() -> String {
        values.withLock { values in
            let secret = values.secret ?? CSRFToken.newSecret()
            values.secret = secret
            values.needsUpdate = true
            return secret
        }
    }

    /// A new secret (Django's `rotate_token`).
    func rotate() {
        values.withLock {
            $0.secret = CSRFToken.newSecret()
            $0.needsUpdate = true
        }
    }

    /// The secret to send, once.
    func takeUpdate() -> String? {
        values.withLock { values in
            guard values.needsUpdate else { return nil }
            values.needsUpdate = false
            return values.secret
        }
    }
}

enum CSRFStateKey: RequestStorageKey {
    typealias Value = CSRFState
}

/// Set by the test client, which, as Django's, does not enforce CSRF checks unless asked.
package enum SkipCSRFChecks: RequestStorageKey {
    package typealias Value = Bool
}

extension Request {
    /// A CSRF token for a form or a JavaScript header (Django's `get_token`): a new masked form
    /// of the request's secret on each call. Using it makes the response send the
    /// `csrftoken` cookie.
    public var csrfToken: String {
        CSRFToken.mask(storage[CSRFStateKey.self]?.secretForToken() ?? CSRFToken.newSecret())
    }

    /// Runs Django's CSRF checks (origin, referer, token) on this request even on a route
    /// exempt from them, as django-ninja does for cookie-authenticated API calls; nothing for
    /// safe methods, or when CSRF protection is off. Throws 403.
    public func checkCSRF() throws(HTTPError) {
        try storage[CSRFStateKey.self]?.middleware?.verify(self)
    }

    /// Replaces the CSRF secret (Django's `rotate_token`), as login does: tokens of pages
    /// served before stop working.
    public func rotateCSRFToken() { storage[CSRFStateKey.self]?.rotate() }
}

/// `csrf_token` for templates, made only if a template uses it (Django's lazy `csrf`
/// context processor), once per render.
final class LazyCSRFToken: TemplateObject {
    private let request: Request
    private let token = Mutex<String?>(nil)

    init(request: Request) { self.request = request }

    var text: String {
        token.withLock { token in
            if let token { return token }
            let made = request.csrfToken
            token = made
            return made
        }
    }

    func lookup(_ key: String) -> TemplateValue? { nil }
}

extension CSRFMiddleware {
    /// The context processor that gives templates `csrf_token` (for `{% csrf_token %}`).
    public static let contextProcessor: ContextProcessor = { request in
        ["csrf_token": .object(LazyCSRFToken(request: request))]
    }
}
