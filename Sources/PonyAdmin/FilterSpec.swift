internal import Foundation
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

/// A sidebar filter choice: its label and the parameters it sets (none for "All").
struct FilterChoice: Sendable {
    let label: String
    let parameters: [(String, String)]
}

/// How a filter parameter narrows the rows: an ORM lookup and the parameter's text as the
/// field stores it (`nil` when it cannot be one).
struct FilterLookup: Sendable {
    let lookup: String
    let value: @Sendable (String) -> DatabaseValue?
}

/// A sidebar filter resolved for one request: the parameters it reads, the choices it
/// offers, and how it narrows the rows — Django's `BooleanFieldListFilter`,
/// `ChoicesFieldListFilter`, `RelatedFieldListFilter`, `DateFieldListFilter` and
/// `AllValuesFieldListFilter`, with Django's parameter names.
struct FilterSpec<M: Model>: Sendable {
    let title: String
    let parameters: [String]
    let choices: [FilterChoice]
    private let lookups: [String: FilterLookup]
    private let custom: (@Sendable (QuerySet<M>, String) -> QuerySet<M>)?

    /// Resolves a declared filter, reading a foreign key's rows for its choices.
    init(_ filter: ListFilter<M>) async throws {
        switch filter.kind {
        case .custom(let title, let parameter, let options, let apply):
            self.title = AdminText.text(title)
            parameters = [parameter]
            choices =
                [FilterChoice(label: AdminText.text("All"), parameters: [])]
                + options.map { FilterChoice(label: AdminText.text($0.label), parameters: [(parameter, $0.value)]) }
            lookups = [:]
            custom = apply
        case .field(let name) where !name.contains("__"):
            guard let relation = M.schema.manyToMany.first(where: { $0.info.name == name })?.info else {
                fallthrough
            }
            title = AdminText.text(relation.options.verboseName ?? AdminFields.words(name))
            custom = nil
            (parameters, choices, lookups) = try await FilterSpec.manyToManyFilter(relation)
        case .field(let name):
            guard let field = AdminFields.resolve(name, in: M.schemaInfo) else {
                throw AdminConfigurationError(
                    "listFilter names '\(name)', which is not a field of \(M.schemaInfo.name).", id: "admin.E116")
            }
            title = AdminFields.verboseName(name, in: M.schemaInfo)
            custom = nil
            (parameters, choices, lookups) = try await FilterSpec.fieldFilter(name, field)
        }
    }

    /// Applies the chosen values; a value the field cannot hold is an unknown lookup.
    func apply(to rows: QuerySet<M>, query: QueryDict) throws(UnknownLookup) -> QuerySet<M> {
        var rows = rows
        for parameter in parameters {
            guard let text = query[parameter] else { continue }
            if let custom {
                rows = custom(rows, text)
                continue
            }
            guard let lookup = lookups[parameter], let value = lookup.value(text) else { throw UnknownLookup() }
            rows = rows.filter(Q(lookup.lookup, value))
        }
        return rows
    }

    /// Django's `RelatedFieldListFilter` on a many-to-many field: each target row, and the
    /// rows with none.
    private static func manyToManyFilter(_ relation: ManyToManyInfo) async throws -> (
        [String], [FilterChoice], [String: FilterLookup]
    ) {
        let keyField = relation.target.schemaInfo.primaryKey
        let key = "\(relation.name)__\(keyField.column)__exact", isNull = "\(relation.name)__isnull"
        let lookups = [
            key: FilterLookup(lookup: relation.name) { AdminFields.value($0, for: keyField) },
            isNull: FilterLookup(lookup: isNull) { $0 == "True" ? .integer(1) : $0 == "False" ? .integer(0) : nil },
        ]
        let rows = try await rowTexts(of: relation.target)
        let choices =
            [FilterChoice(label: AdminText.text("All"), parameters: [])]
            + rows.map { FilterChoice(label: $0.text, parameters: [(key, $0.key)]) }
            + [FilterChoice(label: emptyValue, parameters: [(isNull, "True")])]
        return ([key, isNull], choices, lookups)
    }

    private static func fieldFilter(_ name: String, _ field: FieldInfo) async throws -> (
        [String], [FilterChoice], [String: FilterLookup]
    ) {
        let exact = "\(name)__exact", isNull = "\(name)__isnull"
        let all = [FilterChoice(label: AdminText.text("All"), parameters: [])]
        // NB: Django's label for the rows without a value depends on the filter: "Unknown" for
        // a boolean, the admin's empty value ("-") for a relation or a plain value, the
        // choices' own title for `None`, "No date" for a date.
        func empty(_ label: String) -> [FilterChoice] { [FilterChoice(label: label, parameters: [(isNull, "True")])] }
        var lookups: [String: FilterLookup] = [
            isNull: FilterLookup(lookup: isNull) { $0 == "True" ? .integer(1) : $0 == "False" ? .integer(0) : nil }
        ]
        let typed = FilterLookup(lookup: exact) { AdminFields.value($0, for: field) }
        if let options = field.choices {
            lookups[exact] = typed
            let choices = options.filter { $0.0 != .null }.map {
                FilterChoice(label: AdminText.text($0.1), parameters: [(exact, AdminFields.display($0.0))])
            }
            let none = options.first { $0.0 == .null }.map { empty(AdminText.text($0.1)) } ?? []
            return ([exact, isNull], all + choices + none, lookups)
        }
        switch field.type {
        case .boolean:
            lookups[exact] = typed
            let choices = [
                FilterChoice(label: AdminText.text("Yes"), parameters: [(exact, "1")]),
                FilterChoice(label: AdminText.text("No"), parameters: [(exact, "0")]),
            ]
            return (
                [exact, isNull], all + choices + (field.isNullable ? empty(AdminText.text("Unknown")) : []), lookups
            )
        case .foreignKey, .oneToOne:
            guard let target = field.relatedModel else { break }
            let keyField = target.schemaInfo.primaryKey
            let key = "\(name)__\(keyField.column)__exact"
            lookups[key] = FilterLookup(lookup: name) { AdminFields.value($0, for: keyField) }
            let rows = try await rowTexts(of: target)
            let choices = rows.map { FilterChoice(label: $0.text, parameters: [(key, $0.key)]) }
            return ([key, isNull], all + choices + (field.isNullable ? empty(emptyValue) : []), lookups)
        case .dateTime, .date:
            let since = "\(name)__gte", until = "\(name)__lt"
            lookups[since] = FilterLookup(lookup: since) { AdminFields.value($0, for: field) }
            lookups[until] = FilterLookup(lookup: until) { AdminFields.value($0, for: field) }
            let presence =
                field.isNullable
                ? empty(AdminText.text("No date"))
                    + [FilterChoice(label: AdminText.text("Has date"), parameters: [(isNull, "False")])] : []
            return ([since, until, isNull], DateFilter.choices(since: since, until: until) + presence, lookups)
        default: break
        }
        lookups[exact] = typed
        let values = try await M.objects.orderBy(name).distinct().valuesList(name).compactMap(\.first)
        let choices = values.filter { $0 != .null }.map {
            FilterChoice(label: AdminFields.display($0), parameters: [(exact, AdminFields.display($0))])
        }
        return ([exact, isNull], all + choices + (values.contains(.null) ? empty(emptyValue) : []), lookups)
    }

    /// Django's `empty_value_display`, the admin's label for no value.
    private static var emptyValue: String { "-" }
}

/// The rows of a model as keys and texts, for a foreign key's choices.
func rowTexts<T: Model>(of model: T.Type) async throws -> [(key: String, text: String)] {
    // NB: through the protocol, so that a model's own `text` is used, not `Model`'s default.
    try await T.objects.fetch().map { (AdminFields.display($0.pk), ($0 as any TemplateObject).text) }
}

/// The choices of Django's `DateFieldListFilter`, as day ranges in the site's time zone
/// (`ORM.timeZone`, Django's current time zone).
enum DateFilter {
    private static var zone: TimeZone { ORM.timeZone }

    static func choices(since: String, until: String, now: Date = Date()) -> [FilterChoice] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: today) ?? today
        let week = calendar.date(byAdding: .day, value: -7, to: today) ?? today
        let month = calendar.date(from: calendar.dateComponents([.year, .month], from: today)) ?? today
        let nextMonth = calendar.date(byAdding: .month, value: 1, to: month) ?? month
        let year = calendar.date(from: calendar.dateComponents([.year], from: today)) ?? today
        let nextYear = calendar.date(byAdding: .year, value: 1, to: year) ?? year
        func range(_ label: String, _ from: Date, _ to: Date) -> FilterChoice {
            FilterChoice(label: AdminText.text(label), parameters: [(since, day(from)), (until, day(to))])
        }
        return [
            FilterChoice(label: AdminText.text("Any date"), parameters: []), range("Today", today, tomorrow),
            range("Past 7 days", week, tomorrow), range("This month", month, nextMonth),
            range("This year", year, nextYear),
        ]
    }

    /// `2026-12-03`.
    static func day(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: zone, from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1, parts.month ?? 1, parts.day ?? 1)
    }

    /// The instant a `YYYY-MM-DD` day starts in the site's time zone.
    static func parseDay(_ text: String) -> Date? {
        guard let day = CalendarDate(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }
}

/// A mistake in an admin registration, found when the site starts.
struct AdminConfigurationError: Error, CustomStringConvertible {
    let description: String
    let id: String
    init(_ message: String, id: String) {
        description = "\(message) [\(id)]"
        self.id = id
    }
}
