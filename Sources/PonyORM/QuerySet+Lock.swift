/// The options of ``QuerySet/selectForUpdate(noWait:skipLocked:of:noKey:)``.
struct LockOptions: Sendable {
    var noWait = false
    var skipLocked = false
    var of: [String] = []
    var noKey = false
}

extension QuerySet {
    /// The lock `options` of the query's `SELECT`: `of`'s names as the aliases of the tables they name
    /// (`self` is the model's; a foreign key, the table `selectRelated` joined for it).
    func lock(
        _ options: LockOptions, root: String, related: [(alias: String, model: any Model.Type, field: Int)]
    ) throws -> SQLLock {
        if options.noWait && options.skipLocked {
            throw FieldError(description: "The nowait option cannot be used with skip_locked.")
        }
        let joined = related.map { (M.schemaInfo.fields[$0.field].name, $0.alias) }
        var aliases: [String] = []
        var unknown: [String] = []
        for name in options.of {
            if name == "self" {
                aliases.append(root)
            } else if let alias = joined.first(where: { $0.0 == name })?.1 {
                aliases.append(alias)
            } else {
                unknown.append(name)
            }
        }
        guard unknown.isEmpty else {
            throw FieldError(
                description: "Invalid field name(s) given in select_for_update(of=(...)): "
                    + unknown.joined(separator: ", ") + ". Only relational fields followed in the query are allowed."
                    + " Choices are: " + (["self"] + joined.map(\.0)).joined(separator: ", ") + ".")
        }
        return SQLLock(noKey: options.noKey, of: aliases, noWait: options.noWait, skipLocked: options.skipLocked)
    }

    /// Whether `instance` is one of the query's rows (Django's `contains()`): one query that
    /// asks for its primary key among them. Throws for an instance not saved yet.
    public func contains(_ instance: M) async throws -> Bool {
        try refuseCombined("contains")
        guard instance.pk != .null else {
            throw FieldError(description: "QuerySet.contains() cannot be used on unsaved objects.")
        }
        return try await filter(.lookup("pk", .value(instance.pk))).exists()
    }

    /// How the database runs the query (Django's `explain()`): SQLite's `EXPLAIN QUERY PLAN`
    /// or PostgreSQL's `EXPLAIN`, one line per row of the plan. On PostgreSQL, `format`
    /// (`"json"`, `"text"`, `"xml"`, `"yaml"`) and `options` (`["analyze": true]`; `ANALYZE`
    /// runs the query) are passed on, as Django passes them; SQLite takes neither.
    public func explain(format: String? = nil, options: [String: Bool] = [:]) async throws -> String {
        let database = try ORM.requireDatabase()
        let (sql, binds, _) = try selectSQL(database.dialect)
        let prefix = try database.dialect.explainPrefix(format: format, options: options)
        return try await database.query(rendered: prefix + " " + sql, binds).map { row in
            row.values.map { value in
                switch value {
                case .text(let text): text
                case .integer(let number): String(number)
                case .double(let number): String(number)
                default: String(describing: value)
                }
            }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}

extension SQLDialect {
    /// Django's `explain_query_prefix`, with its errors for what the backend does not take.
    func explainPrefix(format: String?, options: [String: Bool]) throws -> String {
        guard !isSQLite else {
            if let format {
                throw FieldError(
                    description:
                        "\(format.uppercased()) is not a recognized format. SQLite does not support any formats.")
            }
            guard options.isEmpty else {
                throw FieldError(
                    description: "Unknown options: " + options.keys.sorted().joined(separator: ", ") + ".")
            }
            return "EXPLAIN QUERY PLAN"
        }
        let known = [
            "ANALYZE", "BUFFERS", "COSTS", "GENERIC_PLAN", "MEMORY", "SERIALIZE", "SETTINGS", "SUMMARY", "TIMING",
            "VERBOSE", "WAL",
        ]
        var extra: [String] = []
        var unknown: [String] = []
        for (name, value) in options.sorted(by: { $0.key < $1.key }) {
            if known.contains(name.uppercased()) {
                extra.append(name.uppercased() + (value ? " true" : " false"))
            } else {
                unknown.append(name.uppercased())
            }
        }
        guard unknown.isEmpty else {
            throw FieldError(description: "Unknown options: " + unknown.sorted().joined(separator: ", ") + ".")
        }
        if let format {
            let formats = ["JSON", "TEXT", "XML", "YAML"]
            guard formats.contains(format.uppercased()) else {
                throw FieldError(
                    description: "\(format.uppercased()) is not a recognized format. Allowed formats: "
                        + formats.joined(separator: ", "))
            }
            extra.append("FORMAT " + format.uppercased())
        }
        return extra.isEmpty ? "EXPLAIN" : "EXPLAIN (" + extra.joined(separator: ", ") + ")"
    }
}
