public import PonySupport

/// Matches request paths to views and builds URLs from route names, like Django's URL resolver.
///
/// Built once at start-up from the site's ``URLPattern``s; invalid patterns are reported then,
/// with the file and line of the route.
///
/// Resolution order is the order of the patterns, as in Django. Routes with only literal text
/// are found with one dictionary lookup, so large sites pay nothing for static pages.
/// Language-prefixed routes (``URLPattern/i18n(_:prefixDefaultLanguage:)``) match and reverse
/// under the current language's code.
public final class URLResolver: Sendable {
    /// NB: a class, as the route a request resolves to is passed on by reference: a struct of
    /// a dozen references was copied on every request, and the ``ResolvedRoute`` built anew.
    final class CompiledRoute: Sendable {
        let order: Int
        let pattern: RoutePattern
        let methods: Set<HTTPMethod>?
        let view: View
        /// Whether the route sits under the current language's code.
        let isLanguagePrefixed: Bool
        /// The route as the request that matched it sees it (name, file, line, tags).
        let resolved: ResolvedRoute
        var name: String? { resolved.name }

        init(
            order: Int, pattern: RoutePattern, methods: Set<HTTPMethod>?, name: String?, view: @escaping View,
            file: String, line: Int, tags: Set<RouteTag>, isLanguagePrefixed: Bool
        ) {
            self.order = order
            self.pattern = pattern
            self.methods = methods
            self.view = view
            self.isLanguagePrefixed = isLanguagePrefixed
            resolved = ResolvedRoute(pattern: pattern.display, name: name, file: file, line: line, tags: tags)
        }

        func accepts(_ method: HTTPMethod?) -> Bool {
            guard let methods, let method else { return true }
            return methods.contains(method) || (method == .head && methods.contains(.get))
        }
    }

    enum Resolution {
        case matched(CompiledRoute, Parameters)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    let routes: [CompiledRoute]
    private let literalRoutes: [String: [Int]]
    /// The literal language-prefixed routes, by their text after the language's code.
    private let prefixedLiteralRoutes: [String: [Int]]
    private let otherRoutes: [Int]
    private let routesByName: [String: [Int]]
    /// `nil` without language-prefixed patterns; else whether the default language's paths
    /// carry its code too (Django's `is_language_prefix_patterns_used`).
    public let prefixDefaultLanguage: Bool?
    /// The site's default language (``Settings/languageCode``).
    let defaultLanguage: String

    /// Compiles patterns; throws ``ConfigurationError`` naming the route's file and line when
    /// a pattern is invalid. `defaultLanguage` is the one language-prefixed patterns may leave
    /// without a prefix.
    public init(
        _ patterns: [URLPattern], converters: [PathConverter] = [], defaultLanguage: String = "en-us"
    ) throws(ConfigurationError) {
        var known = PathConverter.builtIn
        for converter in converters { known[converter.name] = converter }
        var compiled: [CompiledRoute] = []
        var prefixDefault: Bool?
        try URLResolver.flatten(
            patterns, segments: [], namespaces: [], prefixed: false, converters: known, into: &compiled,
            prefixDefaultLanguage: &prefixDefault)
        routes = compiled
        var literal: [String: [Int]] = [:]
        var prefixedLiteral: [String: [Int]] = [:]
        var other: [Int] = []
        var names: [String: [Int]] = [:]
        for route in compiled {
            if case .literal(let text) = route.pattern.matcher {
                if route.isLanguagePrefixed {
                    prefixedLiteral[text, default: []].append(route.order)
                } else {
                    literal[text, default: []].append(route.order)
                }
            } else {
                other.append(route.order)
            }
            if let name = route.name { names[name, default: []].append(route.order) }
        }
        literalRoutes = literal
        prefixedLiteralRoutes = prefixedLiteral
        otherRoutes = other
        routesByName = names
        prefixDefaultLanguage = prefixDefault
        self.defaultLanguage = defaultLanguage
    }

    private static func flatten(
        _ patterns: [URLPattern],
        segments: [(pattern: String, isRegex: Bool)],
        namespaces: [String],
        prefixed: Bool,
        converters: [String: PathConverter],
        into routes: inout [CompiledRoute],
        prefixDefaultLanguage: inout Bool?
    ) throws(ConfigurationError) {
        for pattern in patterns {
            switch pattern.kind {
            case .route(let route):
                let compiled: RoutePattern
                do {
                    compiled = try RoutePattern(
                        segments: segments + [(route.pattern, route.isRegex)], converters: converters)
                } catch {
                    throw ConfigurationError(error.message, file: route.file, line: route.line, id: "urls.E001")
                }
                let name = route.name.map { (namespaces + [$0]).joined(separator: ":") }
                routes.append(
                    CompiledRoute(
                        order: routes.count, pattern: compiled, methods: route.methods, name: name,
                        view: route.view, file: route.file, line: route.line, tags: route.tags,
                        isLanguagePrefixed: prefixed
                    ))
            case .include(let prefix, let namespace, let children):
                try flatten(
                    children, segments: segments + [(prefix, false)],
                    namespaces: namespaces + (namespace.map { [$0] } ?? []), prefixed: prefixed,
                    converters: converters, into: &routes, prefixDefaultLanguage: &prefixDefaultLanguage)
            case .languagePrefixed(let prefixDefault, let children):
                // NB: as Django's `i18n_patterns`, only in the root URL configuration.
                guard segments.isEmpty, !prefixed else {
                    let first = children.lazy.compactMap(\.firstRoute).first
                    throw ConfigurationError(
                        "Language-prefixed patterns (URLPattern.i18n) are only allowed among the site's own patterns,"
                            + " not inside an include or a group; move them to the top level.",
                        file: first?.file, line: first?.line, id: "urls.E001")
                }
                prefixDefaultLanguage = prefixDefaultLanguage ?? prefixDefault
                try flatten(
                    children, segments: segments, namespaces: namespaces, prefixed: true, converters: converters,
                    into: &routes, prefixDefaultLanguage: &prefixDefaultLanguage)
            }
        }
    }

    /// The current language's prefix of language-prefixed paths (`"de/"`), or `""` for the
    /// default language when it goes without one (Django's `LocalePrefixPattern.language_prefix`).
    var languagePrefix: String {
        let language = Translation.current.language
        if language == defaultLanguage, prefixDefaultLanguage == false { return "" }
        return language + "/"
    }

    /// Finds the route for a path (with its leading "/") and method (`nil`: any method).
    func resolve(path: String, method: HTTPMethod?) -> Resolution {
        let relative = path.utf8.first == 0x2F ? String(path.dropFirst()) : path
        var allowed: Set<HTTPMethod> = []
        var pathMatched = false
        // NB: the language-prefixed routes match the path without the current language's code.
        var unprefixed: String?
        var literal = literalRoutes[relative] ?? []
        if prefixDefaultLanguage != nil {
            let prefix = languagePrefix
            if relative.hasPrefix(prefix) { unprefixed = String(relative.dropFirst(prefix.count)) }
            if let unprefixed, let prefixed = prefixedLiteralRoutes[unprefixed] {
                literal = (literal + prefixed).sorted()
            }
        }
        // Candidates in pattern order: the literal hits merged with every non-literal route.
        var literalIndex = 0
        var otherIndex = 0
        while literalIndex < literal.count || otherIndex < otherRoutes.count {
            let order: Int
            if otherIndex >= otherRoutes.count
                || (literalIndex < literal.count && literal[literalIndex] < otherRoutes[otherIndex])
            {
                order = literal[literalIndex]
                literalIndex += 1
            } else {
                order = otherRoutes[otherIndex]
                otherIndex += 1
            }
            let route = routes[order]
            let subject: String
            if route.isLanguagePrefixed {
                guard let unprefixed else { continue }
                subject = unprefixed
            } else {
                subject = relative
            }
            guard let parameters = route.pattern.match(subject) else { continue }
            if route.accepts(method) { return .matched(route, parameters) }
            pathMatched = true
            if let methods = route.methods { allowed.formUnion(methods) }
        }
        guard pathMatched else { return .notFound }
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }

    /// Whether any route matches the path, whatever the method (used by APPEND_SLASH).
    func matchesAnyRoute(_ path: String) -> Bool {
        if case .notFound = resolve(path: path, method: nil) { return false }
        return true
    }

    /// Django's `translate_url`: `url` (a path, with its query and fragment) as the same named
    /// route under `translation`'s language (`/de/about/` → `/fr/about/`), or as it is when it
    /// resolves to no named route in the current language.
    public func translate(_ url: String, into translation: Translation) -> String {
        let end = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        guard url.hasPrefix("/"), let path = PercentEncoding.decode(String(url[..<end])),
            case .matched(let route, let parameters) = resolve(path: path, method: nil), let name = route.name
        else { return url }
        var arguments: [String: any Sendable] = [:]
        for (key, value) in parameters { arguments[key] = value }
        let named = arguments
        guard let translated = try? translation.activate({ try reverse(name, named) }) else { return url }
        return translated + url[end...]
    }

    /// Every route, as a request that matched it would see it (for start-up checks of tags).
    public var resolvedRoutes: [ResolvedRoute] { routes.map(\.resolved) }

    /// The patterns in order, as Django lists them on its DEBUG 404 page.
    public var patternDescriptions: [String] {
        routes.map { route in
            (route.isLanguagePrefixed ? languagePrefix : "") + route.pattern.display
                + (route.name.map { " [name='\($0)']" } ?? "")
        }
    }

    /// Builds the path of the route named `name` (`"namespace:name"` inside includes),
    /// filling its parameters from `arguments`, like Django's `reverse()`.
    ///
    /// ```swift
    /// try resolver.reverse("blog:detail", ["pk": 3])   // "/blog/3/"
    /// ```
    /// Values are checked against the route's converters and percent-encoded. Throws
    /// ``NoReverseMatch`` naming the patterns it tried. As Django 5.2's, `query` follows as a
    /// query string (none when it is empty) and `fragment` after a `#`:
    /// `try resolver.reverse("search", query: ["q": "pony & swift"], fragment: "top")` is
    /// `/search/?q=pony+%26+swift#top`.
    public func reverse(
        _ name: String, _ arguments: [String: any Sendable] = [:], query: QueryDict? = nil, fragment: String? = nil
    ) throws(NoReverseMatch) -> String {
        var path = try reverse(name, arguments, positional: [])
        if let query, !query.isEmpty { path += "?" + query.urlEncoded }
        if let fragment { path += "#" + fragment }
        return path
    }

    /// Builds the path of a named route from positional arguments, filled into its
    /// parameters in pattern order (`{% url 'post' 3 %}` in Django).
    public func reverse(_ name: String, positional: [any Sendable]) throws(NoReverseMatch) -> String {
        try reverse(name, [:], positional: positional)
    }

    private func reverse(
        _ name: String, _ arguments: [String: any Sendable], positional: [any Sendable]
    ) throws(NoReverseMatch) -> String {
        guard let candidates = routesByName[name] else {
            let known = routesByName.keys.sorted()
            throw NoReverseMatch(
                "Reverse for '\(name)' not found. '\(name)' is not a valid view function or pattern name."
                    + (known.isEmpty ? "" : " Known names: \(known.joined(separator: ", ")).")
            )
        }
        var tried: [String] = []
        for order in candidates {
            let route = routes[order]
            tried.append(route.pattern.display)
            for parts in route.pattern.reverseAlternatives {
                var named = arguments
                if !positional.isEmpty {
                    let names = parts.compactMap { part -> String? in
                        if case .capture(let name, _) = part { return name }
                        return nil
                    }
                    guard names.count == positional.count else { continue }
                    named = Dictionary(zip(names, positional), uniquingKeysWith: { $1 })
                }
                if let url = URLResolver.fill(parts, with: named) {
                    return route.isLanguagePrefixed ? "/" + languagePrefix + url.dropFirst() : url
                }
            }
        }
        let given =
            positional.isEmpty
            ? "{" + arguments.keys.sorted().map { "'\($0)': \(arguments[$0]!)" }.joined(separator: ", ") + "}"
            : "(" + positional.map { "'\($0)'" }.joined(separator: ", ") + ")"
        throw NoReverseMatch(
            "Reverse for '\(name)' with arguments \(given) not found. \(tried.count) pattern(s) tried: "
                + tried.map { "'\($0)'" }.joined(separator: ", ")
        )
    }

    private static func fill(_ parts: [RoutePattern.Part], with arguments: [String: any Sendable]) -> String? {
        var used = 0
        var url = "/"
        for part in parts {
            switch part {
            case .literal(let bytes):
                url += PercentEncoding.encodePath(String(decoding: bytes, as: UTF8.self), keepSlash: true)
            case .capture(let name, let converter):
                guard let value = arguments[name] else { return nil }
                used += 1
                let text = "\(value)"
                if let characterClass = converter.characterClass {
                    guard characterClass.matches(Array(text.utf8)) else { return nil }
                } else {
                    guard let regex = try? Regex("^(?:\(converter.regex))\\z"), (try? regex.firstMatch(in: text)) != nil
                    else { return nil }
                }
                url += PercentEncoding.encodePath(text, keepSlash: converter.characterClass == .any)
            }
        }
        // A `<path:…>` value starting with "/" must not make a protocol-relative URL.
        return used == arguments.count ? PercentEncoding.escapeLeadingSlashes(url) : nil
    }
}

/// The route that matched a request.
public struct ResolvedRoute: Sendable {
    /// The full pattern, include prefixes joined (`"blog/<int:pk>/"`).
    public var pattern: String { details.pattern }
    /// The route name with its namespaces (`"blog:detail"`), if it has one.
    public var name: String? { details.name }
    /// The file where the route was declared.
    public var file: String { details.file }
    /// The line where the route was declared.
    public var line: Int { details.line }
    /// The route's tags (``RouteTag``), such as `csrfExempt`.
    public var tags: Set<RouteTag> { details.tags }

    // NB: one reference, made once per route: every request carries (and copies) its route.
    private let details: Details

    private final class Details: Sendable {
        let pattern: String
        let name: String?
        let file: String
        let line: Int
        let tags: Set<RouteTag>

        init(pattern: String, name: String?, file: String, line: Int, tags: Set<RouteTag>) {
            self.pattern = pattern
            self.name = name
            self.file = file
            self.line = line
            self.tags = tags
        }
    }

    init(pattern: String, name: String?, file: String, line: Int, tags: Set<RouteTag>) {
        details = Details(pattern: pattern, name: name, file: file, line: line, tags: tags)
    }
}

/// No route matches the name and arguments given to `reverse`.
public struct NoReverseMatch: Error, CustomStringConvertible {
    /// What was asked for and what was tried.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A configuration mistake found at start-up, such as an invalid URL pattern or setting, or a
/// warning from a system check (`pony check --deploy`).
///
/// Pony checks configuration before it serves and reports every mistake this way, with the
/// file and line of the user's code where it is known, instead of crashing later.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// How serious a problem is (Django's `Error` and `Warning` check messages).
    @frozen
    public enum Level: Sendable, Comparable {
        /// Worth a look, but the site can run (`security.W004`: no HSTS).
        case warning
        /// The site must not run like this.
        case error
    }

    /// What is wrong and how to fix it.
    public let message: String
    /// The file of the offending declaration, if known.
    public let file: String?
    /// Its line.
    public let line: Int?
    /// A stable identifier in Django's style (`"urls.E001"`).
    public let id: String
    /// Whether this is an error or a warning.
    public let level: Level

    /// Creates an error (or, with `level: .warning`, a warning).
    public init(_ message: String, file: String? = nil, line: Int? = nil, id: String, level: Level = .error) {
        self.message = message
        self.file = file
        self.line = line
        self.id = id
        self.level = level
    }

    /// `file:line: error: message [id]`, the format compilers use, so editors can jump to it.
    public var description: String {
        let location = file.map { "\($0):\(line ?? 1): " } ?? ""
        return "\(location)\(level == .error ? "error" : "warning"): \(message) [\(id)]"
    }
}
