public import PonyTemplates

/// The rest of the middleware chain (and finally the view), as seen by a middleware.
public typealias Next = @Sendable (Request) async throws -> Response

/// Code that runs around every view, like Django's middleware.
///
/// A middleware gets the request and the rest of the chain; it can answer on its own, change
/// the request before passing it on, or change the response on its way out.
///
/// ```swift
/// struct Timing: Middleware {
///     func respond(to request: Request, next: Next) async throws -> Response {
///         let start = ContinuousClock.now
///         var response = try await next(request)
///         response.headers["Server-Timing"] = "app;dur=\((ContinuousClock.now - start).milliseconds)"
///         return response
///     }
/// }
/// app.middleware(Timing())
/// ```
///
/// Errors thrown by a middleware or the view become error responses before they reach the
/// middleware above (as Django's `convert_exception_to_response` does), so every middleware
/// sees a response.
public protocol Middleware: Sendable {
    /// Handles a request, usually by calling `next` and returning (or changing) its response.
    func respond(to request: Request, next: Next) async throws -> Response
}

/// A middleware made from a closure: `app.middleware { request, next in try await next(request) }`.
public struct ClosureMiddleware: Middleware {
    let body: @Sendable (Request, Next) async throws -> Response

    /// Creates a middleware from a closure.
    public init(_ body: @escaping @Sendable (Request, Next) async throws -> Response) { self.body = body }

    /// Runs the closure.
    public func respond(to request: Request, next: Next) async throws -> Response {
        try await body(request, next)
    }
}

/// A middleware that also runs after URL resolution, just before the view (Django's
/// `process_view`), where it can read the matched route's ``RouteTag``s.
///
/// CSRF protection is one: it must know whether the view is exempt before it refuses a POST.
public protocol ViewMiddleware: Middleware {
    /// A response that replaces the view's (a 403, say), or `nil` to call the view. `request`
    /// is the one this middleware passed on, as changed by the middleware inside it.
    func beforeView(_ request: Request, route: ResolvedRoute) async throws -> Response?
}

/// A middleware that answers requests the site would answer 404 (Django's
/// `RedirectFallbackMiddleware` and `FlatpageFallbackMiddleware`).
///
/// The site runs these innermost, wherever they were added, as Django asks they be listed
/// last in `MIDDLEWARE`: inside every other middleware (so CSRF protection, sessions and
/// `request.user` are in force), when the view answered 404 or no route matched, and before
/// the `APPEND_SLASH` redirect. The last added is asked first, as Django's `process_response`
/// runs the last listed first.
public protocol NotFoundFallback: Middleware {
    /// The response instead of the 404, or `nil` to keep the 404. An error thrown becomes
    /// the site's error page for it.
    func fallback(for request: Request) async throws -> Response?
}

extension NotFoundFallback {
    /// Calls the rest of the chain and asks ``fallback(for:)`` when it answers 404; the site
    /// itself does not call this, but asks the fallback where it handles a 404.
    public func respond(to request: Request, next: Next) async throws -> Response {
        let response = try await next(request)
        guard response.status == .notFound else { return response }
        return try await fallback(for: request) ?? response
    }
}

/// Adds values to the context of every template ``render(_:_:_:status:)`` renders (Django's
/// context processors): `csrf_token`, `messages`, `user`. Values the view gives win.
public typealias ContextProcessor = @Sendable (Request) -> [String: TemplateValue]
