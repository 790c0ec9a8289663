// Full-text search in the SQL tree, as `django.contrib.postgres.search` writes it:
// `to_tsvector('english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))`,
// `setweight(…, 'A')`, `plainto_tsquery(…)`, `@@`, `&&`, `||`, `!!`, `ts_rank(…)`.

extension SQLCompiler {
    /// The tree of a search expression.
    mutating func textSearch(_ search: TextSearch) throws -> SQLExpression {
        try Self.requirePostgreSQL()
        switch search {
        case .vector(let expressions, let config, let weight):
            guard !expressions.isEmpty else {
                throw FieldError(description: "searchVector() needs at least one field or expression.")
            }
            let texts = try expressions.map { expression in
                // NB: as Django's SearchVector: text fields as they are, others cast to text,
                // each coalesced to '' and joined by spaces.
                let compiled = try self.expression(expression)
                let text = Self.isText(try type(of: expression)) ? compiled : SQLExpression.text(compiled)
                return SQLExpression.function("COALESCE", [text, .bind(.text(""))])
            }
            let joined =
                texts.count == 1
                ? texts[0] : .joinedText(Array(texts.map { [$0] }.joined(separator: [.bind(.text(" "))])))
            let vector = SQLExpression.function("to_tsvector", Self.config(config) + [joined])
            guard let weight else { return vector }
            return .function("setweight", [vector, .bind(.text(weight.rawValue))])
        case .combined(let lhs, let rhs):
            return .textSearch(try textSearch(lhs), .or, try textSearch(rhs))
        case .query(let query):
            return Self.query(query.node)
        case .rank(let vector, let query, let weights, let normalization, let coverDensity):
            var arguments: [SQLExpression] = []
            if let weights {
                guard weights.count == 4, weights.allSatisfy({ $0.isFinite && (0...1).contains($0) }) else {
                    throw FieldError(
                        description: "searchRank(weights:) takes four weights from 0 to 1, for D, C, B and A,"
                            + " as PostgreSQL's ts_rank does; got \(weights).")
                }
                let array = "{" + weights.map { String($0) }.joined(separator: ",") + "}"
                arguments.append(.postgresCast(.bind(.text(array)), "float4[]"))
            }
            arguments += [try expression(vector), Self.query(query.node)]
            if let normalization {
                guard (0...63).contains(normalization) else {
                    throw FieldError(
                        description:
                            "searchRank(normalization:) is PostgreSQL's bit mask of 0 to 63; got \(normalization).")
                }
                arguments.append(.integer(normalization))
            }
            return .function(coverDensity ? "ts_rank_cd" : "ts_rank", arguments)
        case .headline(let expression, let query, let config, let options):
            let text = [try self.expression(expression), Self.query(query.node)]
            return .function(
                "ts_headline", Self.config(config) + text + (options.text.map { [.bind(.text($0))] } ?? []))
        }
    }

    /// A lookup that matches a vector against a query: `title__search` on a text field (Django's
    /// `SearchLookup`), or an annotated vector compared with `exact` (`SearchVectorExact`);
    /// `nil` for any other lookup. The value is a ``SearchQuery``, or text for a plain query.
    mutating func textSearchMatch(_ path: String, _ column: ResolvedColumn, _ rest: [String], _ value: LookupValue)
        throws -> SQLExpression?
    {
        let vector: SQLExpression
        if rest == ["search"], Self.isText(column.field.type), annotation(at: path) == nil {
            try Self.requirePostgreSQL()
            vector = .function("to_tsvector", [.function("COALESCE", [column.expression, .bind(.text(""))])])
        } else if let annotation = annotation(at: path), case .expression(let expression) = annotation.value,
            expression.searchVector != nil, rest.isEmpty || rest == ["exact"]
        {
            vector = column.expression
        } else if case .expression(.textSearch(.query)) = value {
            throw FieldError(
                description: "\"\(path)\" cannot match a SearchQuery: use \"field__search\" on a text field, or an"
                    + " annotation of F.searchVector(…).")
        } else {
            return nil
        }
        switch value {
        case .value(.text(let text)): return .textSearch(vector, .matches, Self.query(.term(text, .plain, config: nil)))
        case .expression(.textSearch(.query(let query))): return .textSearch(vector, .matches, Self.query(query.node))
        default:
            throw FieldError(
                description: "A full-text search lookup (\"\(path)\") takes a SearchQuery or a text, not \(value).")
        }
    }

    /// A query's tree.
    private static func query(_ node: SearchQuery.Node) -> SQLExpression {
        switch node {
        case .term(let text, let type, let name): .function(type.rawValue, config(name) + [.bind(.text(text))])
        case .and(let lhs, let rhs): .textSearch(query(lhs), .and, query(rhs))
        case .or(let lhs, let rhs): .textSearch(query(lhs), .or, query(rhs))
        case .not(let inner): .function("!!", [query(inner)])
        }
    }

    /// The configuration argument, `'english'::regconfig`, when one is named.
    private static func config(_ name: String?) -> [SQLExpression] {
        name.map { [.postgresCast(.bind(.text($0)), "regconfig")] } ?? []
    }

    /// Django's `CharField` and `TextField` and their kinds, which a vector reads as they are.
    static func isText(_ type: FieldType) -> Bool {
        switch type {
        case .char, .email, .url, .slug, .text: true
        default: false
        }
    }

    /// Full-text search is PostgreSQL's, as Django's `django.contrib.postgres.search` is.
    private static func requirePostgreSQL() throws {
        guard ORM.database?.dialect == .sqlite else { return }
        throw FieldError(
            description:
                "Full-text search (the search lookup, searchVector, SearchQuery, searchRank, searchHeadline) needs"
                + " PostgreSQL,"
                + " as Django's django.contrib.postgres.search does; on SQLite, filter with icontains.")
    }
}

extension F {
    /// Whether the expression is a search vector or query, which a row reads as text.
    var isTextSearchValue: Bool {
        if searchVector != nil { return true }
        if case .textSearch(.query) = self { return true }
        return false
    }
}

extension Annotation {
    /// The annotation's SQL as a row reads it: a search vector or query as text (`'chees':1`),
    /// as psycopg gives it to Django.
    func readable(_ expression: SQLExpression) -> SQLExpression {
        guard case .expression(let f) = value, f.isTextSearchValue else { return expression }
        return .text(expression)
    }
}
