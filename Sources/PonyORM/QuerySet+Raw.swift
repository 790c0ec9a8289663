extension QuerySet {
    /// The model's rows that a SQL query of your own returns (Django's `Manager.raw()`):
    /// `Book.objects.raw("SELECT * FROM library_book WHERE pages > %s", [100])`.
    ///
    /// As in Django, `%s` stands for each parameter, bound by the database and never written
    /// into the text, on every backend (`%%` is a `%`); columns are matched to fields by
    /// name. A Swift model has every field, so the query must select every column, the
    /// primary key included; other columns are ignored. Only on `Model.objects` itself: a
    /// query's filters, ordering and slices do not apply to SQL of your own.
    public func raw(_ sql: String, _ parameters: [any ModelValue] = []) async throws -> [M] {
        guard condition == .and([]), having == .and([]), orderings == nil, limit == nil, offset == 0,
            annotations.isEmpty, !isDistinct, combination == nil
        else {
            throw FieldError(
                description:
                    "raw() runs your SQL as it is, so it cannot follow filters, ordering or slices: call it on \(M.schemaInfo.name).objects."
            )
        }
        let database = try ORM.requireDatabase()
        let rendered = try Self.placeholders(sql, count: parameters.count, database.dialect)
        let rows = try await database.query(rendered: rendered, parameters.map(\.databaseValue))
        let info = M.schemaInfo
        guard let first = rows.first else { return [] }
        var positions: [Int] = []
        var missing: [String] = []
        for field in info.fields {
            if let position = first.columns.firstIndex(of: field.column) {
                positions.append(position)
            } else if field.isPrimaryKey {
                throw FieldError(description: "Raw query must include the primary key (\(field.column)).")
            } else {
                missing.append(field.column)
            }
        }
        guard missing.isEmpty else {
            throw FieldError(
                description: "The raw query has no column \(missing.joined(separator: ", ")) of \(info.name):"
                    + " a Swift model loads every field, so select them all (SELECT * or name each one).")
        }
        return try rows.map { row in
            try M(row: ModelRow(values: positions.map { row.values[$0] }[...], model: info.name))
        }
    }

    /// `sql` with each `%s` replaced by the dialect's placeholder and `%%` by `%`, as Django
    /// reads the SQL of `raw()`; an error when the `%s` and the parameters differ in number.
    static func placeholders(_ sql: String, count: Int, _ dialect: SQLDialect) throws -> String {
        var result = ""
        var used = 0
        var characters = sql.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            switch characters.next() {
            case "s":
                used += 1
                result += dialect.placeholder(used)
            case "%": result.append("%")
            case let other:
                throw FieldError(
                    description:
                        "raw(): \"%\(other.map(String.init) ?? "")\" in the SQL is neither %s (a parameter) nor %% (a percent sign)."
                )
            }
        }
        guard used == count else {
            throw FieldError(description: "raw(): the SQL has \(used) %s but \(count) parameters were given.")
        }
        return result
    }
}
