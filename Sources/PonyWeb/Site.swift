// How a request is handled (the request path of ARCHITECTURE.md §5):
//
//   Server (Hummingbird) ─ reads the body up to maxBodySize, caps the URL length
//     → Site.respond: access log, then the default middleware, outermost first:
//         security headers → ALLOWED_HOSTS → user middleware → dispatch
//     → dispatch: URL resolver → view, or 404 / 405 / APPEND_SLASH redirect
//   Every layer's errors become error responses before they reach the layer above.
//
// NB: the two built-in layers run inline in `respond` rather than as chained closures: they
// run on every request, and each closure layer costs an async call frame.
//
// The test client calls Site.respond directly, so tests run exactly this path without sockets.
internal import Foundation
internal import Logging
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
    private let chain: Next
    private let pages: ErrorPages
    private let accessLogger: Logger?
    private let securityHeaders: SecurityHeaders
    private let hostValidation: HostValidation

    /// Builds a site; throws ``ConfigurationError`` for invalid patterns.
    ///
    /// - Parameters:
    ///   - name: the app's name for pages and logs (the file name of a single-file app).
    ///   - middleware: user middleware, outermost first; it runs inside Pony's defaults.
    public init(
        name: String,
        urlpatterns: [URLPattern],
        converters: [PathConverter] = [],
        middleware: [any Middleware] = [],
        templates: [String: String] = [:],
        templateLibrary: TemplateLibrary = .builtins,
        settings: ResolvedSettings
    ) throws(ConfigurationError) {
        self.settings = settings
        let resolver = try URLResolver(urlpatterns, converters: converters)
        self.resolver = resolver
        let base = URL(fileURLWithPath: settings.baseDirectory)
        // NB: `serve` (DEBUG off) serves static files under content-hashed names with gzip
        // copies, read once here; `run` serves the folder as it is.
        let staticFiles = StaticFiles(
            folder: base.appendingPathComponent("static").path, prefix: settings.staticURL, hashed: !settings.debug)
        let mediaFiles = StaticFiles(folder: base.appendingPathComponent("media").path, prefix: settings.mediaURL)
        let publicFiles = StaticFiles(folder: base.appendingPathComponent("public").path, prefix: "/")
        self.templates = TemplateEngine(
            loaders: [
                DictionaryLoader(templates), FileSystemLoader(directory: base.appendingPathComponent("templates").path),
                BundledTemplates.loader,
            ],
            library: templateLibrary, cachesTemplates: !settings.debug, urlReverser: resolver,
            staticURL: settings.staticURL, staticNames: settings.debug ? nil : staticFiles?.manifest?.names ?? [:],
            timeZone: settings.timeZone)
        let pages = ErrorPages(debug: settings.debug, resolver: resolver, appName: name, templates: self.templates)
        self.pages = pages
        accessLogger = settings.accessLog ? Logger(label: "pony.access") : nil
        securityHeaders = SecurityHeaders(settings: settings)
        hostValidation = HostValidation(allowedHosts: settings.allowedHosts)
        var next: Next = { request in
            try await Site.dispatch(
                request, resolver: resolver, settings: settings, pages: pages,
                files: (staticFiles, mediaFiles, publicFiles))
        }
        if !middleware.isEmpty { next = Site.guarded(pages, next) }
        for layer in middleware.reversed() {
            let inner = next
            next = Site.guarded(pages) { request in try await layer.respond(to: request, next: inner) }
        }
        chain = next
    }

    /// Answers a request; never throws (errors become error pages).
    public func respond(to request: Request) async -> Response {
        var request = request
        request.site = self
        guard let accessLogger else { return await runChain(request) }
        let start = ContinuousClock.now
        let response = await runChain(request)
        let elapsed = (ContinuousClock.now - start).components
        let micros = Int(elapsed.seconds) * 1_000_000 + Int(elapsed.attoseconds / 1_000_000_000_000)
        let fraction = micros % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        accessLogger.info(
            "\"\(request.method) \(request.target)\" \(response.status.code) \(response.body.count.map(String.init) ?? "-") \(micros / 1000).\(padded)ms"
        )
        return response
    }

    private func runChain(_ request: Request) async -> Response {
        var response: Response
        do {
            try hostValidation.check(request)
            response = try await chain(request)
        } catch {
            response = Site.failure(error, request, pages)
        }
        securityHeaders.apply(to: &response)
        return response
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
        if (error as? HTTPError)?.status.code ?? 500 >= 500 {
            Logger(label: "pony.request").error(
                "\(request.method) \(request.target) failed: \(String(reflecting: error))")
        }
        return pages.response(for: error, request: request)
    }

    private static func dispatch(
        _ request: Request, resolver: URLResolver, settings: ResolvedSettings, pages: ErrorPages,
        files: (static: StaticFiles?, media: StaticFiles?, public: StaticFiles?)
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
            request.route = ResolvedRoute(
                pattern: route.pattern.display, name: route.name, file: route.file, line: route.line)
            do {
                return try await route.view(request)
            } catch {
                // Handled here, where the request knows its route, so DEBUG pages can show it.
                return failure(error, request, pages)
            }
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(
                .methodNotAllowed, "Method \(request.method) not allowed for \(request.path); allowed: \(allow).",
                headers: ["Allow": allow])
        case .notFound:
            if let file = files.public?.response(for: request) { return file }
            if settings.appendSlash, !request.path.hasSuffix("/"), resolver.matchesAnyRoute(request.path + "/") {
                // NB: 301 for GET/HEAD as Django does; 308 for other methods so the body is
                // resent instead of lost (Django raises an error in DEBUG here instead).
                let safe = request.method == .get || request.method == .head
                var path = PercentEncoding.encodePath(request.path + "/", keepSlash: true)
                // "//evil.com/" would be a protocol-relative URL: an open redirect (Django's
                // escape_leading_slashes).
                if path.hasPrefix("//") { path = "/%2F" + path.dropFirst(2) }
                let location = path + (request.queryString.isEmpty ? "" : "?" + request.queryString)
                return Response.redirect(to: location, status: safe ? .movedPermanently : .permanentRedirect)
            }
            return pages.notFound(request)
        }
    }
}

extension Request {
    /// Builds the path of a named route, like Django's `reverse()`; see ``URLResolver/reverse(_:_:)``.
    public func reverse(_ name: String, _ arguments: [String: any Sendable] = [:]) throws(NoReverseMatch) -> String {
        guard let site else { throw NoReverseMatch("Reverse for '\(name)': the request has not been routed yet.") }
        return try site.resolver.reverse(name, arguments)
    }
}
