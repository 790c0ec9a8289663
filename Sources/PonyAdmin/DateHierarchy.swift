internal import Foundation
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

// The date drill-down above a changelist (Django's `date_hierarchy`): `createdAt__year=2026`,
// then `__month`, then `__day`, each narrowing the rows by a range on the column (so an index
// serves it), and links to the years, months or days the narrowed rows hold.

/// The chosen year, month and day of a changelist's date hierarchy.
struct DateHierarchy<M: Model>: Sendable {
    let field: FieldInfo
    let year: Int?, month: Int?, day: Int?

    /// `createdAt__year`, `createdAt__month`, `createdAt__day`.
    static func parameters(_ name: String) -> [String] { ["year", "month", "day"].map { "\(name)__\($0)" } }

    /// Reads the chosen parts; a part that is no number, no such day, or a month without its
    /// year is an unknown lookup (Django's `IncorrectLookupParameters`).
    init(_ name: String, query: QueryDict) throws(UnknownLookup) {
        guard let field = AdminFields.resolve(name, in: M.schemaInfo) else { throw UnknownLookup() }
        self.field = field
        let names = DateHierarchy.parameters(name)
        var parts: [Int?] = []
        for parameter in names {
            guard let text = query[parameter] else {
                parts.append(nil)
                continue
            }
            guard let number = Int(text) else { throw UnknownLookup() }
            parts.append(number)
        }
        (year, month, day) = (parts[0], parts[1], parts[2])
        if (month != nil && year == nil) || (day != nil && month == nil) { throw UnknownLookup() }
        if let year, CalendarDate(year: year, month: month ?? 1, day: day ?? 1) == nil { throw UnknownLookup() }
    }

    /// The rows in the chosen period: `field >= start AND field < end` for a datetime (the
    /// period's days in the site's time zone, `ORM.timeZone`), `field >= first AND field <= last`
    /// for a date.
    func apply(to rows: QuerySet<M>) -> QuerySet<M> {
        guard let year, let first = CalendarDate(year: year, month: month ?? 1, day: day ?? 1) else { return rows }
        let last =
            day != nil
            ? first
            : month != nil
                ? CalendarDate(year: year, month: first.month, day: DateHierarchy.days(inMonth: first.month, of: year))
                : CalendarDate(year: year, month: 12, day: 31)
        guard let last else { return rows }
        if field.type == .date {
            return rows.filter(.and([Q("\(field.name)__gte", first), Q("\(field.name)__lte", last)]))
        }
        guard let start = DateHierarchy.midnight(first), let end = DateHierarchy.midnight(last, plusDays: 1) else {
            return rows
        }
        return rows.filter(.and([Q("\(field.name)__gte", start), Q("\(field.name)__lt", end)]))
    }

    /// The links above the changelist for `rows` (already narrowed to the chosen period):
    /// Django's `date_hierarchy` tag, which starts at the months of a single year, or the
    /// days of a single month, when the rows span no more.
    func links(_ rows: QuerySet<M>, link: ([(String, String)]) -> String) async throws -> [String: Any] {
        let (yearName, monthName, dayName) = (
            "\(field.name)__year", "\(field.name)__month", "\(field.name)__day"
        )
        var (year, month) = (self.year, self.month)
        if year == nil {
            let range = try await rows.aggregate(.min(field.name), .max(field.name))
            if let first = day(range["\(field.name)__min"]), let last = day(range["\(field.name)__max"]),
                first.year == last.year
            {
                year = first.year
                if first.month == last.month { month = first.month }
            }
        }
        if let year, let month, let day, let date = CalendarDate(year: year, month: month, day: day) {
            return [
                "back": ["link": link([(yearName, "\(year)"), (monthName, "\(month)")]), "title": yearMonth(date)],
                "choices": [["title": monthDay(date)]],
            ]
        }
        if let year, let month {
            let days = try await rows.dates(field.name, .day)
            return [
                "back": ["link": link([(yearName, "\(year)")]), "title": "\(year)"],
                "choices": days.map {
                    [
                        "link": link([(yearName, "\(year)"), (monthName, "\(month)"), (dayName, "\($0.day)")]),
                        "title": monthDay($0),
                    ]
                },
            ]
        }
        if let year {
            let months = try await rows.dates(field.name, .month)
            return [
                "back": ["link": link([]), "title": AdminText.text("All dates")],
                "choices": months.map {
                    ["link": link([(yearName, "\(year)"), (monthName, "\($0.month)")]), "title": yearMonth($0)]
                },
            ]
        }
        let years = try await rows.dates(field.name, .year)
        return ["choices": years.map { ["link": link([(yearName, "\($0.year)")]), "title": "\($0.year)"] }]
    }

    /// The day of a stored value: a date, or a datetime's day in the site's time zone.
    private func day(_ value: DatabaseValue?) -> CalendarDate? {
        guard let value, value != .null else { return nil }
        if field.type == .date { return try? CalendarDate(databaseValue: value) }
        return (try? Date(databaseValue: value)).flatMap { CalendarDate($0, in: ORM.timeZone) }
    }

    /// The current language's `YEAR_MONTH_FORMAT`, first letter capitalised: "November 2026".
    private func yearMonth(_ date: CalendarDate) -> String { formatted(date, "YEAR_MONTH_FORMAT") }

    /// The current language's `MONTH_DAY_FORMAT`: "November 14"; German "14. November".
    private func monthDay(_ date: CalendarDate) -> String { formatted(date, "MONTH_DAY_FORMAT") }

    /// Django's `capfirst(formats.date_format(day, name))`.
    private func formatted(_ date: CalendarDate, _ name: String) -> String {
        let text = TemplateDay(year: date.year, month: date.month, day: date.day)?.formatted(name) ?? date.description
        return AdminFields.capitalized(text)
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        (28...31).last { CalendarDate(year: year, month: month, day: $0) != nil } ?? 28
    }

    /// The instant `date` (or the day `plusDays` after it) starts in the site's time zone.
    private static func midnight(_ date: CalendarDate, plusDays: Int = 0) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ORM.timeZone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day + plusDays))
    }
}
