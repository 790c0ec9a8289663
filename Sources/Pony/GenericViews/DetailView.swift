public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// A page showing the row the URL names: Django's `DetailView`.
///
/// ```swift
/// app.route("posts/<int:pk>/", DetailView(Post.objects.all()))
/// app.route("posts/<slug:slug>/", DetailView(Post.objects.filter("published", true)))
/// ```
///
/// The row is the query's with the `pk` URL parameter as its key, or else the `slug`
/// parameter in its `slug` field (see ``ObjectLookup``); none is a 404 with Django's "No post
/// found matching the query". It renders `<app>/<model>_detail.html` with `object` and
/// `<model>` (`post`).
public struct DetailView<M: Model>: GenericView {
    /// The rows the URL may name, for a request (Django's `get_queryset`).
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// How the URL names the row.
    public var lookup: ObjectLookup
    /// The template, instead of `<app>/<model>_detail.html`.
    public var templateName: String?
    /// The context's name for the row, instead of `<model>`.
    public var contextObjectName: String?
    /// More context for a request and the row.
    public var extraContext: @Sendable (Request, M) async throws -> TemplateContext

    /// A page for a row of `query`.
    public init(
        _ query: QuerySet<M> = M.objects, lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil,
        contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request, M) async throws -> TemplateContext = { _, _ in [:] }
    ) {
        self.init(
            lookup: lookup, templateName: templateName, contextObjectName: contextObjectName, extraContext: extraContext
        ) { _ in query }
    }

    /// A page for a row of the rows `query` allows for each request.
    public init(
        lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil, contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request, M) async throws -> TemplateContext = { _, _ in [:] },
        query: @escaping @Sendable (Request) async throws -> QuerySet<M>
    ) {
        self.query = query
        self.lookup = lookup
        self.templateName = templateName
        self.contextObjectName = contextObjectName
        self.extraContext = extraContext
    }

    /// The row's page, or a 404.
    public func response(for request: Request) async throws -> Response {
        let object = try await SingleObject.object(request, try await query(request), lookup: lookup)
        var context = SingleObject.context(object, name: contextObjectName)
        context.values.merge(try await extraContext(request, object).values) { $1 }
        return try render(request, templateName ?? SingleObject<M>.templateName("_detail"), context)
    }
}

extension SingleObject {
    /// `object` and `<model>` (or `name`): the row, as Django's `SingleObjectMixin` puts it.
    static func context(_ object: M, name: String?) -> TemplateContext {
        let value = TemplateValue(any: object)
        return TemplateContext(["object": value, name ?? modelName: value])
    }
}
