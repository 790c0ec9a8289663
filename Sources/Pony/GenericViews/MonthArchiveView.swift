public import PonyORM
public import PonyWeb

/// A month's rows and the days that have them: Django's `MonthArchiveView`.
///
/// ```swift
/// app.route("archive/<int:year>/<str:month>/", MonthArchiveView(Post.objects, dateField: "published"))
/// app.route("archive/<int:year>/<int:month>/", MonthArchiveView(Post.objects, dateField: "published", monthFormat: .number))
/// ```
///
/// The month is the URL's `year` and `month` parameters (or `?year=` and `?month=`), the month
/// written as ``monthFormat`` says (`jan` by default). It renders
/// `<app>/<model>_archive_month.html` with `month` (its first day), `next_month` and
/// `previous_month`, `date_list` (the days with rows) and the rows as `object_list` and
/// `<model>_list`.
public struct MonthArchiveView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>
    /// How the URL writes the month.
    public var monthFormat: MonthFormat

    /// A month of `archive`'s rows.
    public init(_ archive: DateArchive<M>, monthFormat: MonthFormat = .abbreviated) {
        self.archive = archive
        self.monthFormat = monthFormat
    }

    /// A month of `query`'s rows, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, monthFormat: MonthFormat = .abbreviated,
        allowFuture: Bool = false, allowEmpty: Bool = false, paginateBy: Int? = nil, templateName: String? = nil
    ) {
        self.init(
            DateArchive(
                query, dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, paginateBy: paginateBy,
                templateName: templateName),
            monthFormat: monthFormat)
    }

    /// The month's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "MonthArchiveView")
        let month = try URLDate.day(
            year: try URLDate.part(request, "year"), month: (try URLDate.part(request, "month"), monthFormat))
        let dated = try await rows.dated(try rows.column.within(.month, from: month))
        let dates = try await rows.dateList(dated, .day)
        let context: TemplateContext = [
            "month": month,
            "next_month": try await rows.adjacent(.month, month, previous: false),
            "previous_month": try await rows.adjacent(.month, month, previous: true),
        ]
        return try await rows.render(rows: dated, dateList: .array(dates), context: context, template: "_archive_month")
    }
}
