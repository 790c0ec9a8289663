public import PonyORM
internal import PonySupport
internal import PonyTemplates
public import PonyWeb

/// A page listing a query's rows: Django's `ListView`.
///
/// ```swift
/// app.route("posts/", ListView(Post.objects.orderBy("-published"), paginateBy: 20))
/// ```
///
/// It renders `<app>/<model>_list.html` (`blog/post_list.html`) with Django's context:
/// `object_list` and `<model>_list` (the rows, or the page's rows), `paginator`, `page_obj`
/// and `is_paginated`. With ``paginateBy``, the page is `?page=N` (or a `page` URL parameter),
/// `?page=last` the last one; any other page is a 404 with Django's message.
public struct ListView<M: Model>: GenericView {
    /// The rows for a request (Django's `get_queryset`).
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// Rows per page, or `nil` for one page of all of them.
    public var paginateBy: Int?
    /// Rows that may join the last page rather than make a page of their own.
    public var paginateOrphans: Int
    /// Whether an empty list is a page (`true`) or a 404.
    public var allowEmpty: Bool
    /// The template, instead of `<app>/<model>_list.html`.
    public var templateName: String?
    /// The context's name for the rows, instead of `<model>_list`.
    public var contextObjectName: String?
    /// More context for a request (Django's `extra_context` and `get_context_data`).
    public var extraContext: @Sendable (Request) async throws -> TemplateContext

    /// A list of `query`'s rows.
    public init(
        _ query: QuerySet<M> = M.objects, paginateBy: Int? = nil, paginateOrphans: Int = 0, allowEmpty: Bool = true,
        templateName: String? = nil, contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] }
    ) {
        self.init(
            paginateBy: paginateBy, paginateOrphans: paginateOrphans, allowEmpty: allowEmpty,
            templateName: templateName, contextObjectName: contextObjectName, extraContext: extraContext
        ) { _ in query }
    }

    /// A list of the rows `query` picks for each request (the user's own, say).
    public init(
        paginateBy: Int? = nil, paginateOrphans: Int = 0, allowEmpty: Bool = true, templateName: String? = nil,
        contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] },
        query: @escaping @Sendable (Request) async throws -> QuerySet<M>
    ) {
        self.query = query
        self.paginateBy = paginateBy
        self.paginateOrphans = paginateOrphans
        self.allowEmpty = allowEmpty
        self.templateName = templateName
        self.contextObjectName = contextObjectName
        self.extraContext = extraContext
    }

    /// The list, or the page of it that the request asks for.
    public func response(for request: Request) async throws -> Response {
        var context = try await MultipleObjects.context(
            request, try await query(request), paginateBy: paginateBy, orphans: paginateOrphans, allowEmpty: allowEmpty,
            name: contextObjectName,
            ifEmpty: HTTPError.notFound("Empty list and “ListView.allow_empty” is False."))
        context.values.merge(try await extraContext(request).values) { $1 }
        return try render(request, templateName ?? SingleObject<M>.templateName("_list"), context)
    }
}

/// What the list views share (Django's `MultipleObjectMixin`): the rows, or the page of them
/// the request asks for, in Django's context.
enum MultipleObjects {
    /// `object_list` and `<model>_list` (or `name`): the rows of `rows` (none when `nil`, Django's
    /// `qs.none()`), or with `paginateBy` the page `?page=N` names, with `paginator`, `page_obj`
    /// and `is_paginated`. No rows throws `empty` unless `allowEmpty`.
    static func context<M: Model>(
        _ request: Request, _ rows: QuerySet<M>?, paginateBy: Int?, orphans: Int, allowEmpty: Bool, name: String?,
        ifEmpty empty: HTTPError? = nil
    ) async throws -> TemplateContext {
        var context = TemplateContext()
        let list: [M]
        if let paginateBy {
            if let empty, !allowEmpty, !(try await rows?.exists() ?? false) { throw empty }
            let paginator =
                if let rows {
                    try await Paginator(rows, perPage: paginateBy, orphans: orphans, allowEmptyFirstPage: allowEmpty)
                } else {
                    Paginator([M](), perPage: paginateBy, orphans: orphans, allowEmptyFirstPage: allowEmpty)
                }
            let page = try await self.page(request, paginator)
            list = page.objectList
            context["paginator"] = paginator
            context["page_obj"] = page
            context["is_paginated"] = page.hasOtherPages
        } else {
            list = try await rows?.fetch() ?? []
            if let empty, !allowEmpty, list.isEmpty { throw empty }
            context.values["paginator"] = .null
            context.values["page_obj"] = .null
            context["is_paginated"] = false
        }
        let value = TemplateValue(any: list)
        context.values["object_list"] = value
        context.values[name ?? SingleObject<M>.modelName + "_list"] = value
        return context
    }

    /// The page the request names, as Django's `paginate_queryset` reads it.
    private static func page<M>(_ request: Request, _ paginator: Paginator<M>) async throws -> Page<M> {
        let text = [request.parameters["page"], request.query["page"]].compactMap { $0 }.first { !$0.isEmpty } ?? "1"
        let number: Int
        switch PythonInt(Substring(text)) {
        case .value(let value): number = value
        case .outOfRange(let negative): number = negative ? Int.min : Int.max
        case .invalid:
            guard text == "last" else {
                throw HTTPError.notFound("Page is not “last”, nor can it be converted to an int.")
            }
            number = paginator.numPages
        }
        do {
            return try await paginator.page(number)
        } catch let error as InvalidPage {
            let shown = number == .max || number == .min ? text : String(number)
            throw HTTPError.notFound("Invalid page (\(shown)): \(error.message)")
        }
    }
}
