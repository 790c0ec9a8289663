public import PonyORM
public import PonyWeb

/// A week's rows: Django's `WeekArchiveView`.
///
/// ```swift
/// app.route("archive/<int:year>/week/<int:week>/", WeekArchiveView(Post.objects, dateField: "published"))
/// ```
///
/// The week is the URL's `year` and `week` parameters (or `?year=` and `?week=`), numbered as
/// ``weekFormat`` says (from Sunday, week 0 before the first one, by default). It renders
/// `<app>/<model>_archive_week.html` with `week` (its first day), `next_week` and
/// `previous_week`, and the rows as `object_list` and `<model>_list`; `date_list` is `None`.
public struct WeekArchiveView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>
    /// How the URL numbers the week.
    public var weekFormat: WeekFormat

    /// A week of `archive`'s rows.
    public init(_ archive: DateArchive<M>, weekFormat: WeekFormat = .sundayFirst) {
        self.archive = archive
        self.weekFormat = weekFormat
    }

    /// A week of `query`'s rows, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, weekFormat: WeekFormat = .sundayFirst,
        allowFuture: Bool = false, allowEmpty: Bool = false, paginateBy: Int? = nil, templateName: String? = nil
    ) {
        self.init(
            DateArchive(
                query, dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, paginateBy: paginateBy,
                templateName: templateName),
            weekFormat: weekFormat)
    }

    /// The week's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "WeekArchiveView")
        let period = ArchivePeriod.week(weekFormat)
        let week = try URLDate.week(
            year: try URLDate.part(request, "year"), week: try URLDate.part(request, "week"), format: weekFormat)
        let dated = try await rows.dated(try rows.column.within(period, from: week))
        let context: TemplateContext = [
            "week": week,
            "next_week": try await rows.adjacent(period, week, previous: false),
            "previous_week": try await rows.adjacent(period, week, previous: true),
        ]
        return try await rows.render(rows: dated, dateList: .null, context: context, template: "_archive_week")
    }
}
