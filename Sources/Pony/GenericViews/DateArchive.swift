import Foundation
public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// What the date-based list views share (Django's `DateMixin`, `BaseDateListView` and
/// `MultipleObjectMixin` settings): the rows, the date field that files them, and how a page
/// of them is shown. Each view takes these as its initialiser's arguments, or as one value
/// for the settings its initialiser leaves out (a `query` for each request, `ordering`,
/// `paginateOrphans`, `contextObjectName`, `extraContext`).
///
/// ```swift
/// let archive = DateArchive<Post>(dateField: "published", paginateBy: 20) { request in
///     Post.objects.filter("author", request.query["author"] ?? "")
/// }
/// app.route("mine/", ArchiveIndexView(archive))
/// ```
public struct DateArchive<M: Model>: Sendable {
    /// The rows for a request (Django's `get_queryset`).
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// The `DateField` or `DateTimeField` that files the rows. A `DateTimeField`'s day is its
    /// day in the site's `timeZone`, as Django's is with `USE_TZ`.
    public var dateField: String
    /// Whether rows dated after today (or now) are shown (Django's default: no).
    public var allowFuture: Bool
    /// Whether a period without rows is a page (`true`) or a 404 (Django's default).
    public var allowEmpty: Bool
    /// The rows' order, instead of the newest first (`-dateField`).
    public var ordering: [String]?
    /// Rows per page, or `nil` for one page of all of them.
    public var paginateBy: Int?
    /// Rows that may join the last page rather than make a page of their own.
    public var paginateOrphans: Int
    /// The template, instead of the view's (`<app>/<model>_archive_year.html` and the like).
    public var templateName: String?
    /// The context's name for the rows, instead of `<model>_list` (`latest` in an archive index).
    public var contextObjectName: String?
    /// More context for a request.
    public var extraContext: @Sendable (Request) async throws -> TemplateContext

    /// The rows of `query`, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, allowFuture: Bool = false, allowEmpty: Bool = false,
        ordering: [String]? = nil, paginateBy: Int? = nil, paginateOrphans: Int = 0, templateName: String? = nil,
        contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] }
    ) {
        self.init(
            dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, ordering: ordering,
            paginateBy: paginateBy, paginateOrphans: paginateOrphans, templateName: templateName,
            contextObjectName: contextObjectName, extraContext: extraContext
        ) { _ in query }
    }

    /// The rows `query` picks for each request (the user's own, say), filed by `dateField`.
    public init(
        dateField: String, allowFuture: Bool = false, allowEmpty: Bool = false, ordering: [String]? = nil,
        paginateBy: Int? = nil, paginateOrphans: Int = 0, templateName: String? = nil, contextObjectName: String? = nil,
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] },
        query: @escaping @Sendable (Request) async throws -> QuerySet<M>
    ) {
        self.query = query
        self.dateField = dateField
        self.allowFuture = allowFuture
        self.allowEmpty = allowEmpty
        self.ordering = ordering
        self.paginateBy = paginateBy
        self.paginateOrphans = paginateOrphans
        self.templateName = templateName
        self.contextObjectName = contextObjectName
        self.extraContext = extraContext
    }
}

/// One request's view of a date-based view's rows: the query, its date column, and the clock.
struct DatedRows<M: Model> {
    let archive: DateArchive<M>
    let request: Request
    /// The view's rows before any date applies, in the view's order.
    let query: QuerySet<M>
    let column: DateColumn

    /// Reads the view's settings for `request`; `view` names the view in the error for a
    /// `dateField` that is not a date.
    init(_ archive: DateArchive<M>, _ request: Request, view: String) async throws {
        self.archive = archive
        self.request = request
        column = try DateColumn(M.schemaInfo, archive.dateField, request, view: view)
        query = try await archive.query(request).orderBy(archive.ordering ?? ["-" + archive.dateField])
    }

    /// The rows `condition` dates (see ``DateColumn/within(_:from:)``), without the future unless
    /// allowed, or a 404 when there are none and must be some (Django's `get_dated_queryset`).
    func dated(_ condition: Q? = nil) async throws -> QuerySet<M> {
        var dated = query
        if let condition { dated = dated.filter(condition) }
        if !archive.allowFuture { dated = dated.filter(column.notFuture) }
        if !archive.allowEmpty, !(try await dated.exists()) { throw noRows }
        return dated
    }

    /// The distinct years, months or days of `rows` (dates, or datetimes for a `DateTimeField`),
    /// or a 404 when there are none and must be some (Django's `get_date_list`).
    func dateList(_ rows: QuerySet<M>, _ kind: DateKind, descending: Bool = false) async throws -> [TemplateValue] {
        let days = try await column.days(rows, kind, descending: descending)
        if days.isEmpty, !archive.allowEmpty { throw noRows }
        return days.map(column.templateValue)
    }

    /// The first day of the period before or after the one holding `date` (Django's
    /// `_get_next_prev`): with `allowEmpty`, simply the period next to it (unless it is in the
    /// future); otherwise the nearest one with a row, or `nil`.
    func adjacent(_ period: ArchivePeriod, _ date: CalendarDate, previous: Bool) async throws -> TemplateValue {
        let start = period.start(of: date)
        let end = try period.next(after: date)
        if archive.allowEmpty {
            // NB: Django's previous period before 0001-01-01 is an OverflowError, a 500.
            guard let result = previous ? start.adding(days: -1).map(period.start(of:)) : end,
                archive.allowFuture || result <= column.today
            else { return .null }
            return TemplateValue(any: result)
        }
        let field = archive.dateField
        var nearest =
            previous
            ? query.filter(column.condition("__lt", start)).orderBy("-" + field)
            : query.filter(column.condition("__gte", end)).orderBy(field)
        if !archive.allowFuture { nearest = nearest.filter(column.notFuture) }
        guard let value = try await nearest.limit(1).valuesList(field).first?.first, let day = column.day(of: value)
        else { return .null }
        return TemplateValue(any: period.start(of: day))
    }

    /// The page: the rows (`nil` for none, Django's `qs.none()`) paginated as a list view's,
    /// `date_list`, the view's own context and the archive's extra context, in `template`
    /// unless the archive names another.
    func render(
        rows: QuerySet<M>?, dateList: TemplateValue, context extra: TemplateContext, contextObjectName: String? = nil,
        template: String
    ) async throws -> Response {
        var context = try await MultipleObjects.context(
            request, rows, paginateBy: archive.paginateBy, orphans: archive.paginateOrphans,
            allowEmpty: archive.allowEmpty, name: archive.contextObjectName ?? contextObjectName)
        context.values["date_list"] = dateList
        context.values.merge(extra.values) { $1 }
        context.values.merge(try await archive.extraContext(request).values) { $1 }
        return try PonyWeb.render(request, archive.templateName ?? SingleObject<M>.templateName(template), context)
    }

    /// Django's 404 for a period without rows: “No entries available”.
    private var noRows: HTTPError { HTTPError.notFound("No \(M.schemaInfo.verboseNamePlural) available") }
}

/// A view's date field as a request sees it: a `DateField` compares with days, a
/// `DateTimeField` with instants at the start of days in the site's time zone.
struct DateColumn {
    let name: String
    let isDateTime: Bool
    let zone: TimeZone
    /// Now, and today in the site's time zone (Django's `timezone.now()` and `localdate()`).
    let now = Date()
    let today: CalendarDate

    /// The column `name` of `info`, or a 500 saying which fields are dates.
    init(_ info: SchemaInfo, _ name: String, _ request: Request, view: String) throws {
        guard let field = info.field(named: name), field.type == .date || field.type == .dateTime else {
            let dates = info.fields.filter { $0.type == .date || $0.type == .dateTime }.map(\.name)
            throw HTTPError(
                .internalServerError,
                "\(view)'s dateField \"\(name)\" is not a DateField or DateTimeField of \(info.name)."
                    + " Its date fields: \(dates.isEmpty ? "none" : dates.joined(separator: ", ")).")
        }
        self.name = name
        isDateTime = field.type == .dateTime
        zone = request.settings?.timeZone ?? TimeZone(identifier: "UTC") ?? .gmt
        today = CalendarDate(now, in: zone) ?? .min
    }

    /// The condition that the column compares with `day` by `lookup` (`__gte`): for a
    /// `DateTimeField`, with the start of that day (Django's `_make_date_lookup_arg`).
    func condition(_ lookup: String, _ day: CalendarDate) -> Q {
        isDateTime ? Q(name + lookup, midnight(day)) : Q(name + lookup, day)
    }

    /// The rows dated in the period that starts on `start`; a 404 when the next period is past
    /// year 9999.
    func within(_ period: ArchivePeriod, from start: CalendarDate) throws -> Q {
        condition("__gte", start) & condition("__lt", try period.next(after: start))
    }

    /// The rows of `day` (Django's `_make_single_date_lookup`).
    func on(_ day: CalendarDate) throws -> Q { isDateTime ? try within(.day, from: day) : Q(name, day) }

    /// Not in the future: up to now, or up to today for a `DateField`.
    var notFuture: Q { isDateTime ? Q(name + "__lte", now) : Q(name + "__lte", today) }

    /// The day a stored value falls on, in the site's time zone; `nil` for `NULL`.
    func day(of value: DatabaseValue) -> CalendarDate? {
        if isDateTime { return (try? Date(databaseValue: value)).flatMap { CalendarDate($0, in: zone) } }
        return try? CalendarDate(databaseValue: value)
    }

    /// How a day of a date list reaches a template: a date, or for a `DateTimeField` the
    /// instant the day starts (Django's `datetimes()`).
    func templateValue(_ day: CalendarDate) -> TemplateValue {
        isDateTime ? .date(midnight(day)) : TemplateValue(any: day)
    }

    /// The distinct days of `rows`, truncated to `kind`; a `DateTimeField`'s in the site's
    /// time zone.
    func days<M: Model>(_ rows: QuerySet<M>, _ kind: DateKind, descending: Bool) async throws -> [CalendarDate] {
        try await ORM.$timeZone.withValue(zone) { try await rows.dates(name, kind, descending: descending) }
    }

    /// The instant `day` starts in the site's time zone (the first instant after a gap).
    private func midnight(_ day: CalendarDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let utc = Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? utc
    }
}
