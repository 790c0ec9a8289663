internal import Foundation
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

// How a changelist is made (Django's `ChangeList`): the query parameters are read into a
// query set in named steps — filters (`field__exact=…`), search (`q`), ordering (`o=1.-2`),
// then the page (`p`) — and only the page's rows are fetched, with the foreign keys the
// columns show joined in. An unknown parameter is refused, as Django refuses it (redirect
// with `?e=1`): only the filters the admin declares may narrow the rows.

/// The query parameters a changelist reads itself.
enum ChangeListParameter {
    static let search = "q", order = "o", page = "p", all = "all", error = "e", popup = "_popup", toField = "_to_field"
    static let reserved: Set<String> = [search, order, page, all, error, popup, toField, "_changelist_filters"]
}

/// A changelist parameter that names no filter of this admin.
struct UnknownLookup: Error {}

/// One changelist request, resolved.
struct ChangeList<M: Model> {
    let admin: ModelAdmin<M>
    let query: QueryDict
    /// The rows after the admin's own narrowing, before filters and search.
    let root: QuerySet<M>
    /// The rows after filters and search.
    let filtered: QuerySet<M>
    /// The sort: column index and whether descending, most significant first.
    let sort: [(column: Int, descending: Bool)]
    let search: String
    let filters: [FilterSpec<M>]
    /// The chosen period of the admin's `dateHierarchy`, if it has one.
    let dateHierarchy: DateHierarchy<M>?

    init(admin: ModelAdmin<M>, request: Request, root: QuerySet<M>) async throws {
        self.admin = admin
        query = request.query
        self.root = root
        search = query[ChangeListParameter.search] ?? ""
        var filters: [FilterSpec<M>] = []
        for filter in admin.listFilter { filters.append(try await FilterSpec(filter)) }
        self.filters = filters
        var rows = root
        var used = Set<String>()
        for filter in filters {
            rows = try filter.apply(to: rows, query: query)
            used.formUnion(filter.parameters)
        }
        if let name = admin.dateHierarchy {
            let hierarchy = try DateHierarchy<M>(name, query: query)
            rows = hierarchy.apply(to: rows)
            used.formUnion(DateHierarchy<M>.parameters(name))
            dateHierarchy = hierarchy
        } else {
            dateHierarchy = nil
        }
        for key in query.keys where !ChangeListParameter.reserved.contains(key) && !used.contains(key) {
            throw UnknownLookup()
        }
        if let condition = ChangeList.searchCondition(search, fields: admin.searchFields) {
            rows = rows.filter(condition)
        }
        filtered = rows
        sort = ChangeList.sort(query[ChangeListParameter.order] ?? "", columns: admin.listDisplay.count)
    }

    /// Every word of the search in at least one search field (Django's `get_search_results`):
    /// `^name` starts with it, `=name` is it, `@name` finds it by full-text search on PostgreSQL
    /// (Django's `search` lookup; on SQLite, which has none, `@name` contains it).
    static func searchCondition(_ search: String, fields: [String]) -> Q? {
        let words = splitWords(search)
        guard !fields.isEmpty, !words.isEmpty else { return nil }
        let fullText = ORM.database.map { $0.dialect != .sqlite } ?? false
        return .and(
            words.map { word in
                .or(
                    fields.map { field in
                        switch field.first {
                        case "^": Q("\(field.dropFirst())__istartswith", word)
                        case "=": Q("\(field.dropFirst())__iexact", word)
                        case "@": Q("\(field.dropFirst())__\(fullText ? "search" : "icontains")", word)
                        default: Q("\(field)__icontains", word)
                        }
                    })
            })
    }

    /// Django's `smart_split` for search terms: words, or phrases in quotes.
    static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character.isWhitespace {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `o=1.-3`: 1-based column numbers, `-` for descending; out-of-range and repeated
    /// numbers are ignored, as Django ignores them.
    static func sort(_ text: String, columns: Int) -> [(column: Int, descending: Bool)] {
        var seen = Set<Int>()
        return text.split(separator: ".").compactMap { part in
            let descending = part.hasPrefix("-")
            guard let number = Int(descending ? part.dropFirst() : part), number >= 1, number <= columns,
                seen.insert(number).inserted
            else { return nil }
            return (number - 1, descending)
        }
    }

    /// The ORM ordering: the chosen columns that are fields, then the admin's or model's
    /// ordering, then the primary key descending, so that pages never overlap.
    func ordering() -> [String] {
        var terms: [String] = []
        for (column, descending) in sort {
            guard let field = admin.listDisplay[column].sortField(M.self) else { continue }
            terms.append((descending ? "-" : "") + field)
        }
        if terms.isEmpty { terms = admin.ordering.isEmpty ? M.schemaInfo.options.ordering : admin.ordering }
        if !terms.contains(where: { $0 == "pk" || $0 == "-pk" }) { terms.append("-pk") }
        return terms
    }
}

extension AdminColumn {
    /// The field path the column sorts by, or `nil` when it cannot sort (a computed column,
    /// `__str__`, or a relation as a whole, which sorts by its key).
    func sortField(_ model: M.Type) -> String? {
        guard compute == nil, name != "__str__" else { return nil }
        return AdminFields.resolve(name, in: M.schemaInfo) == nil ? nil : name
    }
}

/// Field paths (`owner__name`) resolved against models.
enum AdminFields {
    /// The field a path ends at, following foreign keys.
    static func resolve(_ path: String, in info: SchemaInfo) -> FieldInfo? {
        let parts = path.split(separator: "__").map(String.init)
        var current = info
        for (index, part) in parts.enumerated() {
            guard let field = current.field(named: part) ?? current.fields.first(where: { $0.column == part }) else {
                return nil
            }
            if index == parts.count - 1 { return field }
            guard let target = field.relatedModel else { return nil }
            current = target.schemaInfo
        }
        return nil
    }

    /// The label Django gives a field: its verbose name in the current language, first letter
    /// capitalised.
    static func label(_ path: String, in info: SchemaInfo) -> String { capitalized(verboseName(path, in: info)) }

    /// A field's verbose name in the current language ("staff status"; a filter's title).
    static func verboseName(_ path: String, in info: SchemaInfo) -> String {
        if path == "__str__" { return AdminText.text(info.verboseName) }
        guard let field = resolve(path, in: info) else { return path.replacingOccurrences(of: "_", with: " ") }
        return AdminText.text(field.options.verboseName ?? words(field.name))
    }

    /// "createdAt" → "created at".
    static func words(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty { out.append(" ") }
            out.append(character == "_" ? " " : Character(character.lowercased()))
        }
        return out
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// A query parameter's text as the field stores it, or `nil` when it cannot be one.
    static func value(_ text: String, for field: FieldInfo) -> DatabaseValue? {
        if let choices = field.choices {
            return choices.first { display($0.0) == text }?.0
        }
        switch field.type {
        case .boolean:
            switch text {
            case "1", "True", "true": return .integer(1)
            case "0", "False", "false": return .integer(0)
            default: return nil
            }
        case .integer, .bigInteger, .smallInteger, .positiveInteger, .positiveBigInteger, .positiveSmallInteger, .auto,
            .bigAuto:
            return Int64(text).map(DatabaseValue.integer)
        case .float: return Double(text).map(DatabaseValue.double)
        case .foreignKey, .oneToOne:
            guard let key = field.relatedModel?.schemaInfo.primaryKey else { return .text(text) }
            return value(text, for: key)
        case .dateTime:
            return DateFilter.parseDay(text).map(\.databaseValue)
        case .date:
            return CalendarDate(text).map(\.databaseValue)
        default: return .text(text)
        }
    }

    /// A stored value as a query parameter (`1` for true).
    static func display(_ value: DatabaseValue) -> String {
        switch value {
        case .null: ""
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .text(let text): text
        case .blob: ""
        }
    }
}
