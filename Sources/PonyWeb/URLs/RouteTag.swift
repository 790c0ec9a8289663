/// A mark on a route that middleware reads after URL resolution, as Django's view decorators
/// (`@csrf_exempt`, `@login_not_required`) mark views for their middleware.
///
/// ```swift
/// app.csrfExempt.post("/webhooks/stripe") { request in … }      // the facade's spelling
/// URLPattern.path("hook/", methods: [.post]) { … }.tagged(.csrfExempt)
/// ```
///
/// The batteries define their own tags in extensions (`RouteTag.csrfExempt` comes with CSRF).
public struct RouteTag: Hashable, Sendable, CustomStringConvertible {
    /// The tag's name, for messages (`csrf_exempt`).
    public let name: String

    /// A tag named `name`; tags with the same name are the same tag.
    public init(_ name: String) { self.name = name }

    /// The name.
    public var description: String { name }
}

extension URLPattern {
    /// The pattern with `tags` added (to every route of an include).
    public func tagged(_ tags: RouteTag...) -> URLPattern { tagged(Set(tags)) }

    /// The pattern with `tags` added (to every route of an include).
    public func tagged(_ tags: Set<RouteTag>) -> URLPattern {
        switch kind {
        case .route(var route):
            route.tags.formUnion(tags)
            return URLPattern(kind: .route(route))
        case .include, .languagePrefixed:
            return mappingChildren { $0.tagged(tags) }
        }
    }
}
