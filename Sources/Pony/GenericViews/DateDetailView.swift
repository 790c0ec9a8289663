public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// A page showing the row the URL names on the day it names: Django's `DateDetailView`.
///
/// ```swift
/// app.route(
///     "archive/<int:year>/<str:month>/<int:day>/<slug:slug>/",
///     DateDetailView(Post.objects, dateField: "published"))
/// ```
///
/// The day is read as ``DayArchiveView`` reads it, and the row as ``DetailView`` finds it,
/// among the rows of that day; a day after today is a 404 unless ``allowFuture``. It renders
/// `<app>/<model>_detail.html` with `object` and `<model>`.
public struct DateDetailView<M: Model>: GenericView {
    /// The rows the URL may name, for a request.
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// The `DateField` or `DateTimeField` the URL's day is matched against.
    public var dateField: String
    /// How the URL writes the month.
    public var monthFormat: MonthFormat
    /// Whether a day after today may be shown (Django's default: no).
    public var allowFuture: Bool
    /// How the URL names the row.
    public var lookup: ObjectLookup
    /// The template, instead of `<app>/<model>_detail.html`.
    public var templateName: String?
    /// The context's name for the row, instead of `<model>`.
    public var contextObjectName: String?
    /// More context for a request and the row.
    public var extraContext: @Sendable (Request, M) async throws -> TemplateContext

    /// A page for a row of `query` on the URL's day.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, monthFormat: MonthFormat = .abbreviated,
        allowFuture: Bool = false, lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil,
        contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request, M) async throws -> TemplateContext = { _, _ in [:] }
    ) {
        self.init(
            dateField: dateField, monthFormat: monthFormat, allowFuture: allowFuture, lookup: lookup,
            templateName: templateName, contextObjectName: contextObjectName, extraContext: extraContext
        ) { _ in query }
    }

    /// A page for a row, on the URL's day, of the rows `query` allows for each request.
    public init(
        dateField: String, monthFormat: MonthFormat = .abbreviated, allowFuture: Bool = false,
        lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil, contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request, M) async throws -> TemplateContext = { _, _ in [:] },
        query: @escaping @Sendable (Request) async throws -> QuerySet<M>
    ) {
        self.query = query
        self.dateField = dateField
        self.monthFormat = monthFormat
        self.allowFuture = allowFuture
        self.lookup = lookup
        self.templateName = templateName
        self.contextObjectName = contextObjectName
        self.extraContext = extraContext
    }

    /// The row's page, or a 404.
    public func response(for request: Request) async throws -> Response {
        let column = try DateColumn(M.schemaInfo, dateField, request, view: "DateDetailView")
        let day = try URLDate.day(
            year: try URLDate.part(request, "year"), month: (try URLDate.part(request, "month"), monthFormat),
            day: try URLDate.part(request, "day"))
        if !allowFuture, day > column.today {
            throw HTTPError.notFound(
                "Future \(M.schemaInfo.verboseNamePlural) not available because DateDetailView.allow_future is False.")
        }
        let rows = try await query(request).filter(try column.on(day))
        let object = try await SingleObject.object(request, rows, lookup: lookup)
        var context = SingleObject.context(object, name: contextObjectName)
        context.values.merge(try await extraContext(request, object).values) { $1 }
        return try render(request, templateName ?? SingleObject<M>.templateName("_detail"), context)
    }
}
