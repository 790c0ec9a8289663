public import PonyORM
public import PonyWeb

/// A day's rows: Django's `DayArchiveView`.
///
/// ```swift
/// app.route("archive/<int:year>/<str:month>/<int:day>/", DayArchiveView(Post.objects, dateField: "published"))
/// ```
///
/// The day is the URL's `year`, `month` (as ``monthFormat`` says, `jan` by default) and `day`
/// parameters (or the query's). It renders `<app>/<model>_archive_day.html` with `day`,
/// `next_day`, `previous_day`, `next_month`, `previous_month` and the rows as `object_list` and
/// `<model>_list`; `date_list` is `None`.
public struct DayArchiveView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>
    /// How the URL writes the month.
    public var monthFormat: MonthFormat

    /// A day of `archive`'s rows.
    public init(_ archive: DateArchive<M>, monthFormat: MonthFormat = .abbreviated) {
        self.archive = archive
        self.monthFormat = monthFormat
    }

    /// A day of `query`'s rows, filed by `dateField`; the defaults are Django's.
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

    /// The day's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "DayArchiveView")
        let day = try URLDate.day(
            year: try URLDate.part(request, "year"), month: (try URLDate.part(request, "month"), monthFormat),
            day: try URLDate.part(request, "day"))
        return try await rows.renderDay(day)
    }
}

/// Today's rows: Django's `TodayArchiveView`, a ``DayArchiveView`` of today in the site's time
/// zone.
///
/// ```swift
/// app.route("today/", TodayArchiveView(Post.objects, dateField: "published"))
/// ```
public struct TodayArchiveView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>

    /// Today's rows of `archive`.
    public init(_ archive: DateArchive<M>) { self.archive = archive }

    /// Today's rows of `query`, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, allowFuture: Bool = false, allowEmpty: Bool = false,
        paginateBy: Int? = nil, templateName: String? = nil
    ) {
        self.init(
            DateArchive(
                query, dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, paginateBy: paginateBy,
                templateName: templateName))
    }

    /// Today's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "TodayArchiveView")
        return try await rows.renderDay(rows.column.today)
    }
}

extension DatedRows {
    /// The page of `day`'s rows (Django's `BaseDayArchiveView._get_dated_items`).
    func renderDay(_ day: CalendarDate) async throws -> Response {
        let dated = try await self.dated(try column.on(day))
        let context: TemplateContext = [
            "day": day,
            "previous_day": try await adjacent(.day, day, previous: true),
            "next_day": try await adjacent(.day, day, previous: false),
            "previous_month": try await adjacent(.month, day, previous: true),
            "next_month": try await adjacent(.month, day, previous: false),
        ]
        return try await render(rows: dated, dateList: .null, context: context, template: "_archive_day")
    }
}
