// How a request is handled (the request path of ARCHITECTURE.md §5):
//
//   Server (Hummingbird) ─ caps the URL length; refuses too many headers (431), a Host not
//     allowed (400) and a body over its limit (413) before reading the body (Site.refusal);
//     then reads the body
//     → Site.respond: access log, the same refusals for requests that did not come through the
//       server (the test client), then the default middleware, outermost first:
//         security (HTTPS redirect, headers) → installed apps' middleware → user middleware → dispatch
//     → a response whose status is outside 100…599 becomes a 500 (HTTP cannot carry it)
//     → dispatch: URL resolver → each ViewMiddleware's beforeView (Django's process_view,
//       which sees the route's tags: CSRF) → view, or 404 / 405 / APPEND_SLASH redirect; a 404
//       (the view's or an unmatched path's) goes to the NotFoundFallback middleware first
//   Every layer's errors become error responses before they reach the layer above.
//
// NB: the two built-in layers run inline in `respond` rather than as chained closures: they
// run on every request, and each closure layer costs an async call frame.
//
// The test client calls Site.respond directly, so tests run exactly this path without sockets.
internal import Foundation
internal import Logging
public import PonySupport
public import PonyTemplates

/// A configured site ready to answer requests: settings, URL resolver and middleware chain.
///
/// Built once at start-up (where configuration mistakes are reported) and then shared,
/// immutable, by every request.
public final class Site: Sendable {
    /// The settings in force.
    public let settings: ResolvedSettings
    /// The URL resolver, for `reverse`.
    public let resolver: URLResolver
    /// The template engine: the app's in-memory templates, then `templates/` in the base
    /// directory. Rereads templates on every render in DEBUG.
    public let templates: TemplateEngine
    /// The languages offered and the catalogs of `locale/` (read once at start), which
    /// ``LocaleMiddleware`` chooses from.
    public var languages: Languages { templates.languages }
    /// The catalogs of the `djangojs` domain (`locale/de/LC_MESSAGES/djangojs.po`), which
    /// ``JavaScriptCatalog`` sends to scripts.
    public let javaScriptTranslations: Translations
    private let chain: Next
    private let pages: ErrorPages
    /// Whether each request gets a line in the access log (``LogOutput``).
    private let logsAccess: Bool
    private let security: SecurityMiddleware
    private let hostValidation: HostValidation
    /// The context processors of ``render(_:_:_:status:)``.
    let contextProcessors: [ContextProcessor]

    /// Builds a site; throws ``ConfigurationError`` for invalid patterns.
    ///
    /// - Parameters:
    ///   - name: the app's name for pages and logs (the file name of a single-file app).
    ///   - middleware: user middleware, outermost first; it runs inside Pony's defaults.
    ///   - templates: the app's own templates by name, searched first.
    ///   - appTemplates: installed apps' templates (`registration/login.html`), searched after
    ///     the app's `templates/` folder, so the app overrides them by name.
    public init(
        name: String,
        urlpatterns: [URLPattern],
        converters: [PathConverter] = [],
        middleware: [any Middleware] = [],
        templates: [String: String] = [:],
        appTemplates: [String: String] = [:],
        templateLibrary: TemplateLibrary = .builtins,
        contextProcessors: [ContextProcessor] = [],
        settings: ResolvedSettings
    ) throws(ConfigurationError) {
        self.settings = settings
        self.contextProcessors = contextProcessors
        FileStorage.default = .media(settings)
        let resolver = try URLResolver(urlpatterns, converters: converters, defaultLanguage: settings.languageCode)
        self.resolver = resolver
        let base = URL(fileURLWithPath: settings.baseDirectory)
        // NB: `serve` (DEBUG off) serves static files under content-hashed names with gzip
        // copies, read once here; `run` serves the folder as it is.
        let staticFiles = StaticFiles(
            folder: base.appendingPathComponent("static").path, prefix: settings.staticURL, hashed: !settings.debug)
        // NB: uploads are served only where the settings ask (development, or serveMedia in
        // production, where a web server or a storage service should serve them instead).
        let mediaFiles =
            settings.serveMedia
            ? StaticFiles(
                folder: base.appendingPathComponent("media").path, prefix: settings.mediaURL, isUserContent: true)
            : nil
        let publicFiles = StaticFiles(folder: base.appendingPathComponent("public").path, prefix: "/")
        let translations: Translations
        do {
            translations = try Translations.load(from: settings.localePaths)
            javaScriptTranslations = try Translations.load(from: settings.localePaths, domain: "djangojs")
        } catch {
            throw ConfigurationError(
                "A translation catalog cannot be read: \(error). Fix the .po file (msgfmt --check-format shows"
                    + " the same errors).", id: "translation.E100")
        }
        let languages = Languages(
            defaultLanguage: settings.languageCode, offered: settings.languages, translations: translations)
        self.templates = TemplateEngine(
            loaders: [
                DictionaryLoader(templates), FileSystemLoader(directory: base.appendingPathComponent("templates").path),
                DictionaryLoader(appTemplates), BundledTemplates.loader,
            ],
            library: templateLibrary, cachesTemplates: !settings.debug, urlReverser: resolver,
            staticURL: settings.staticURL, mediaURL: settings.mediaURL,
            staticNames: settings.debug ? nil : staticFiles?.manifest?.names ?? [:],
            timeZone: settings.timeZone, languages: languages, useThousandSeparator: settings.useThousandSeparator)
        let pages = ErrorPages(debug: settings.debug, resolver: resolver, appName: name, templates: self.templates)
        self.pages = pages
        // NB: PONY_LOG_LEVEL above `info` silences it, as it silences other `info` messages.
        logsAccess = settings.accessLog && Logger(label: "pony.access").logLevel <= .info
        security = SecurityMiddleware(settings: settings)
        hostValidation = HostValidation(allowedHosts: settings.allowedHosts)
        let viewMiddleware = middleware.compactMap { $0 as? any ViewMiddleware }
        let fallbacks = Array(middleware.compactMap { $0 as? any NotFoundFallback }.reversed())
        let layers = middleware.filter { !($0 is any NotFoundFallback) }
        var next: Next = { request in
            try await Site.dispatch(
                request, resolver: resolver, settings: settings, pages: pages,
                files: (staticFiles, mediaFiles, publicFiles), viewMiddleware: viewMiddleware, fallbacks: fallbacks)
        }
        if !layers.isEmpty { next = Site.guarded(pages, next) }
        for layer in layers.reversed() {
            let inner = next
            next = Site.guarded(pages) { request in try await layer.respond(to: request, next: inner) }
        }
        chain = next
    }

    /// Answers a request; never throws (errors become error pages).
    public func respond(to request: Request) async -> Response {
        var request = request
        request.site = self
        // NB: Django's USE_THOUSAND_SEPARATOR is global: views' localized form fields read it too.
        guard !templates.useThousandSeparator else {
            return await NumberFormat.$useThousandSeparator.withValue(true) { await respondAndLog(request) }
        }
        return await respondAndLog(request)
    }

    private func respondAndLog(_ request: Request) async -> Response {
        guard logsAccess else { return await runChain(request) }
        let start = ContinuousClock.now
        let response = await runChain(request)
        let elapsed = (ContinuousClock.now - start).components
        // NB: wrapping arithmetic: a duration is never near Int's range, and a log line must not trap.
        let micros =
            Int(truncatingIfNeeded: elapsed.seconds) &* 1_000_000
            &+ Int(truncatingIfNeeded: elapsed.attoseconds / 1_000_000_000_000)
        LogOutput.line { bytes in
            LogOutput.appendAccess(
                to: &bytes, method: request.method, target: request.target, status: response.status.code,
                size: response.body.count, micros: micros)
        }
        return response
    }

    private func runChain(_ request: Request) async -> Response {
        var request = request
        if security.makesNonces { request.storage[CSPNonceKey.self] = CSPNonce() }
        // NB: the server has already asked (before reading the body); the test client has not.
        if !request.isPrechecked, let refusal = refusal(for: request, bodySize: request.body.count) {
            return refusal
        }
        var response: Response
        if let redirect = security.redirect(for: request) {
            response = redirect
        } else {
            do {
                // NB: a site that translates nothing keeps the task's English, at no cost.
                response =
                    languages.isUntranslated
                    ? try await chain(request)
                    : try await languages.translation(for: settings.languageCode).activate { try await chain(request) }
            } catch {
                response = Site.failure(error, request, pages)
            }
        }
        if !(100...599).contains(response.status.code) {
            // Django refuses such a status too ("HTTP status code must be an integer from 100
            // to 599"); below Pony, swift-http-types would trap on it and end the process.
            let error = HTTPError(
                .internalServerError,
                "The view returned status \(response.status.code); an HTTP status is a number from 100 to 599.")
            response = Site.failure(error, request, pages)
        }
        if let refusal = response.disallowedRedirect {
            // NB: Django's DisallowedRedirect, a SuspiciousOperation: 400, logged as a security event.
            Logger(label: "pony.security").error("\(request.method) \(request.target): \(refusal)")
            response = Site.failure(HTTPError(.badRequest, refusal), request, pages)
        }
        security.apply(to: &response, for: request)
        return response
    }

    /// The answer to a request refused before its body is read, or `nil` to go on: more header
    /// fields than `maxHeaderCount` (431), a `Host` not allowed (400), or a body larger than
    /// ``bodyLimit(for:)`` (413).
    package func refusal(for request: Request, bodySize: Int?) -> Response? {
        var error: HTTPError?
        if request.headers.count > settings.maxHeaderCount {
            error = HTTPError(
                .requestHeaderFieldsTooLarge,
                "The request has \(request.headers.count) header fields; at most \(settings.maxHeaderCount) are accepted."
            )
        } else {
            do {
                try hostValidation.check(request)
            } catch let refused {
                error = refused
            }
        }
        if error == nil, let bodySize, bodySize > bodyLimit(for: request) {
            error = HTTPError(.contentTooLarge, "The request body is larger than \(bodyLimit(for: request)) bytes.")
        }
        guard let error else { return nil }
        var response = pages.response(for: error, request: request)
        response.headers["Connection"] = "close"
        security.apply(to: &response, for: request)
        return response
    }

    /// The largest body accepted for `request`: `maxBodySize` for `multipart/form-data`
    /// (file uploads), and also at most `dataUploadMaxMemorySize` for any other body, which
    /// is held in memory and parsed whole.
    package func bodyLimit(for request: Request) -> Int {
        request.contentType == "multipart/form-data"
            ? settings.maxBodySize : min(settings.maxBodySize, settings.dataUploadMaxMemorySize)
    }

    /// Turns errors from `body` into error responses, logging server errors.
    private static func guarded(_ pages: ErrorPages, _ body: @escaping Next) -> Next {
        { request in
            do {
                return try await body(request)
            } catch {
                return failure(error, request, pages)
            }
        }
    }

    /// The error page for `error`, logging server errors.
    private static func failure(_ error: any Error, _ request: Request, _ pages: ErrorPages) -> Response {
        if (error as? any HTTPResponseError)?.status.code ?? 500 >= 500 {
            Logger(label: "pony.request").error(
                "\(request.method) \(request.target) failed: \(String(reflecting: error))")
            ServerErrors.reporter?(request, error)
        }
        return pages.response(for: error, request: request)
    }

    private static func dispatch(
        _ request: Request, resolver: URLResolver, settings: ResolvedSettings, pages: ErrorPages,
        files: (static: StaticFiles?, media: StaticFiles?, public: StaticFiles?),
        viewMiddleware: [any ViewMiddleware], fallbacks: [any NotFoundFallback]
    ) async throws -> Response {
        var request = request
        if request.path.hasPrefix(settings.staticURL), let files = files.static {
            return files.response(for: request) ?? pages.notFound(request)
        }
        if request.path.hasPrefix(settings.mediaURL), let files = files.media {
            return files.response(for: request) ?? pages.notFound(request)
        }
        switch resolver.resolve(path: request.path, method: request.method) {
        case .matched(let route, let parameters):
            request.parameters = parameters
            let resolved = route.resolved
            request.route = resolved
            let response: Response
            do {
                for layer in viewMiddleware {
                    if let response = try await layer.beforeView(request, route: resolved) { return response }
                }
                var answer = try await route.view(request)
                try await answer.finishBody()
                response = answer
            } catch {
                // Handled here, where the request knows its route, so DEBUG pages can show it.
                response = failure(error, request, pages)
            }
            guard response.status == .notFound, !fallbacks.isEmpty else { return response }
            return await fallback(request, fallbacks, pages) ?? response
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, "Method \(request.method) not allowed for \(request.path); allowed: \(allow).",
                headers: ["Allow": allow])
        case .notFound:
            if let file = files.public?.response(for: request) { return file }
            if !fallbacks.isEmpty, let response = await fallback(request, fallbacks, pages) { return response }
            if settings.appendSlash, !request.path.hasSuffix("/"), resolver.matchesAnyRoute(request.path + "/") {
                // NB: 301 for GET/HEAD as Django does; 308 for other methods so the body is
                // resent instead of lost (Django raises an error in DEBUG here instead).
                let safe = request.method == .get || request.method == .head
                // "//evil.com/" would be a protocol-relative URL: an open redirect.
                let path = PercentEncoding.escapeLeadingSlashes(
                    PercentEncoding.encodePath(request.path + "/", keepSlash: true))
                let location = path + (request.queryString.isEmpty ? "" : "?" + request.queryString)
                return Response.redirect(to: location, status: safe ? .movedPermanently : .permanentRedirect)
            }
            return pages.notFound(request)
        }
    }

    /// The first answer of `fallbacks` to a 404 for `request`; an error becomes its error page.
    private static func fallback(
        _ request: Request, _ fallbacks: [any NotFoundFallback], _ pages: ErrorPages
    ) async -> Response? {
        do {
            for layer in fallbacks {
                guard var response = try await layer.fallback(for: request) else { continue }
                try await response.finishBody()
                return response
            }
            return nil
        } catch {
            return failure(error, request, pages)
        }
    }
}

extension Request {
    /// Builds the path of a named route, like Django's `reverse()`; see
    /// ``URLResolver/reverse(_:_:query:fragment:)``.
    public func reverse(
        _ name: String, _ arguments: [String: any Sendable] = [:], query: QueryDict? = nil, fragment: String? = nil
    ) throws(NoReverseMatch) -> String {
        guard let site else { throw NoReverseMatch("Reverse for '\(name)': the request has not been routed yet.") }
        return try site.resolver.reverse(name, arguments, query: query, fragment: fragment)
    }
}
