public import Foundation

// Django's `QuerySet.dates()` and `datetimes()`: the distinct days or instants a date or
// datetime column holds, truncated to a year, a month, …; a datetime's taken in
// `ORM.timeZone`, as Django takes it in the current time zone.

/// How finely ``QuerySet/dates(_:_:descending:)`` truncates: Django's `kind`.
public enum DateKind: String, Sendable, CaseIterable {
    /// January 1st of each year.
    case year
    /// The first day of each month.
    case month
    /// The Monday of each ISO 8601 week.
    case week
    /// Each day.
    case day
}

extension QuerySet {
    /// The distinct dates of the matching rows' `field` (a `DateField` or `DateTimeField`,
    /// whose days are those of `ORM.timeZone`), truncated to `kind`, earliest first (Django's
    /// `dates()`); rows where it is `NULL` are left out.
    ///
    /// ```swift
    /// let months = try await Entry.objects.filter("published__year", 2026).dates("published", .month)
    /// // [2026-01-01, 2026-03-01]
    /// ```
    public func dates(_ field: String, _ kind: DateKind, descending: Bool = false) async throws -> [CalendarDate] {
        let (column, source) = try dateColumn(field, "dates", types: [.date, .dateTime])
        let day = source == .date ? column : SQLExpression.datePart(.date, column, source)
        let truncated = kind == .day ? day : .truncated(TruncKind(rawValue: kind.rawValue) ?? .day, day, .date)
        return try await distinct(truncated, field, descending: descending).map { value in
            guard let date = try? CalendarDate(databaseValue: value) else {
                throw DatabaseError("dates() read \(value), which is not a date.")
            }
            return date
        }
    }

    /// The distinct instants of the matching rows' `field` (a `DateTimeField`), truncated to
    /// `kind` in `ORM.timeZone`, earliest first (Django's `datetimes()`); rows where it is
    /// `NULL` are left out. `kind` is `.year`, `.month`, `.week`, `.day`, `.hour`, `.minute` or
    /// `.second`.
    ///
    /// ```swift
    /// let hours = try await Visit.objects.filter("at__date", today).datetimes("at", .hour)
    /// ```
    public func datetimes(_ field: String, _ kind: TruncKind, descending: Bool = false) async throws -> [Date] {
        guard kind != .quarter, kind != .date, kind != .time else {
            throw FieldError(
                description: "'kind' must be one of 'year', 'month', 'week', 'day', 'hour', 'minute', or 'second'.")
        }
        let (column, source) = try dateColumn(field, "datetimes", types: [.dateTime])
        return try await distinct(.truncated(kind, column, source), field, descending: descending).map { value in
            try Date(databaseValue: value)
        }
    }

    /// The column `field` of the model, of one of `types`, with what it holds.
    private func dateColumn(_ field: String, _ method: String, types: [FieldType]) throws -> (
        SQLExpression, TemporalSource
    ) {
        try refuseCombined(method)
        let info = M.schemaInfo
        guard let column = info.field(named: field), types.contains(column.type),
            let source = TemporalSource(column.type)
        else {
            let names = info.fields.filter { types.contains($0.type) }.map(\.name)
            let (kinds, label) =
                types == [.dateTime]
                ? ("a DateTimeField", "Datetime fields") : ("a DateField or DateTimeField", "Date fields")
            throw FieldError(
                description: "\(method)() needs \(kinds) of \(info.name); \"\(field)\" is not one."
                    + " \(label): \(names.isEmpty ? "none" : names.joined(separator: ", ")).")
        }
        return (.column(table: info.table, column: column.column), source)
    }

    /// The distinct values of `expression` over the matching rows where `field` is not `NULL`.
    private func distinct(_ expression: SQLExpression, _ field: String, descending: Bool) async throws
        -> [DatabaseValue]
    {
        var query = filter(Q(field + "__isnull", false))
        query.related = []
        var (select, _) = try query.selectTree(columns: [expression], ordered: false)
        select.distinct = true
        select.orderBy = [SQLSelect.Ordering(expression: expression, descending: descending)]
        let database = try ORM.requireDatabase()
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        return try await database.query(rendered: sql, binds).compactMap(\.values.first)
    }
}
