public import PonyWeb

/// Something routes can be added to: the app itself, or a group inside it.
///
/// Each method is the one-line equivalent of a ``URLPattern`` entry in a structured project:
/// `app.get("p", name: "n") { … }` is `.path("p", methods: [.get], name: "n") { … }`.
public protocol RouteBuilder {
    /// Adds a URL pattern (a route or an include).
    func add(_ pattern: URLPattern)
}

extension RouteBuilder {
    /// Routes added through the result are exempt from CSRF checks (Django's `@csrf_exempt`),
    /// for webhooks and JSON APIs that cookies do not authenticate:
    ///
    /// ```swift
    /// app.csrfExempt.post("/webhooks/payment") { request in … }
    /// ```
    public var csrfExempt: some RouteBuilder { TaggedRoutes(base: self, tags: [.csrfExempt]) }

    /// Routes added through the result need a logged-in user (Django's `@login_required`);
    /// anonymous visitors are sent to the login page with `?next=`.
    public var loginRequired: some RouteBuilder { TaggedRoutes(base: self, tags: [.loginRequired]) }

    /// Routes added through the result stay open under ``LoginRequiredMiddleware`` (Django's
    /// `@login_not_required`).
    public var loginNotRequired: some RouteBuilder { TaggedRoutes(base: self, tags: [.loginNotRequired]) }

    /// Routes added through the result need `permission` (`"app_label.codename"`, Django's
    /// `@permission_required`).
    public func permissionRequired(_ permission: String) -> some RouteBuilder {
        TaggedRoutes(base: self, tags: [.permissionRequired(permission)])
    }

    /// Routes added through the result send responses no cache may keep (Django's
    /// `@never_cache`; see ``PonyWeb/Response/neverCache()``).
    public var neverCache: some RouteBuilder { MappedRoutes(base: self) { $0.neverCache() } }

    /// Routes added through the result add `directives` to their responses' `Cache-Control`
    /// (Django's `@cache_control`):
    ///
    /// ```swift
    /// app.cacheControl(.public, .maxAge(3600)).get("prices/") { _ in … }
    /// ```
    public func cacheControl(_ directives: CacheDirective...) -> some RouteBuilder {
        MappedRoutes(base: self) { $0.cacheControl(directives) }
    }

    /// Routes added through the result answer with `policy` instead of the site's
    /// `secureCSP` (or `secureCSPReportOnly`, with `reportOnly`), Django 6.0's `@csp_override`
    /// and `@csp_report_only_override`; an empty policy sends none:
    ///
    /// ```swift
    /// app.contentSecurityPolicy(["script-src": [CSP.selfOrigin, "https://maps.example.com"]]).get("map/") { … }
    /// ```
    public func contentSecurityPolicy(_ policy: ContentSecurityPolicy, reportOnly: Bool = false) -> some RouteBuilder {
        MappedRoutes(base: self) { $0.contentSecurityPolicy(policy, reportOnly: reportOnly) }
    }

    /// Routes added through the result carry `tags` (see ``RouteTag``).
    public func tagged(_ tags: RouteTag...) -> some RouteBuilder { TaggedRoutes(base: self, tags: Set(tags)) }

    /// Routes `pattern` to `view` for the given methods (all when `nil`).
    ///
    /// ```swift
    /// app.route("/") { request in "<p>Hello</p>" }
    /// app.route("posts/<int:pk>/", methods: [.get, .post], name: "post") { request in … }
    /// ```
    public func route<Result: ResponseConvertible>(
        _ pattern: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: methods, name: name, file: file, line: line, view))
    }

    /// Routes a regular expression with named groups, like Django's `re_path()`.
    public func rePath<Result: ResponseConvertible>(
        _ regex: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.rePath(regex, methods: methods, name: name, file: file, line: line, view))
    }

    /// Routes `GET` (and `HEAD`) requests for `pattern`.
    public func get<Result: ResponseConvertible>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.get], name: name, file: file, line: line, view))
    }

    /// Routes `POST` requests for `pattern`.
    public func post<Result: ResponseConvertible>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.post], name: name, file: file, line: line, view))
    }

    /// Routes `PUT` requests for `pattern`.
    public func put<Result: ResponseConvertible>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.put], name: name, file: file, line: line, view))
    }

    /// Routes `PATCH` requests for `pattern`.
    public func patch<Result: ResponseConvertible>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.patch], name: name, file: file, line: line, view))
    }

    /// Routes `DELETE` requests for `pattern`.
    public func delete<Result: ResponseConvertible>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.delete], name: name, file: file, line: line, view))
    }

    // The same routes for views that return an `Encodable` value, which is sent as JSON
    // (`app.get("tasks/") { _ in try await Task.objects.fetch() }`). Disfavoured, so that a
    // value that is both (`String`) stays a ResponseConvertible.

    /// Routes `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func route<Result: Encodable & Sendable>(
        _ pattern: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: methods, name: name, file: file, line: line, view))
    }

    /// Routes a regular expression to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func rePath<Result: Encodable & Sendable>(
        _ regex: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.rePath(regex, methods: methods, name: name, file: file, line: line, view))
    }

    /// Routes `GET` requests for `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func get<Result: Encodable & Sendable>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.get], name: name, file: file, line: line, view))
    }

    /// Routes `POST` requests for `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func post<Result: Encodable & Sendable>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.post], name: name, file: file, line: line, view))
    }

    /// Routes `PUT` requests for `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func put<Result: Encodable & Sendable>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.put], name: name, file: file, line: line, view))
    }

    /// Routes `PATCH` requests for `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func patch<Result: Encodable & Sendable>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.patch], name: name, file: file, line: line, view))
    }

    /// Routes `DELETE` requests for `pattern` to a view whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    public func delete<Result: Encodable & Sendable>(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) {
        add(.path(pattern, methods: [.delete], name: name, file: file, line: line, view))
    }

    /// Adds another URL configuration under `prefix`, like Django's `include()`.
    public func include(_ prefix: String, _ patterns: [URLPattern], namespace: String? = nil) {
        add(.include(prefix, patterns, namespace: namespace))
    }

    /// Declares routes under the current language's code in a closure (Django's
    /// `i18n_patterns`); see ``PonyWeb/URLPattern/i18n(_:prefixDefaultLanguage:)``.
    ///
    /// ```swift
    /// app.middleware(LocaleMiddleware())
    /// app.i18n { site in
    ///     site.get("about/", name: "about") { _ in translate("About us") }   // /en/about/, /de/about/
    /// }
    /// ```
    public func i18n(prefixDefaultLanguage: Bool = true, _ build: (RouteGroup) -> Void) {
        let group = RouteGroup()
        build(group)
        add(.i18n(group.patterns, prefixDefaultLanguage: prefixDefaultLanguage))
    }

    /// Declares routes under `prefix` (and `namespace`) in a closure.
    ///
    /// ```swift
    /// app.group("blog/", namespace: "blog") { blog in
    ///     blog.get("", name: "index") { _ in "Posts" }
    ///     blog.get("<slug:slug>/", name: "post") { request in … }   // reverse("blog:post", …)
    /// }
    /// ```
    public func group(_ prefix: String, namespace: String? = nil, _ build: (RouteGroup) -> Void) {
        let group = RouteGroup()
        build(group)
        add(.include(prefix, group.patterns, namespace: namespace))
    }
}

/// Routes collected by ``RouteBuilder/group(_:namespace:_:)``.
public final class RouteGroup: RouteBuilder {
    /// The patterns added so far.
    public private(set) var patterns: [URLPattern] = []

    init() {}

    /// Adds a pattern to the group.
    public func add(_ pattern: URLPattern) { patterns.append(pattern) }
}

/// A route builder that adds tags to every route added through it.
struct TaggedRoutes<Base: RouteBuilder>: RouteBuilder {
    let base: Base
    let tags: Set<RouteTag>

    func add(_ pattern: URLPattern) { base.add(pattern.tagged(tags)) }
}

/// A route builder that changes every route added through it (wraps its view).
struct MappedRoutes<Base: RouteBuilder>: RouteBuilder {
    let base: Base
    let change: @Sendable (URLPattern) -> URLPattern

    func add(_ pattern: URLPattern) { base.add(change(pattern)) }
}
