extension Model {
    /// Reads the instance's fields again from its row (Django's `refresh_from_db()`): all of
    /// them, or only `fields`. Throws ``DoesNotExist`` when the row is gone or was never saved.
    /// `from` is the query the row is read through (Django 5.1's `from_queryset`), such as
    /// `Owner.objects.selectForUpdate()` to lock the row while reading it; a row it does not
    /// match is ``DoesNotExist``.
    ///
    /// ```swift
    /// try await Owner.objects.filter("pk", ann.pk).update(["score": F("score") + 1])
    /// try await ann.refreshFromDB()
    /// ```
    public mutating func refreshFromDB(fields: [String]? = nil, from query: QuerySet<Self>? = nil) async throws {
        let info = Self.schemaInfo
        guard pk != .null else { throw DoesNotExist(model: info.name) }
        let fresh = try await (query ?? Self.objects.all()).get(.lookup("pk", .value(pk)))
        guard let fields else { return self = fresh }
        var values = databaseValues
        let freshValues = fresh.databaseValues
        for name in fields {
            guard let index = info.fieldIndex(name) else {
                throw FieldError(
                    description: "\(info.name) has no field named \"\(name)\". Fields are: "
                        + info.fields.map(\.name).joined(separator: ", ") + ".")
            }
            values[index] = freshValues[index]
        }
        self = try Self(row: ModelRow(values: values[...], model: info.name))
    }

    /// The instance after this one by the date or datetime field `field` (Django's
    /// `get_next_by_FOO()`); rows with the same date follow by primary key. Throws
    /// ``DoesNotExist`` when there is none.
    public func next(by field: String) async throws -> Self { try await neighbour(by: field, after: true) }

    /// The instance before this one by the date or datetime field `field` (Django's
    /// `get_previous_by_FOO()`).
    public func previous(by field: String) async throws -> Self { try await neighbour(by: field, after: false) }

    /// The instance after this one by the date field at `keyPath`, as ``next(by:)-(String)``.
    public func next<V: ModelValue>(by keyPath: any KeyPath<Self, V> & Sendable) async throws -> Self {
        try await next(by: Self.objects.fieldName(keyPath))
    }

    /// The instance before this one by the date field at `keyPath`, as ``previous(by:)-(String)``.
    public func previous<V: ModelValue>(by keyPath: any KeyPath<Self, V> & Sendable) async throws -> Self {
        try await previous(by: Self.objects.fieldName(keyPath))
    }

    /// Django's `_get_next_or_previous_by_FIELD`: `field > value OR (field = value AND pk > pk)`,
    /// ordered by the field and the key.
    private func neighbour(by name: String, after: Bool) async throws -> Self {
        let info = Self.schemaInfo
        guard let index = info.fieldIndex(name),
            info.fields[index].type == .date || info.fields[index].type == .dateTime,
            !info.fields[index].isNullable
        else {
            throw FieldError(
                description:
                    "\(after ? "next" : "previous")(by: \"\(name)\") needs a date or datetime field of \(info.name)"
                    + " that is not optional, as Django's get_\(after ? "next" : "previous")_by_… does.")
        }
        guard pk != .null else {
            throw FieldError(
                description: "\(after ? "next" : "previous")(by:) cannot be used on an unsaved \(info.name).")
        }
        let field = info.fields[index].name
        let value = databaseValues[index]
        let (op, sign) = after ? ("gt", "") : ("lt", "-")
        let condition = (Q(field, value) & Q("pk__" + op, pk)) | Q(field + "__" + op, value)
        guard let found = try await Self.objects.filter(condition).orderBy(sign + field, sign + "pk").first() else {
            throw DoesNotExist(model: info.name)
        }
        return found
    }
}
