/// `get()` found no row. Thrown from a view, it is a 404 page.
public struct DoesNotExist: Error, CustomStringConvertible, Sendable {
    /// The model.
    public let model: String
    public var description: String { "\(model) matching query does not exist." }
}

/// `get()` found more than one row.
public struct MultipleObjectsReturned: Error, CustomStringConvertible, Sendable {
    /// The model.
    public let model: String
    /// How many rows matched (up to 21, as Django counts).
    public let count: Int
    public var description: String {
        "get() returned more than one \(model) -- it returned \(count > 20 ? "more than 20" : String(count))!"
    }
}

extension QuerySet {
    /// The `SELECT` for this query with its bound values; `columns` replaces the model's columns.
    func selectSQL(_ dialect: SQLDialect, columns: [SQLExpression]? = nil, paths: [String] = [], ordered: Bool = true)
        throws -> (sql: String, binds: [DatabaseValue], related: [(alias: String, model: any Model.Type, field: Int)])
    {
        guard columns == nil, paths.isEmpty, ordered, let (key, values) = try statementKey(dialect) else {
            let (select, related) = try selectTree(columns: columns, paths: paths, ordered: ordered)
            let (sql, binds) = SQLRenderer.render(select, dialect)
            return (sql, binds, related)
        }
        let binds = values + (limit.map { [.integer(Int64($0))] } ?? [])
        if let sql = M.schemaInfo.statements[key] { return (sql, binds, []) }
        let (select, related) = try selectTree(columns: nil, paths: [], ordered: true)
        let (sql, rendered) = SQLRenderer.render(select, dialect)
        // NB: kept only when the values went into the statement as they are, so that any
        // values of the same lookups bind the same way.
        if rendered == binds { M.schemaInfo.statements[key] = sql }
        return (sql, rendered, related)
    }

    /// For the commonest queries — comparisons on fields of the model itself joined by AND
    /// (`get(pk:)`, `filter("slug", …)`, a session by key and expiry), maybe ordered and
    /// limited (`first()`) — a key for their cached SQL, and the compared values in order.
    ///
    /// NB: the key holds each value's kind too: a lookup may render differently for a text
    /// and a number, and the cached statement must be the one these values would build.
    private func statementKey(_ dialect: SQLDialect) throws -> (StatementCache.Key, [DatabaseValue])? {
        guard offset == 0, !isDistinct, related.isEmpty, !lockForUpdate, annotations.isEmpty, having == .and([]),
            combination == nil
        else { return nil }
        let lookups: [Q]
        switch condition {
        case .lookup: lookups = [condition]
        case .and(let parts) where !parts.isEmpty && parts.count <= 4: lookups = parts
        default: return nil
        }
        var shape = ""
        var values: [DatabaseValue] = []
        values.reserveCapacity(lookups.count)
        for lookup in lookups {
            guard case .lookup(let path, .value(let given)) = lookup, given != .null else { return nil }
            let parts = lookupParts(path)
            guard parts.count <= 2, let field = M.schemaInfo.field(named: parts[0]),
                parts.count == 1 || ComparisonOperator(lookup: parts[1]) != nil
            else { return nil }
            // NB: converted as the compiler converts it, so that the statement's binds are these.
            let value = try field.prepared(
                given, rounding: FractionRounding(lookup: parts.count == 2 ? parts[1] : "exact"), lookup: path)
            shape += path
            shape += value.kindMark
            values.append(value)
        }
        if let orderings {
            guard orderings.count <= 2 else { return nil }
            for ordering in orderings {
                guard let spelled = ordering.name else { return nil }
                let name = spelled.hasPrefix("-") ? String(spelled.dropFirst()) : spelled
                guard name == "pk" || M.schemaInfo.field(named: name) != nil else { return nil }
                shape += " ORDER " + spelled
            }
        }
        return (StatementCache.Key(vendor: dialect.vendor, path: shape, limited: limit != nil), values)
    }

    /// The query as a tree (see ``selectSQL(_:columns:paths:ordered:)``), with the models
    /// `selectRelated` adds to each row.
    func selectTree(
        columns: [SQLExpression]? = nil, paths: [String] = [], ordered: Bool = true, outer: OuterQuery? = nil
    ) throws -> (SQLSelect, [(alias: String, model: any Model.Type, field: Int)]) {
        if let combination {
            if !paths.isEmpty { try refuseCombined("values") }
            if columns != nil { try refuseCombined("update") }
            return (try combinedTree(combination), [])
        }
        let info = M.schemaInfo
        var compiler = SQLCompiler(root: info, annotations: annotations, outer: outer)
        let root = compiler.rootAlias
        var items: [SQLSelect.Item] =
            columns.map { $0.map { .expression($0, alias: nil) } }
            ?? [.modelColumns(table: root, columns: info.columns)]
        var groupBy: [SQLExpression] = []
        if !paths.isEmpty {
            items = []
            for path in paths {
                let expression = try compiler.selected(path).expression
                if let annotation = annotations.first(where: { $0.name == path }) {
                    items.append(.expression(annotation.readable(expression), alias: path))
                    // NB: as Django does, rows are grouped by the values and the expressions
                    // they show, not by the aggregates.
                    if !aggregates(annotation) { groupBy.append(expression) }
                } else {
                    items.append(.expression(expression, alias: nil))
                    groupBy.append(expression)
                }
            }
        } else if isGrouped {
            groupBy.append(.column(table: root, column: info.primaryKey.column))
        }
        var related: [(String, any Model.Type, Int)] = []
        if columns == nil && paths.isEmpty {
            for path in self.related {
                guard let index = info.fieldIndex(path), let target = info.fields[index].relatedModel else {
                    throw FieldError(
                        description: "Invalid field name in selectRelated: \"\(path)\". Choices are: "
                            + info.fields.filter { $0.relatedModel != nil }.map(\.name).joined(separator: ", ") + ".")
                }
                let targetInfo = target.schemaInfo
                // NB: resolving any field of the target joins its table.
                _ = try compiler.resolve(
                    path + "__" + (targetInfo.fields.first { !$0.isPrimaryKey } ?? targetInfo.primaryKey).name)
                let alias = compiler.alias(of: info.fields[index].name) ?? targetInfo.table
                items.append(.modelColumns(table: alias, columns: targetInfo.columns))
                related.append((alias, target, index))
                groupBy.append(.column(table: alias, column: targetInfo.primaryKey.column))
            }
            for annotation in annotations {
                if annotation.name.isEmpty { throw FieldError.unnamedAggregate }
                if info.field(named: annotation.name) != nil {
                    throw FieldError(
                        description: "The annotation \"\(annotation.name)\" conflicts with a field on the model.")
                }
                guard annotation.isSelected else { continue }
                items.append(
                    .expression(
                        annotation.readable(try compiler.annotationExpression(annotation)), alias: annotation.name))
            }
        }
        let filter = try compiler.compile(condition)
        let order = ordered ? try compiler.ordering(ordering) : []
        if isDistinct, columns == nil, paths.isEmpty {
            // NB: as Django does, DISTINCT rows also select what they are ordered by (PostgreSQL
            // refuses ORDER BY `owner.name` outside the select list); after the model's columns,
            // so reading the rows is unchanged.
            items += SQLSelect.items(orderedBy: order)
        }
        let having = try compiler.compile(self.having)
        let select = SQLSelect(
            distinct: isDistinct, items: items,
            source: root == info.table ? .table(info.table) : .aliased(info.table, alias: root), joins: compiler.joins,
            filter: filter,
            groupBy: isGrouped ? groupBy : [], having: having, orderBy: order, limit: limit,
            offset: offset, forUpdate: try lockOptions.map { try lock($0, root: root, related: related) })
        return (select, related)
    }

    /// The rows, decoded.
    public func fetch() async throws -> [M] {
        var instances = try await fetchRows { instance, _ in instance }
        if !prefetched.isEmpty { try await prefetch(PrefetchStep.tree(prefetched), into: &instances) }
        return instances
    }

    /// Runs the query and decodes each row's instance (with its `selectRelated` targets).
    func fetchRows<T>(_ transform: (M, DatabaseRow) throws -> T) async throws -> [T] {
        let database = try ORM.requireDatabase()
        if lockForUpdate && database.dialect.supportsSelectForUpdate && !database.isInTransaction {
            throw DatabaseError(
                "selectForUpdate() cannot be used outside of a transaction: its locks last until the transaction"
                    + " ends, so call it inside `try await atomic { … }`.")
        }
        let (sql, binds, related) = try selectSQL(database.dialect)
        let rows = try await database.query(rendered: sql, binds)
        let width = M.schemaInfo.fields.count
        return try rows.map { row in
            var instance = try M(row: ModelRow(values: row.values[0..<width], model: M.schemaInfo.name))
            var start = width
            for (_, target, fieldIndex) in related {
                let count = target.schemaInfo.fields.count
                let slice = row.values[start..<start + count]
                start += count
                if slice[slice.startIndex + target.schemaInfo.primaryKeyIndex] == .null { continue }
                let loaded = try target.init(row: ModelRow(values: slice, model: target.schemaInfo.name))
                M.schema.fields[fieldIndex].attach?(&instance, loaded)
            }
            return try transform(instance, row)
        }
    }

    /// The one row matching; throws ``DoesNotExist`` or ``MultipleObjectsReturned``.
    public func get() async throws -> M {
        var query = self
        query.limit = 21
        let rows = try await query.fetch()
        guard let first = rows.first else { throw DoesNotExist(model: M.schemaInfo.name) }
        guard rows.count == 1 else { throw MultipleObjectsReturned(model: M.schemaInfo.name, count: rows.count) }
        return first
    }

    /// The one row matching `condition`.
    public func get(_ condition: Q) async throws -> M { try await filter(condition).get() }
    /// The one row where `lookup` matches `value`: `get("pk", 3)`.
    public func get<V: ModelValue>(_ lookup: String, _ value: V) async throws -> M {
        try await filter(Q(lookup, value)).get()
    }
    /// The row whose primary key is `pk`: `try await Owner.objects.get(pk: 3)`. In a view, the
    /// ``DoesNotExist`` it throws when there is none is a 404 page, as `get_object_or_404` gives.
    public func get<V: ModelValue>(pk: V) async throws -> M { try await filter(Q("pk", pk)).get() }
    /// The one row matching a typed condition.
    public func get(_ condition: FieldCondition<M>) async throws -> M { try await filter(condition).get() }

    /// The first row (by the ordering, else by primary key), or `nil`.
    public func first() async throws -> M? {
        var query = self
        if ordering.isEmpty { query.orderings = ["pk"] }
        return try await query.limit(1).fetch().first
    }

    /// The last row (the ordering reversed, else by primary key), or `nil`.
    public func last() async throws -> M? {
        var query = self
        query.orderings = (ordering.isEmpty ? ["pk"] : ordering).map(\.reversed)
        return try await query.limit(1).fetch().first
    }

    /// The first row by `fields` (Django's `earliest()`; `-` for descending), or by the
    /// model's `getLatestBy` when none are given. Throws ``DoesNotExist`` when no row matches.
    ///
    /// ```swift
    /// let first = try await Task.objects.filter("owner", ann).earliest("createdAt")
    /// ```
    public func earliest(_ fields: String...) async throws -> M { try await earliest(fields, reversed: false) }

    /// The last row by `fields` (Django's `latest()`: the order of `earliest()` reversed), or
    /// by the model's `getLatestBy` when none are given. Throws ``DoesNotExist`` when no row
    /// matches. On PostgreSQL, rows whose field is `NULL` come first, as in Django: filter
    /// them out (`.exclude("due__isnull", true)`) when they should not count.
    public func latest(_ fields: String...) async throws -> M { try await earliest(fields, reversed: true) }

    private func earliest(_ fields: [String], reversed: Bool) async throws -> M {
        guard limit == nil, offset == 0 else {
            throw FieldError(description: "Cannot change a query once a slice has been taken.")
        }
        let names = fields.isEmpty ? M.schemaInfo.options.getLatestBy : fields
        guard !names.isEmpty else {
            throw FieldError(
                description: "earliest() and latest() require either fields as arguments or getLatestBy in the"
                    + " model's @Model options.")
        }
        var query = self
        query.orderings = names.map { reversed ? OrderBy($0).reversed : OrderBy($0) }
        guard let row = try await query.limit(1).fetch().first else { throw DoesNotExist(model: M.schemaInfo.name) }
        return row
    }

    /// How many rows match.
    public func count() async throws -> Int {
        let database = try ORM.requireDatabase()
        let (sql, binds) = try countStatement(database.dialect)
        return try await Self.count(sql, binds, on: database)
    }

    /// How many rows match, kept in `cache` for as long as the database reports no commit
    /// (see ``ChangeGuardedCache``): for a count a page asks for again and again, such as the
    /// admin changelist's on a big table, where the count is a scan and the slowest step.
    public func count(keptIn cache: CountCache) async throws -> Int {
        let database = try ORM.requireDatabase()
        let (sql, binds) = try countStatement(database.dialect)
        return try await cache.counts.value(for: CountCache.Key(sql: sql, binds: binds)) {
            try await Self.count(sql, binds, on: database)
        }
    }

    private func countStatement(_ dialect: SQLDialect) throws -> (sql: String, binds: [DatabaseValue]) {
        var query = self
        let count = SQLExpression.aggregate(.count, .all, distinct: false)
        let select: SQLSelect
        if limit != nil || offset > 0 || isDistinct || !annotations.isEmpty || combination != nil {
            let (inner, _) = try selectTree(ordered: false)
            select = SQLSelect(items: [.expression(count, alias: nil)], source: .select(inner, alias: "subquery"))
        } else {
            query.orderings = []
            select = try query.selectTree(columns: [count], ordered: false).0
        }
        return SQLRenderer.render(select, dialect)
    }

    private static func count(_ sql: String, _ binds: [DatabaseValue], on database: any Database) async throws -> Int {
        let rows = try await database.query(rendered: sql, binds)
        return Int(try Int64(databaseValue: rows.first?.values.first ?? .integer(0)))
    }

    /// Whether any row matches.
    public func exists() async throws -> Bool {
        // NB: the parts of a combined query select all their columns, whose rows it compares.
        if combination != nil { return try await !limit(1).fetch().isEmpty }
        let database = try ORM.requireDatabase()
        let (sql, binds, _) = try limit(1).selectSQL(database.dialect, columns: [.integer(1)], ordered: false)
        return try await !database.query(rendered: sql, binds).isEmpty
    }

    /// The fields `names` of each row, by name (Django's `values()`); all fields when empty.
    /// Names may cross relations (`owner__name`).
    public func values(_ names: String...) async throws -> [[String: DatabaseValue]] {
        let names = names.isEmpty ? M.schemaInfo.fields.map(\.name) + annotations.map(\.name) : names
        // NB: a name given twice is one key, as in Django's dict (uniqueKeysWithValues would trap).
        return try await valuesList(names).map { Dictionary(zip(names, $0), uniquingKeysWith: { $1 }) }
    }

    /// The fields `names` of each row, in order (Django's `values_list()`).
    public func valuesList(_ names: String...) async throws -> [[DatabaseValue]] { try await valuesList(names) }

    /// The fields `names` of each row, in order, for names chosen at run time.
    public func valuesList(_ names: [String]) async throws -> [[DatabaseValue]] {
        if let alias = names.first(where: { name in annotations.contains { $0.name == name && !$0.isSelected } }) {
            throw FieldError(description: "Cannot select the '\(alias)' alias. Use annotate() to promote it.")
        }
        let database = try ORM.requireDatabase()
        var query = self
        query.related = []
        var paths = names
        if isDistinct {
            // NB: as Django does, a DISTINCT query also selects the fields it is ordered by
            // (PostgreSQL refuses ORDER BY columns missing from the select list); they are
            // dropped from the rows. Clear the ordering (`orderBy()`) for distinct values alone.
            paths += ordering.compactMap { term in
                if case .field(let path)? = term.expression { return path }
                return nil
            }
        }
        let (sql, binds, _) = try query.selectSQL(database.dialect, paths: paths)
        let rows = try await database.query(rendered: sql, binds)
        // NB: only a name with `__` can be a key of a JSON field, whose values are decoded.
        var probe = SQLCompiler(root: M.schemaInfo, annotations: annotations)
        let jsonKeys = try names.indices.filter { try names[$0].contains("__") && probe.selected(names[$0]).isJSONKey }
        return rows.map { row in
            var values = paths.count == names.count ? row.values : Array(row.values.prefix(names.count))
            for index in jsonKeys { values[index] = JSONKeyValue.decoded(values[index]) }
            return values
        }
    }
}

extension QuerySet {
    /// The rows whose `field` is one of `keys`, by that value (Django's `in_bulk`); `field`
    /// must be the primary key or a unique field. Keys without a row are left out; no keys
    /// make no query. Long lists are fetched 500 keys at a time.
    ///
    /// ```swift
    /// let tasks = try await Task.objects.inBulk([1, 2, 3])   // [Int64: Task]
    /// ```
    public func inBulk<V: ModelValue & Hashable>(_ keys: [V], field: String = "pk") async throws -> [V: M] {
        let info = M.schemaInfo
        guard let index = info.fieldIndex(field) else {
            throw FieldError(
                description: "inBulk: \(info.name) has no field \"\(field)\". Fields are: "
                    + info.fields.map(\.name).joined(separator: ", ") + ".")
        }
        let target = info.fields[index]
        guard target.isPrimaryKey || target.options.unique else {
            throw FieldError(description: "inBulk()'s field must be a unique field but \"\(field)\" isn't.")
        }
        var rows: [V: M] = [:]
        let unique = Array(Set(keys))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let batch = Array(unique[start..<Swift.min(start + 500, unique.count)])
            for row in try await filter(Q(field + "__in", batch)).fetch() {
                rows[try V(databaseValue: row.databaseValues[index])] = row
            }
        }
        return rows
    }
}
