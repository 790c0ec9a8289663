internal import Foundation
internal import PonyTemplates
internal import Synchronization

/// A Content Security Policy (Django 6.0's `SECURE_CSP` and `SECURE_CSP_REPORT_ONLY`): its
/// directives in the order written, each with its sources.
///
/// ```swift
/// app.settings.secureCSP = [
///     "default-src": [CSP.selfOrigin],
///     "script-src": [CSP.selfOrigin, CSP.nonce],     // <script nonce="{{ csp_nonce }}">
///     "upgrade-insecure-requests": true,
/// ]
/// ```
public struct ContentSecurityPolicy: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// A directive's value: its sources, or `true` for a directive that has none
    /// (`upgrade-insecure-requests`), or `false` to leave it out.
    public enum Value: Sendable, Equatable, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral,
        ExpressibleByStringLiteral
    {
        /// Sources, written in this order, separated by spaces.
        case sources([String])
        /// The directive alone (Django's `True`), or nothing (`False`).
        case flag(Bool)

        /// Sources.
        public init(arrayLiteral elements: String...) { self = .sources(elements) }
        /// The directive alone, or left out.
        public init(booleanLiteral value: Bool) { self = .flag(value) }
        /// One source.
        public init(stringLiteral value: String) { self = .sources([value]) }
    }

    /// The directives, in order.
    public var directives: [(name: String, value: Value)]

    /// A policy of these directives, in this order.
    public init(dictionaryLiteral elements: (String, Value)...) {
        directives = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Whether it has no directive: no header is sent.
    public var isEmpty: Bool { directives.isEmpty }

    /// The header value (Django's `build_policy`): `directive sources; …`, with ``CSP/nonce``
    /// replaced by `'nonce-…'` when a nonce was made for the response and left out otherwise; a
    /// directive left with no source is left out.
    public func header(nonce: String?) -> String {
        var parts: [String] = []
        for (name, value) in directives {
            switch value {
            case .flag(false):
                continue
            case .flag(true):
                parts.append(name)
            case .sources(let sources):
                let written = sources.compactMap { source -> String? in
                    guard source == CSP.nonce else { return source }
                    return nonce.map { "'nonce-\($0)'" }
                }
                guard !written.isEmpty else { continue }
                parts.append(name + " " + written.joined(separator: " "))
            }
        }
        return parts.joined(separator: "; ")
    }

    public static func == (lhs: ContentSecurityPolicy, rhs: ContentSecurityPolicy) -> Bool {
        lhs.directives.elementsEqual(rhs.directives) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// The keywords of a Content Security Policy's sources (Django 6.0's `CSP`), quoted as the
/// header writes them, and the place of the request's nonce.
public enum CSP {
    /// `'self'`: the page's own origin.
    public static let selfOrigin = "'self'"
    /// `'none'`: nothing.
    public static let none = "'none'"
    /// `'report-sample'`.
    public static let reportSample = "'report-sample'"
    /// `'strict-dynamic'`.
    public static let strictDynamic = "'strict-dynamic'"
    /// `'unsafe-eval'`.
    public static let unsafeEval = "'unsafe-eval'"
    /// `'unsafe-hashes'`.
    public static let unsafeHashes = "'unsafe-hashes'"
    /// `'unsafe-inline'`.
    public static let unsafeInline = "'unsafe-inline'"
    /// `'wasm-unsafe-eval'`.
    public static let wasmUnsafeEval = "'wasm-unsafe-eval'"
    /// Where the request's nonce goes (`'nonce-…'`), when a page used it (`{{ csp_nonce }}`,
    /// ``Request/cspNonce``); left out of the header otherwise (Django's `CSP.NONCE`).
    public static let nonce = "<CSP_NONCE_SENTINEL>"
}

/// A request's CSP nonce, made when first read (Django's `LazyNonce`), shared by the view, its
/// templates and the header; and which headers a route's own policy has answered already.
final class CSPNonce: Sendable {
    private let value = Mutex<String?>(nil)
    private let overridden = Mutex<Set<String>>([])

    /// Marks the header `name` as the route's to write (or to leave out), not the site's.
    func override(_ name: String) { overridden.withLock { _ = $0.insert(name) } }

    /// Whether a route's own policy answered for the header `name`.
    func isOverridden(_ name: String) -> Bool { overridden.withLock { $0.contains(name) } }

    /// The nonce, made now if it was not yet: 16 random bytes in URL-safe base64 without
    /// padding, as Python's `secrets.token_urlsafe(16)`.
    var text: String {
        value.withLock { value in
            if let value { return value }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let made = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            value = made
            return made
        }
    }

    /// The nonce if a page read it, else `nil`.
    var madeText: String? { value.withLock { $0 } }
}

enum CSPNonceKey: RequestStorageKey {
    typealias Value = CSPNonce
}

extension ContentSecurityPolicy {
    /// The header an enforced policy goes in, and the one a report-only policy goes in.
    static func headerName(reportOnly: Bool) -> String {
        reportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy"
    }
}

extension URLPattern {
    /// The pattern whose views answer with `policy` instead of the site's
    /// ``Settings/secureCSP`` (or ``Settings/secureCSPReportOnly`` with `reportOnly`), Django
    /// 6.0's `@csp_override` and `@csp_report_only_override`: an empty policy sends none, and
    /// ``CSP/nonce`` is the request's nonce, as for the site's.
    public func contentSecurityPolicy(_ policy: ContentSecurityPolicy, reportOnly: Bool = false) -> URLPattern {
        wrappingViews { request, view in
            var request = request
            let nonce = request.storage[CSPNonceKey.self] ?? CSPNonce()
            request.storage[CSPNonceKey.self] = nonce
            var response = try await view(request)
            let name = ContentSecurityPolicy.headerName(reportOnly: reportOnly)
            nonce.override(name)
            if !policy.isEmpty, response.headers[name] == nil {
                response.headers[name] = policy.header(nonce: nonce.madeText)
            }
            return response
        }
    }
}

extension Request {
    /// The nonce of this response's Content Security Policy, for an inline `<script nonce="…">`
    /// a view writes itself (Django's `request._csp_nonce`); templates read it as
    /// `{{ csp_nonce }}`. `nil` when neither the site nor the route sets a policy. Reading it puts `'nonce-…'` in
    /// the header where a policy has ``CSP/nonce``.
    public var cspNonce: String? { storage[CSPNonceKey.self]?.text }
}

/// `csp_nonce` for templates (Django's `csp` context processor): the request's nonce, made
/// only if a template prints it; false in `{% if %}` until then, as Django's `LazyNonce`.
struct LazyCSPNonce: TemplateObject {
    let nonce: CSPNonce

    var text: String { nonce.text }
    var isTruthy: Bool { nonce.madeText != nil }
    func lookup(_ key: String) -> TemplateValue? { nil }
}
