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

    /// The methods a list answers: `GET` (and `HEAD`).
    public var methods: [HTTPMethod] { [.get] }

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
        let query = try await self.query(request)
        var context = TemplateContext()
        let rows: [M]
        if let paginateBy {
            if !allowEmpty, !(try await query.exists()) { throw emptyList }
            let paginator = try await Paginator(
                query, perPage: paginateBy, orphans: paginateOrphans, allowEmptyFirstPage: allowEmpty)
            let page = try await self.page(request, paginator)
            rows = page.objectList
            context["paginator"] = paginator
            context["page_obj"] = page
            context["is_paginated"] = page.hasOtherPages
        } else {
            rows = try await query.fetch()
            if !allowEmpty, rows.isEmpty { throw emptyList }
            context.values["paginator"] = .null
            context.values["page_obj"] = .null
            context["is_paginated"] = false
        }
        let list = TemplateValue(any: rows)
        context.values["object_list"] = list
        context.values[contextObjectName ?? SingleObject<M>.modelName + "_list"] = list
        context.values.merge(try await extraContext(request).values) { $1 }
        return try render(request, templateName ?? SingleObject<M>.templateName("_list"), context)
    }

    /// The page the request names, as Django's `paginate_queryset` reads it.
    private func page(_ request: Request, _ paginator: Paginator<M>) async throws -> Page<M> {
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

    private var emptyList: HTTPError { HTTPError.notFound("Empty list and “ListView.allow_empty” is False.") }
}
