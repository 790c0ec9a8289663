public import PonyORM
public import PonyWeb

/// The months of a year that have rows: Django's `YearArchiveView`.
///
/// ```swift
/// app.route("archive/<int:year>/", YearArchiveView(Post.objects, dateField: "published"))
/// ```
///
/// The year is the URL's `year` parameter (or `?year=`), four digits. It renders
/// `<app>/<model>_archive_year.html` with `year` (January 1st), `next_year` and
/// `previous_year` (the nearest years with rows, or `None`), `date_list` (the months with
/// rows) and, with ``makeObjectList``, the year's rows as `object_list` and `<model>_list`.
public struct YearArchiveView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>
    /// Whether the page lists the year's rows too, not only its months (Django's default: no).
    public var makeObjectList: Bool

    /// A year of `archive`'s rows.
    public init(_ archive: DateArchive<M>, makeObjectList: Bool = false) {
        self.archive = archive
        self.makeObjectList = makeObjectList
    }

    /// A year of `query`'s rows, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, makeObjectList: Bool = false, allowFuture: Bool = false,
        allowEmpty: Bool = false, paginateBy: Int? = nil, templateName: String? = nil
    ) {
        self.init(
            DateArchive(
                query, dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, paginateBy: paginateBy,
                templateName: templateName),
            makeObjectList: makeObjectList)
    }

    /// The year's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "YearArchiveView")
        let year = try URLDate.day(year: try URLDate.part(request, "year"))
        let dated = try await rows.dated(try rows.column.within(.year, from: year))
        let dates = try await rows.dateList(dated, .month)
        let context: TemplateContext = [
            "year": year,
            "next_year": try await rows.adjacent(.year, year, previous: false),
            "previous_year": try await rows.adjacent(.year, year, previous: true),
        ]
        return try await rows.render(
            rows: makeObjectList ? dated : nil, dateList: .array(dates), context: context, template: "_archive_year")
    }
}
