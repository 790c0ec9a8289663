// Django's `QuerySet.dates()`: the distinct years, months or days a date column holds, read
// as date parts (`SELECT DISTINCT year, month …`) so that both backends answer the same way
// and a datetime is taken in UTC, as Django stores it.

/// How finely ``QuerySet/dates(_:_:descending:)`` truncates: Django's `kind`.
public enum DateKind: String, Sendable, CaseIterable {
    /// January 1st of each year.
    case year
    /// The first day of each month.
    case month
    /// Each day.
    case day
}

extension QuerySet {
    /// The distinct dates of the matching rows' `field` (a `DateField` or `DateTimeField`),
    /// truncated to `kind`, earliest first (Django's `dates()`); rows where it is `NULL` are
    /// left out.
    ///
    /// ```swift
    /// let months = try await Entry.objects.filter("published__year", 2026).dates("published", .month)
    /// // [2026-01-01, 2026-03-01]
    /// ```
    public func dates(_ field: String, _ kind: DateKind, descending: Bool = false) async throws -> [CalendarDate] {
        try refuseCombined("dates")
        let info = M.schemaInfo
        guard let column = info.field(named: field), column.type == .date || column.type == .dateTime else {
            let names = info.fields.filter { $0.type == .date || $0.type == .dateTime }.map(\.name)
            throw FieldError(
                description: "dates() needs a DateField or DateTimeField of \(info.name); \"\(field)\" is not one."
                    + " Date fields: \(names.isEmpty ? "none" : names.joined(separator: ", ")).")
        }
        let parts: [DatePart] =
            switch kind {
            case .year: [.year]
            case .month: [.year, .month]
            case .day: [.year, .month, .day]
            }
        let stored = SQLExpression.column(table: info.table, column: column.column)
        let expressions = parts.map { SQLExpression.datePart($0, stored, ofDate: column.type == .date) }
        var query = filter(Q(column.name + "__isnull", false))
        query.related = []
        var (select, _) = try query.selectTree(columns: expressions, ordered: false)
        select.distinct = true
        select.orderBy = expressions.map { SQLSelect.Ordering(expression: $0, descending: descending) }
        let database = try ORM.requireDatabase()
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        return try await database.query(rendered: sql, binds).compactMap { row in
            let numbers = try row.values.map { Int(try Int64(databaseValue: $0)) }
            guard numbers.count == parts.count else { return nil }
            return CalendarDate(
                year: numbers[0], month: numbers.count > 1 ? numbers[1] : 1, day: numbers.count > 2 ? numbers[2] : 1)
        }
    }
}
