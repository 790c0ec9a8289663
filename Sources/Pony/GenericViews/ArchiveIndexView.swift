public import PonyORM
public import PonyWeb

/// The newest rows and the years they fall in: Django's `ArchiveIndexView`.
///
/// ```swift
/// app.route("archive/", ArchiveIndexView(Post.objects, dateField: "published", paginateBy: 20))
/// ```
///
/// It renders `<app>/<model>_archive.html` with `latest` (and `object_list`): the rows up to
/// today (see ``DateArchive/allowFuture``), newest first; and `date_list`: the years they fall
/// in, newest first (or the months or days, with ``dateListPeriod``). No rows is a 404 ("No
/// posts available") unless ``DateArchive/allowEmpty``.
public struct ArchiveIndexView<M: Model>: GenericView {
    /// The rows, their date field, and how they are shown.
    public var archive: DateArchive<M>
    /// What `date_list` holds: years (Django's default), months or days.
    public var dateListPeriod: DateKind

    /// An archive of `archive`'s rows.
    public init(_ archive: DateArchive<M>, dateListPeriod: DateKind = .year) {
        self.archive = archive
        self.dateListPeriod = dateListPeriod
    }

    /// An archive of `query`'s rows, filed by `dateField`; the defaults are Django's.
    public init(
        _ query: QuerySet<M> = M.objects, dateField: String, dateListPeriod: DateKind = .year,
        allowFuture: Bool = false,
        allowEmpty: Bool = false, paginateBy: Int? = nil, templateName: String? = nil
    ) {
        self.init(
            DateArchive(
                query, dateField: dateField, allowFuture: allowFuture, allowEmpty: allowEmpty, paginateBy: paginateBy,
                templateName: templateName),
            dateListPeriod: dateListPeriod)
    }

    /// The archive's page.
    public func response(for request: Request) async throws -> Response {
        let rows = try await DatedRows(archive, request, view: "ArchiveIndexView")
        let dated = try await rows.dated()
        let dates = try await rows.dateList(dated, dateListPeriod, descending: true)
        return try await rows.render(
            rows: dates.isEmpty ? nil : dated, dateList: .array(dates), context: [:], contextObjectName: "latest",
            template: "_archive")
    }
}
