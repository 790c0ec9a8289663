import Foundation

/// A `Cache-Control` directive (RFC 9111 §5.2.2), as the keywords of Django's
/// `cache_control` decorator name them.
public enum CacheDirective: Sendable, Hashable {
    /// `max-age=N`: fresh for `N` seconds. Patched onto a response that has one, the smaller
    /// of the two wins.
    case maxAge(Int)
    /// `s-maxage=N`: fresh for `N` seconds in shared caches.
    case sMaxAge(Int)
    /// `public`: any cache may keep it (drops `private`).
    case `public`
    /// `private`: only the browser may keep it (drops `public`).
    case `private`
    /// `no-cache`: revalidate before every use.
    case noCache
    /// `no-cache="field"`: a cache may reuse the response without this header field.
    case noCacheField(String)
    /// `no-store`: keep no copy.
    case noStore
    /// `must-revalidate`: never use it stale.
    case mustRevalidate
    /// `proxy-revalidate`: shared caches never use it stale.
    case proxyRevalidate
    /// `no-transform`: intermediaries must not change the body.
    case noTransform
    /// `immutable`: it will not change while fresh.
    case immutable
    /// `stale-while-revalidate=N` (RFC 5861).
    case staleWhileRevalidate(Int)
    /// `stale-if-error=N` (RFC 5861).
    case staleIfError(Int)
    /// Any other directive: `name`, or `name=value`.
    case other(String, value: String? = nil)

    /// The directive's name and its value (`nil` for a bare directive).
    var field: (name: String, value: String?) {
        switch self {
        case .maxAge(let seconds): ("max-age", String(seconds))
        case .sMaxAge(let seconds): ("s-maxage", String(seconds))
        case .public: ("public", nil)
        case .private: ("private", nil)
        case .noCache: ("no-cache", nil)
        case .noCacheField(let field): ("no-cache", field)
        case .noStore: ("no-store", nil)
        case .mustRevalidate: ("must-revalidate", nil)
        case .proxyRevalidate: ("proxy-revalidate", nil)
        case .noTransform: ("no-transform", nil)
        case .immutable: ("immutable", nil)
        case .staleWhileRevalidate(let seconds): ("stale-while-revalidate", String(seconds))
        case .staleIfError(let seconds): ("stale-if-error", String(seconds))
        case .other(let name, let value): (name, value)
        }
    }

    /// The directives of a `Cache-Control` value, split on commas and the whitespace around
    /// them (Django's `cc_delim_re`, `\s*,\s*`: the value's own ends keep theirs).
    static func split(_ header: String) -> [Substring] {
        let parts = header.split(separator: ",", omittingEmptySubsequences: false)
        return parts.indices.map { index in
            var part = parts[index]
            if index > parts.startIndex { part = part.drop { $0.isWhitespace } }
            if index < parts.endIndex - 1 { while part.last?.isWhitespace == true { part = part.dropLast() } }
            return part
        }
    }
}

extension Response {
    /// Adds `directives` to the `Cache-Control` header, keeping the ones it has (Django's
    /// `patch_cache_control`, which the `cache_control` decorator calls):
    ///
    /// ```swift
    /// response.patchCacheControl(.public, .maxAge(3600))   // Cache-Control: public, max-age=3600
    /// ```
    ///
    /// A directive already there gets the new value in its place (for `max-age`, the smaller
    /// one), `public` and `private` replace each other, and `no-cache` gathers its field names
    /// (a bare `no-cache` wins over them). Directive names are written in lowercase.
    public mutating func patchCacheControl(_ directives: CacheDirective...) { patchCacheControl(directives) }

    /// Marks the response as never to be cached (Django's `add_never_cache_headers`, which
    /// `@never_cache` calls): `Expires` now unless it has one, and `Cache-Control: max-age=0,
    /// no-cache, no-store, must-revalidate, private`. The admin's pages and the login and
    /// logout views send these, as Django's do.
    public mutating func neverCache() {
        if headers["Expires"] == nil { headers["Expires"] = HTTPDate.format(Date()) }
        patchCacheControl([.maxAge(0)])
        patchCacheControl([.noCache, .noStore, .mustRevalidate, .private])
    }

    /// Adds the headers that let caches keep the response for `seconds` (Django's
    /// `patch_response_headers`): `Expires` unless it has one, and `max-age` (a negative
    /// timeout counts as 0).
    public mutating func patchResponseHeaders(timeout seconds: Int) {
        let seconds = max(0, seconds)
        if headers["Expires"] == nil {
            headers["Expires"] = HTTPDate.format(
                Date(timeIntervalSince1970: Date().timeIntervalSince1970 + Double(seconds)))
        }
        patchCacheControl([.maxAge(seconds)])
    }

    /// The `max-age` of `Cache-Control` when it is a number (Django's `get_max_age`).
    public var maxAge: Int? {
        for directive in headers.values(for: "Cache-Control").flatMap({ $0.split(separator: ",") }) {
            let parts = directive.split(separator: "=", maxSplits: 1)
            if parts.first?.trimmingCharacters(in: .whitespaces).lowercased() == "max-age", parts.count == 2 {
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    mutating func patchCacheControl(_ directives: [CacheDirective]) {
        /// A directive's value: bare, `=value`, or `no-cache`'s field names (`nil`: bare).
        enum Value {
            case bare
            case text(Substring)
            case fields([Substring?])
        }
        var entries: [(name: String, value: Value)] = []
        func set(_ name: String, _ value: Substring?) {
            let index = entries.firstIndex { $0.name == name }
            if name == "no-cache" {
                var fields: [Substring?] = []
                if let index, case .fields(let existing) = entries[index].value { fields = existing }
                if !fields.contains(value) { fields.append(value) }
                if let index { entries[index].value = .fields(fields) } else { entries.append((name, .fields(fields))) }
            } else {
                let value = value.map(Value.text) ?? .bare
                if let index { entries[index].value = value } else { entries.append((name, value)) }
            }
        }
        if let header = headers["Cache-Control"], !header.isEmpty {
            for directive in CacheDirective.split(header) {
                let parts = directive.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                set(parts[0].lowercased(), parts.count > 1 ? parts[1] : nil)
            }
        }
        var directives = directives
        // NB: as Django, which reads a bare `max-age` as Python's `int(True)`, 1; a value that is
        // no number (Django fails on it) is replaced.
        if let existing = entries.first(where: { $0.name == "max-age" }) {
            let seconds: Int? =
                switch existing.value {
                case .bare: 1
                case .text(let text): Int(text.trimmingCharacters(in: .whitespaces))
                case .fields: nil
                }
            if let seconds {
                directives = directives.map { if case .maxAge(let new) = $0 { .maxAge(min(new, seconds)) } else { $0 } }
            }
        }
        let names = Set(directives.map(\.field.name))
        func has(_ name: String) -> Bool { entries.contains { $0.name == name } }
        if has("private") && names.contains("public") {
            entries.removeAll { $0.name == "private" }
        } else if has("public") && names.contains("private") {
            entries.removeAll { $0.name == "public" }
        }
        for directive in directives {
            let (name, value) = directive.field
            set(name, value.map { $0[...] })
        }
        let written = entries.flatMap { name, value -> [String] in
            switch value {
            case .bare: [name]
            case .text(let text): ["\(name)=\(text)"]
            case .fields(let fields): fields.contains(nil) ? [name] : fields.map { "\(name)=\($0 ?? "")" }
            }
        }
        headers["Cache-Control"] = written.joined(separator: ", ")
    }
}

extension URLPattern {
    /// The pattern whose views' responses are never cached (Django's `@never_cache`; see
    /// ``Response/neverCache()``), for every route of an include.
    public func neverCache() -> URLPattern { mappingResponses { $0.neverCache() } }

    /// The pattern whose views' responses get `directives` (Django's `@cache_control`; see
    /// ``Response/patchCacheControl(_:)``), for every route of an include.
    public func cacheControl(_ directives: CacheDirective...) -> URLPattern { cacheControl(directives) }

    package func cacheControl(_ directives: [CacheDirective]) -> URLPattern {
        mappingResponses { $0.patchCacheControl(directives) }
    }

    /// The pattern with `change` applied to each response its views return (not to errors
    /// they throw, as Django's view decorators).
    package func mappingResponses(_ change: @escaping @Sendable (inout Response) -> Void) -> URLPattern {
        wrappingViews { request, view in
            var response = try await view(request)
            change(&response)
            return response
        }
    }

    /// The pattern whose views are each called through `wrap` (a view decorator), for every
    /// route of an include.
    package func wrappingViews(_ wrap: @escaping @Sendable (Request, View) async throws -> Response) -> URLPattern {
        switch kind {
        case .route(var route):
            let view = route.view
            route.view = { request in try await wrap(request, view) }
            return URLPattern(kind: .route(route))
        case .include, .languagePrefixed:
            return mappingChildren { $0.wrappingViews(wrap) }
        }
    }
}
