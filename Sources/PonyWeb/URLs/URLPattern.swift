/// A view: takes a request and returns a response.
public typealias View = @Sendable (Request) async throws -> Response

/// One entry of a URL configuration: a route to a view, or an include of other patterns
/// under a prefix, like Django's `path()`, `re_path()` and `include()`.
///
/// ```swift
/// let blog: [URLPattern] = [
///     .path("", name: "index") { _ in "<h1>Posts</h1>" },
///     .path("<int:pk>/", name: "detail") { request in "Post \(try request.parameter("pk", as: Int.self))" },
/// ]
/// let urlpatterns: [URLPattern] = [
///     .path("", name: "home") { _ in "Home" },
///     .include("blog/", blog, namespace: "blog"),     // reverse("blog:detail", ["pk": 3]) == "/blog/3/"
/// ]
/// ```
public struct URLPattern: Sendable {
    enum Kind: Sendable {
        case route(Route)
        case include(prefix: String, namespace: String?, patterns: [URLPattern])
        case languagePrefixed(prefixDefaultLanguage: Bool, patterns: [URLPattern])
    }

    struct Route: Sendable {
        var pattern: String
        var isRegex: Bool
        var methods: Set<HTTPMethod>?
        var name: String?
        var view: View
        var file: String
        var line: Int
        var tags: Set<RouteTag> = []
    }

    let kind: Kind

    /// A route in Django's path syntax: literal text and `<converter:name>` captures.
    ///
    /// - Parameters:
    ///   - pattern: such as `"posts/<int:pk>/"`; a leading "/" is optional.
    ///   - methods: the methods the view accepts (`nil`: all). `GET` also answers `HEAD`;
    ///     other methods get 405 with an `Allow` header.
    ///   - name: the name for ``URLResolver/reverse(_:_:)``.
    ///   - view: the view; it may return a `String` (HTML), a ``Response``, any ``ResponseConvertible``,
    ///     or any `Encodable` value (sent as JSON).
    public static func path<Result: ResponseConvertible>(
        _ pattern: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> URLPattern {
        route(pattern, isRegex: false, methods: methods, name: name, file: file, line: line, erase(view))
    }

    /// A route matched by a regular expression with named groups (`(?<year>[0-9]{4})`),
    /// like Django's `re_path()`. The match is anchored at the start, as in Django; end the
    /// expression with `$` to anchor the end.
    public static func rePath<Result: ResponseConvertible>(
        _ regex: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> URLPattern {
        route(regex, isRegex: true, methods: methods, name: name, file: file, line: line, erase(view))
    }

    /// A route whose view returns an `Encodable` value, sent as JSON (``Response/json(_:status:encoder:)``):
    /// `.path("tasks/") { _ in try await Task.objects.fetch() }`.
    @_disfavoredOverload
    public static func path<Result: Encodable & Sendable>(
        _ pattern: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> URLPattern {
        route(pattern, isRegex: false, methods: methods, name: name, file: file, line: line, json(view))
    }

    /// A regular-expression route whose view returns an `Encodable` value, sent as JSON.
    @_disfavoredOverload
    public static func rePath<Result: Encodable & Sendable>(
        _ regex: String,
        methods: [HTTPMethod]? = nil,
        name: String? = nil,
        file: String = #filePath,
        line: Int = #line,
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> URLPattern {
        route(regex, isRegex: true, methods: methods, name: name, file: file, line: line, json(view))
    }

    /// The patterns of another URL configuration under `prefix`; with a `namespace`, their
    /// names are reversed as `"namespace:name"`.
    public static func include(_ prefix: String, _ patterns: [URLPattern], namespace: String? = nil) -> URLPattern {
        URLPattern(kind: .include(prefix: prefix, namespace: namespace, patterns: patterns))
    }

    /// Patterns under the current language's code (Django's `i18n_patterns`): `/de/about/`,
    /// `/en/about/`. ``LocaleMiddleware`` answers each in the language its path names, sends a
    /// path without one to the visitor's language (`/about/` → `/de/about/`), and `reverse`
    /// and `{% url %}` write the current language's prefix.
    ///
    /// ```swift
    /// app.urlpatterns += [.i18n([.path("about/", name: "about") { _ in translate("About us") }])]
    /// ```
    ///
    /// With `prefixDefaultLanguage: false`, the default language (``Settings/languageCode``)
    /// has no prefix: `/about/` is English, `/de/about/` German. Only a site's own patterns may
    /// be language-prefixed, not an include's.
    public static func i18n(_ patterns: [URLPattern], prefixDefaultLanguage: Bool = true) -> URLPattern {
        URLPattern(kind: .languagePrefixed(prefixDefaultLanguage: prefixDefaultLanguage, patterns: patterns))
    }

    /// Where the first route of the pattern was declared, for errors about the pattern.
    var firstRoute: (file: String, line: Int)? {
        switch kind {
        case .route(let route): (route.file, route.line)
        case .include(_, _, let patterns), .languagePrefixed(_, let patterns):
            patterns.lazy.compactMap(\.firstRoute).first
        }
    }

    /// The pattern with `transform` applied to each pattern an include (or a language-prefixed
    /// group) holds; a route as it is.
    func mappingChildren(_ transform: (URLPattern) -> URLPattern) -> URLPattern {
        switch kind {
        case .route: self
        case .include(let prefix, let namespace, let patterns):
            URLPattern(kind: .include(prefix: prefix, namespace: namespace, patterns: patterns.map(transform)))
        case .languagePrefixed(let prefixDefaultLanguage, let patterns):
            URLPattern(
                kind: .languagePrefixed(prefixDefaultLanguage: prefixDefaultLanguage, patterns: patterns.map(transform))
            )
        }
    }

    private static func route(
        _ pattern: String, isRegex: Bool, methods: [HTTPMethod]?, name: String?, file: String, line: Int,
        _ view: @escaping View
    ) -> URLPattern {
        let route = Route(
            pattern: pattern, isRegex: isRegex, methods: methods.map(Set.init), name: name, view: view, file: file,
            line: line)
        return URLPattern(kind: .route(route))
    }

    private static func erase<Result: ResponseConvertible>(
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> View {
        if let direct = view as? View { return direct }
        return { request in try await view(request).makeResponse() }
    }

    private static func json<Result: Encodable & Sendable>(
        _ view: @escaping @Sendable (Request) async throws -> Result
    ) -> View {
        { request in try Response.json(try await view(request)) }
    }
}
