internal import Foundation
internal import PonySupport

/// An error in a query: an unknown field, lookup or transform. The message lists what is valid.
public struct FieldError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String

    package init(description: String) { self.description = description }

    /// An aggregate of an expression given without a name (Django: "Complex aggregates require
    /// an alias").
    static let unnamedAggregate = FieldError(
        description: #"An aggregate of an expression needs a name: annotate(["total": .sum(…)])"#
            + #" or aggregate(["total": .sum(…)])."#)
}

/// The lookups Django has, in its order.
let lookupNames = [
    "exact", "iexact", "contains", "icontains", "in", "gt", "gte", "lt", "lte", "startswith", "istartswith",
    "endswith", "iendswith", "range", "isnull", "regex", "iregex",
]
/// Transforms on date fields.
let transformNames = DatePart.allCases.map(\.rawValue)

/// The query a subquery is in: its model, the name its table goes by, and how deep it is.
struct OuterQuery: Sendable {
    let info: SchemaInfo
    let alias: String
    /// 1 for the top query, 2 for a subquery, ….
    let depth: Int
}

/// A column reached from the query's model, with the joins that reach it.
struct ResolvedColumn {
    let expression: SQLExpression
    let field: FieldInfo
    /// Whether it can be `NULL` in a row: a nullable field, or one reached through an outer
    /// join (a nullable foreign key), where rows without a target have `NULL` in every column.
    var isNullable = false
}

/// Builds the query tree for one query: resolves `__` paths to columns (adding joins), and
/// compiles conditions, ordering and expressions into ``SQLExpression`` values, which a
/// dialect renders. Names only ever come from model metadata.
struct SQLCompiler {
    let root: SchemaInfo
    private(set) var joins: [SQLSelect.Join] = []
    /// Whether a path followed a reverse relation (a multi-valued join).
    private(set) var joinsManyRows = false
    private var aliases: [String: String] = [:]
    private var usedAliases: Set<String>

    /// The query's annotations, which paths may name.
    let annotations: [Annotation]
    /// How many of ``annotations`` paths may name: all of them, except while an annotation's
    /// own expression compiles (it sees those before it, as in Django).
    private var visibleAnnotations: Int

    /// The outer query, when this is a subquery's compiler (``F/outer(_:)`` names its fields).
    let outer: OuterQuery?
    /// The name the root table goes by: the table's own, or in a subquery `U0` (`V0` in a
    /// subquery's subquery, …), as Django's `bump_prefix` names it, so that neither the
    /// subquery's table nor its joins hide the outer query's, even on the same model.
    let rootAlias: String
    /// The letter of this query's aliases in a subquery (`U`, `V`, …); `nil` at the top.
    private let aliasPrefix: String?

    init(root: SchemaInfo, annotations: [Annotation] = [], outer: OuterQuery? = nil) {
        self.root = root
        self.outer = outer
        self.annotations = annotations
        visibleAnnotations = annotations.count
        if let level = outer?.depth {
            let letters = Array("UVWXYZ")
            let prefix = level <= letters.count ? String(letters[level - 1]) : "U\(level)_"
            aliasPrefix = prefix
            rootAlias = prefix + "0"
        } else {
            aliasPrefix = nil
            rootAlias = root.table
        }
        usedAliases = [rootAlias]
    }

    /// This query as the outer query of a subquery inside it.
    var asOuter: OuterQuery { OuterQuery(info: root, alias: rootAlias, depth: (outer?.depth ?? 0) + 1) }

    /// The annotation a path starts with (`tasks`, `tasks__gt`; names may contain `__`).
    func annotation(at path: String) -> Annotation? {
        annotations.prefix(visibleAnnotations).filter { path == $0.name || path.hasPrefix($0.name + "__") }
            .max { $0.name.count < $1.name.count }
    }

    /// What an annotation computes: its aggregate, or its expression.
    mutating func annotationExpression(_ annotation: Annotation) throws -> SQLExpression {
        switch annotation.value {
        case .aggregate(let aggregate): return try aggregateExpression(aggregate)
        case .expression(let expression):
            let visible = visibleAnnotations
            defer { visibleAnnotations = visible }
            visibleAnnotations = min(visible, annotations.firstIndex(of: annotation) ?? 0)
            return try self.expression(expression)
        }
    }

    /// The field type an annotation compares as: an aggregate's is a number (a `stringAgg`'s a
    /// text), an expression's is what it computes.
    private mutating func annotationType(_ annotation: Annotation) throws -> FieldType {
        guard case .expression(let expression) = annotation.value else {
            guard case .aggregate(let aggregate) = annotation.value else { return .float }
            switch aggregate.function {
            case .stringAgg, .jsonAgg: return .text
            case .boolAnd, .boolOr: return .boolean
            case .count, .sum, .avg, .min, .max: return .float
            }
        }
        let visible = visibleAnnotations
        defer { visibleAnnotations = visible }
        visibleAnnotations = min(visible, annotations.firstIndex(of: annotation) ?? 0)
        return try type(of: expression)
    }

    /// An aggregate: `COUNT(DISTINCT "todo_task"."id")`, `SUM(CASE … END) FILTER (WHERE …)`.
    mutating func aggregateExpression(_ aggregate: Aggregate) throws -> SQLExpression {
        var argument: SQLExpression
        var type: FieldType?
        if let expression = aggregate.expression {
            argument = try self.expression(expression)
            type = try self.type(of: expression)
        } else if let path = aggregate.path {
            // NB: an aggregate's field is a model field, even where an annotation shares its name.
            let column = try resolve(path, allowLookups: false, annotations: false).0
            (argument, type) = (column.expression, column.field.type)
        } else {
            argument = .all
        }
        // NB: SQLite keeps JSON as text, which a JSON array would hold as a string.
        if aggregate.function == .jsonAgg, type == .json, ORM.database?.dialect == .sqlite {
            argument = .function("JSON", [argument])
        }
        var computed = SQLExpression.aggregate(aggregate.function, argument, distinct: aggregate.isDistinct)
        if aggregate.function.isOrdered {
            if aggregate.isDistinct, aggregate.delimiter != nil, ORM.database?.dialect == .sqlite {
                throw FieldError(
                    description: "stringAgg(distinct: true) needs PostgreSQL: SQLite has DISTINCT only for aggregates"
                        + " of one argument.")
            }
            computed = .orderedAggregate(
                aggregate.function, [argument] + (aggregate.delimiter.map { [.bind(.text($0))] } ?? []),
                distinct: aggregate.isDistinct, order: try ordering(aggregate.ordering))
        }
        guard let condition = aggregate.condition else { return try aggregate.withDefault(computed) }
        return try aggregate.withDefault(.filtered(computed, filter: try compile(condition)))
    }

    /// Splits `owner__name__iexact` into a column (joining `owner`) and the lookup chain left.
    /// Names of annotations resolve to their aggregates unless `annotations` is false.
    mutating func resolve(_ path: String, allowLookups: Bool = true, annotations: Bool = true) throws -> (
        ResolvedColumn, [String]
    ) {
        let parts = lookupParts(path)
        if annotations, let annotation = annotation(at: path) {
            let expression = try annotationExpression(annotation)
            let field = FieldInfo(
                name: annotation.name, column: annotation.name, type: try annotationType(annotation), isNullable: true,
                options: FieldOptions(), isAutomatic: false, defaultValue: nil, relatedModel: nil, choiceValues: nil,
                check: { _ in })
            let rest = Array(lookupParts(String(path.dropFirst(annotation.name.count))).dropFirst())
            return (ResolvedColumn(expression: expression, field: field), rest)
        }
        var schema = root
        // Whether an outer join was crossed: every column past it can be NULL.
        var throughOuterJoin = false
        var alias = rootAlias
        var prefix = ""
        var index = 0
        // `task`, `task__isnull`, `task__in` after a join: the joined rows' primary key.
        func keyAtEnd(nullable: Bool) -> (ResolvedColumn, [String])? {
            guard index == parts.count || lookupNames.contains(parts[index]) else { return nil }
            let key = schema.primaryKey
            return (
                ResolvedColumn(expression: .column(table: alias, column: key.column), field: key, isNullable: nullable),
                Array(parts[index...])
            )
        }
        while index < parts.count {
            let part = parts[index]
            if let field = schema.field(named: part) {
                let isLast = index == parts.count - 1
                // A relation followed by more names joins its table, unless what follows is a
                // lookup on the key itself (`owner__in`, `owner__isnull`) or its primary key.
                let keyColumn = ResolvedColumn(
                    expression: .column(table: alias, column: field.column), field: field,
                    isNullable: field.isNullable || throughOuterJoin)
                // A relation followed by more names joins its table, unless what follows is a
                // lookup on the key itself (`owner__in`) or the target's primary key (`owner__id`).
                if let target = field.relatedModel, !isLast {
                    let next = parts[index + 1]
                    if lookupNames.contains(next) { return (keyColumn, Array(parts[(index + 1)...])) }
                    let targetInfo = target.schemaInfo
                    if targetInfo.field(named: next)?.isPrimaryKey == true,
                        index + 2 == parts.count || lookupNames.contains(parts[index + 2])
                    {
                        return (keyColumn, Array(parts[(index + 2)...]))
                    }
                    prefix += (prefix.isEmpty ? "" : "__") + part
                    alias = join(
                        prefix, from: alias, column: field.column, to: targetInfo.table,
                        targetColumn: targetInfo.primaryKey.column, nullable: field.isNullable || throughOuterJoin)
                    // NB: as Django promotes them, joins after an outer join are outer too.
                    throughOuterJoin = throughOuterJoin || field.isNullable
                    schema = targetInfo
                    index += 1
                    continue
                }
                let column = keyColumn
                let rest = Array(parts[(index + 1)...])
                if !allowLookups && !rest.isEmpty {
                    throw FieldError(
                        description:
                            "Cannot resolve \"\(path)\": \"\(rest.joined(separator: "__"))\" follows a field here.")
                }
                return (column, rest)
            }
            if let (relation, reverse) = manyToMany(named: part, on: schema) {
                // Through the table of pairs: `labels`, `labels__in`, `labels__id` stop at its
                // column; other names go on to the other model's table.
                prefix += (prefix.isEmpty ? "" : "__") + part
                let (near, far) =
                    reverse
                    ? (relation.targetColumn, relation.sourceColumn) : (relation.sourceColumn, relation.targetColumn)
                let other = (reverse ? relation.source : relation.target).schemaInfo
                let through = join(
                    prefix + "__+", from: alias, column: schema.primaryKey.column, to: relation.throughTable,
                    targetColumn: near, nullable: true)
                joinsManyRows = true
                index += 1
                var rest = Array(parts[index...])
                if let next = rest.first, other.field(named: next)?.isPrimaryKey == true,
                    rest.count == 1 || lookupNames.contains(rest[1])
                {
                    rest.removeFirst()
                }
                if rest.isEmpty || lookupNames.contains(rest[0]) {
                    return (
                        ResolvedColumn(expression: .column(table: through, column: far), field: other.primaryKey), rest
                    )
                }
                alias = join(
                    prefix, from: through, column: far, to: other.table, targetColumn: other.primaryKey.column,
                    nullable: true)
                schema = other
                continue
            }
            // The rows of another model that point here: by a foreign key, or by a generic one
            // (the items of this row's content type: a condition of the join, as Django's).
            var reverse: (source: SchemaInfo, column: String, cast: String?, also: ((String) throws -> SQLExpression)?)?
            if let (source, field) = reverseRelation(named: part, to: schema) {
                reverse = (source, field.column, nil, nil)
            } else if let link = schema.model.genericLink(named: part) {
                let target = schema
                reverse = (
                    link.source, link.objectId.column, link.castOfKeys(of: target),
                    { try link.contentTypeCondition(alias: $0, to: target) }
                )
            }
            if let (source, column, cast, also) = reverse {
                prefix += (prefix.isEmpty ? "" : "__") + part
                alias = try join(
                    prefix, from: alias, column: schema.primaryKey.column, to: source.table, targetColumn: column,
                    nullable: true, castTo: cast, also: also)
                schema = source
                joinsManyRows = true
                index += 1
                if let key = keyAtEnd(nullable: false) { return key }
                continue
            }
            if let (target, link) = genericTarget(named: part, from: schema) {
                // From items to the model of their generic foreign key (Django's
                // `related_query_name`): of its content type, a condition of the join.
                prefix += (prefix.isEmpty ? "" : "__") + part
                let items = alias
                alias = try join(
                    prefix, from: alias, column: link.objectId.column, to: target.table,
                    targetColumn: target.primaryKey.column, nullable: true, castTargetTo: link.castOfKeys(of: target),
                    also: { _ in try link.contentTypeCondition(alias: items, to: target) })
                // NB: as Django promotes them, joins after an outer join are outer too.
                throughOuterJoin = true
                schema = target
                index += 1
                if let key = keyAtEnd(nullable: true) { return key }
                continue
            }
            throw FieldError(
                description: "Cannot resolve keyword \"\(part)\" into field of \(schema.name). Choices are: "
                    + choices(of: schema).joined(separator: ", ") + ".")
        }
        throw FieldError(description: "Cannot resolve \"\(path)\": it names a relation, not a field.")
    }

    /// The names valid on `schema`: fields and relations both ways, sorted as Django lists them.
    private func choices(of schema: SchemaInfo) -> [String] {
        var names = schema.fields.map(\.name) + schema.manyToMany.map(\.name) + schema.model.genericRelationNames
        for model in ORM.models {
            names += model.genericQueryNames.filter { $0.link.source.label == schema.label }.map(\.name)
        }
        for model in ORM.models {
            let source = model.schemaInfo
            for field in source.fields where field.relationTarget == schema.label {
                names.append(field.options.relatedName ?? source.name.lowercased())
            }
            for relation in source.manyToMany where relation.target.schemaInfo.label == schema.label {
                if let name = relation.reverseName { names.append(name) }
            }
        }
        return names.sorted()
    }

    /// A many-to-many field of `schema` named `name`, or one of another model pointing to
    /// `schema` whose reverse name is `name` (then `reverse` is true).
    private func manyToMany(named name: String, on schema: SchemaInfo) -> (ManyToManyInfo, reverse: Bool)? {
        if let relation = schema.manyToMany.first(where: { $0.name == name }) { return (relation, false) }
        for model in ORM.models {
            for relation in model.schemaInfo.manyToMany
            where relation.target.schemaInfo.label == schema.label && relation.reverseName == name {
                return (relation, true)
            }
        }
        return nil
    }

    /// The model whose related set follows `schema`'s generic foreign key back under the
    /// related query name `name`, and that key's fields.
    private func genericTarget(named name: String, from schema: SchemaInfo) -> (SchemaInfo, GenericLink)? {
        for model in ORM.models {
            for (queryName, link) in model.genericQueryNames
            where queryName == name && link.source.label == schema.label {
                return (model.schemaInfo, link)
            }
        }
        return nil
    }

    /// A model with a foreign key to `schema` whose reverse name (`relatedName` or the model
    /// name in lower case, Django's default query name) is `name`.
    private func reverseRelation(named name: String, to schema: SchemaInfo) -> (SchemaInfo, FieldInfo)? {
        for model in ORM.models {
            let source = model.schemaInfo
            for field in source.fields where field.relationTarget == schema.label {
                if (field.options.relatedName ?? source.name.lowercased()) == name { return (source, field) }
            }
        }
        return nil
    }

    /// Adds a join (once per path) and returns its alias.
    private mutating func join(
        _ path: String, from alias: String, column: String, to table: String, targetColumn: String, nullable: Bool,
        castTo type: String? = nil, castTargetTo targetType: String? = nil,
        also: ((String) throws -> SQLExpression)? = nil
    ) rethrows -> String {
        if let existing = aliases[path] { return existing }
        var name = table
        if let aliasPrefix {
            name = aliasPrefix + String(usedAliases.count)
        } else if usedAliases.contains(name) {
            name = "T\(usedAliases.count + 1)"
        }
        usedAliases.insert(name)
        aliases[path] = name
        joins.append(
            SQLSelect.Join(
                outer: nullable, table: table, alias: name,
                from: type.map { .postgresCast(.column(table: alias, column: column), $0) }
                    ?? .column(table: alias, column: column),
                to: targetType.map { .postgresCast(.column(table: name, column: targetColumn), $0) }
                    ?? .column(table: name, column: targetColumn), also: try also?(name)))
        return name
    }

    /// The alias a `selectRelated` path was joined as.
    func alias(of path: String) -> String? { aliases[path] }

    // MARK: Conditions

    /// The tree of a condition.
    mutating func compile(_ condition: Q) throws -> SQLExpression {
        switch condition {
        case .lookup(let path, let value):
            return try compileLookup(path, value).expression
        case .and(let parts):
            return .and(try parts.map { try compile($0) })
        case .or(let parts):
            return .or(try parts.map { try compile($0) })
        case .not(let inner) where try joinsManyRows(inner):
            // NB: as Django does, a condition across a reverse relation is excluded with a
            // subquery: the rows any related row matches go, rather than each joined pair.
            var subquery = SQLCompiler(root: root, outer: asOuter)
            let condition = try subquery.compile(inner)
            let key = SQLExpression.column(table: subquery.rootAlias, column: root.primaryKey.column)
            let select = SQLSelect(
                items: [.expression(key, alias: nil)], source: .aliased(root.table, alias: subquery.rootAlias),
                joins: subquery.joins, filter: condition)
            return .not(.inSelect(.column(table: rootAlias, column: root.primaryKey.column), select))
        case .not(let inner):
            // Django: excluding `x = v` keeps rows where x is NULL (not when v is None).
            if case .lookup(let path, let value) = inner {
                let (expression, column) = try compileLookup(path, value)
                if let column, column.isNullable, !path.hasSuffix("__isnull"), value != .value(.null),
                    value != .json(.null)
                {
                    return .not(.and([expression, .isNull(column.expression, negated: true)]))
                }
                return .not(expression)
            }
            return .not(try compile(inner))
        case .exists(let subquery):
            return .exists(try subquery.select(asOuter))
        }
    }

    /// Whether `condition` names a path through a reverse relation.
    private func joinsManyRows(_ condition: Q) throws -> Bool {
        switch condition {
        case .lookup(let path, _):
            var probe = SQLCompiler(root: root)
            _ = try probe.resolve(path)
            return probe.joinsManyRows
        case .and(let parts), .or(let parts): return try parts.contains { try joinsManyRows($0) }
        case .not(let inner): return try joinsManyRows(inner)
        case .exists: return false
        }
    }

    private mutating func compileLookup(_ path: String, _ value: LookupValue) throws -> (
        expression: SQLExpression, column: ResolvedColumn?
    ) {
        if let annotation = annotation(at: path), case .expression(let expression) = annotation.value,
            expression.hasWindow
        {
            throw FieldError(
                description: "Cannot filter on \"\(annotation.name)\": it is a window function, which SQL computes"
                    + " after WHERE. Order by it, or filter the rows fetched (Django 4.2 and later wrap the query in"
                    + " a subquery for this; Pony does not yet).")
        }
        let (column, rest) = try resolve(path)
        if let match = try textSearchMatch(path, column, rest, value) { return (match, column) }
        if column.field.type == .json, Self.isJSONLookup(rest, value) {
            return (try jsonLookup(column.expression, rest, value), column)
        }
        var expression = column.expression
        var chain = rest[...]
        var transformed: DatePart?
        var transformedType = column.field.type
        while let next = chain.first, let part = DatePart(rawValue: next) {
            guard let source = TemporalSource(transformedType), source.has(part) else {
                let valid = TemporalSource(transformedType).map { source in DatePart.allCases.filter(source.has) } ?? []
                throw FieldError(
                    description:
                        "Unsupported lookup \"\(next)\" for \(transformedType.className) \"\(column.field.name)\"\(transformed.map { " after \"\($0.rawValue)\"" } ?? "")"
                        + (valid.isEmpty
                            ? "; transforms \(transformNames.joined(separator: ", ")) need a date, datetime or time."
                            : "; its transforms are: \(valid.map(\.rawValue).joined(separator: ", ")).")
                )
            }
            expression = .datePart(part, expression, source)
            transformed = part
            transformedType = part.type
            chain = chain.dropFirst()
        }
        let lookup = chain.first ?? "exact"
        guard chain.count <= 1, lookupNames.contains(lookup) else {
            throw FieldError(
                description:
                    "Unsupported lookup \"\(chain.joined(separator: "__"))\" for \(column.field.type.className) \"\(column.field.name)\". Lookups are: "
                    + lookupNames.joined(separator: ", ") + "; transforms on dates: "
                    + transformNames.joined(separator: ", ") + ".")
        }
        var value = value.withoutJSON
        if lookup == "isnull", case .value(let flag) = value, !isNullFlags.contains(flag) {
            throw LookupValueError(
                lookup: path, message: "The QuerySet value for an isnull lookup must be True or False.")
        }
        // NB: an annotation's type is only what it compares as (a count is a float), so its
        // values stay as given.
        if preparedLookups.contains(lookup), annotation(at: path) == nil {
            let field = column.field
            let rounding = FractionRounding(lookup: lookup)
            value = try value.mapValues { value throws(LookupValueError) in
                guard let transformed else { return try field.prepared(value, rounding: rounding, lookup: path) }
                return try transformedType.prepared(
                    value, field: field.name + "__" + transformed.rawValue, rounding: rounding, lookup: path)
            }
        }
        let type = transformed == nil ? column.field.type : nil
        return (try comparison(expression, lookup, value, type: type), column)
    }

    private mutating func comparison(_ lhs: SQLExpression, _ lookup: String, _ value: LookupValue, type: FieldType?)
        throws -> SQLExpression
    {
        let bind = { (value: DatabaseValue) -> SQLExpression in type.map { .typedBind(value, $0) } ?? .bind(value) }
        switch (lookup, value) {
        case ("exact", .value(.null)): return .isNull(lhs, negated: false)
        case ("isnull", .value(let flag)):
            return .isNull(lhs, negated: flag == .integer(0) || flag == .text("false") || flag == .text("False"))
        case ("in", .list(let values)):
            return .inList(lhs, values.map(bind))
        case ("range", .range(let low, let high)):
            return .between(lhs, bind(low), bind(high))
        case (_, .expression(let f)):
            guard let op = ComparisonOperator(lookup: lookup) else {
                throw FieldError(
                    description:
                        "Lookup \"\(lookup)\" cannot compare with an F() expression; use exact, gt, gte, lt or lte.")
            }
            return .compare(lhs, op, try self.expression(f))
        case ("in", .value), ("range", .value):
            // NB: Django iterates a string given to __in character by character; here it is a
            // mistake to report (it used to reach the pattern lookups and become a regex).
            throw FieldError(
                description:
                    "Lookup \"\(lookup)\" needs \(lookup == "in" ? "a list of values" : "two bounds"), not a single value; pass \(lookup == "in" ? "an array" : "a range or a two-element array")."
            )
        case (_, .value(let raw)):
            if let op = ComparisonOperator(lookup: lookup) { return .compare(lhs, op, bind(raw)) }
            guard let pattern = PatternLookup(rawValue: lookup) else {
                throw FieldError(description: "Lookup \"\(lookup)\" got the wrong kind of value: \(value).")
            }
            guard case .text(let text) = raw else {
                if pattern != .regex && pattern != .iregex { return .pattern(pattern, lhs, describe(raw)) }
                throw FieldError(description: "Lookup \"\(lookup)\" needs a string value.")
            }
            return .pattern(pattern, lhs, text)
        default:
            throw FieldError(description: "Lookup \"\(lookup)\" got the wrong kind of value: \(value).")
        }
    }

    private func describe(_ value: DatabaseValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .double(let v): return String(v)
        case .text(let v): return v
        case .blob, .null: return ""
        }
    }

    /// The tree of an ``F`` expression.
    mutating func expression(_ expression: F) throws -> SQLExpression {
        // Two search vectors added are one (Django's CombinedSearchVector).
        if case .operation(_, .add, _) = expression, case .textSearch(let joined)? = expression.searchVector {
            return try textSearch(joined)
        }
        switch expression {
        case .field(let path):
            return try selected(path).expression
        case .value(let value): return .constant(value)
        case .textSearch(let search): return try textSearch(search)
        case .operation(let lhs, let op, let rhs):
            // NB: a constant in arithmetic takes the column's type (`"price" + $1` stays a
            // decimal on PostgreSQL); only a constant alone is typed (see `.constant`).
            func operand(_ f: F) throws -> SQLExpression {
                if case .value(let value) = f { return .bind(value) }
                return try self.expression(f)
            }
            return .arithmetic(try operand(lhs), op, try operand(rhs))
        case .function(.concat, let parts):
            // NB: as Django's Concat: each part coalesced to '', non-text parts cast to text
            // (on PostgreSQL), joined with ||.
            return .concatenation(
                try parts.map { part in
                    let compiled = try self.expression(part)
                    let text = try type(of: part) == .text ? compiled : .text(compiled)
                    return .function("COALESCE", [text, .bind(.text(""))])
                })
        case .function(let function, let arguments)
        where function.computesFloat || [.ceil, .floor, .round, .sign].contains(function):
            return try math(function, arguments)
        case .function(let function, let arguments):
            return .function(
                function.rawValue,
                try arguments.map { argument in
                    // NB: a count or position is written as a number: PostgreSQL's LEFT and
                    // SUBSTRING take an integer, which a bigint bind is not.
                    if [.left, .right, .substring, .leftPad, .rightPad, .repeat, .chr].contains(function),
                        case .value(.integer(let number)) = argument
                    {
                        return .integer(Int(truncatingIfNeeded: number))
                    }
                    return try self.expression(argument)
                })
        case .outer(let path):
            let field = try outerField(path)
            return .column(table: field.table, column: field.column)
        case .subquery(let subquery):
            let select = try subquery.select(asOuter)
            return subquery.isExists ? .exists(select) : .subquery(select)
        case .trunc(let kind, let inner):
            let source = try temporalSource(of: inner)
            guard source.truncates(to: kind) else {
                throw FieldError(
                    description: "Cannot truncate \(source.className) \(Self.name(of: inner)) to \(kind.rawValue):"
                        + (source == .time ? " a time has no date." : " a date has no time."))
            }
            let compiled = try self.expression(inner)
            switch kind {
            case .date, .time:
                guard case .dateTime = source else {
                    throw FieldError(
                        description:
                            "trunc(.\(kind.rawValue), …) needs a DateTimeField, not the \(source.className) \(Self.name(of: inner))."
                    )
                }
                return .datePart(kind == .date ? .date : .time, compiled, source)
            default: return .truncated(kind, compiled, source)
            }
        case .cast(let inner, let type):
            return .converted(try self.expression(inner), type)
        case .extract(let component, let inner):
            let source = try temporalSource(of: inner)
            let part = DatePart(component)
            guard source.has(part) else {
                throw FieldError(
                    description: "Cannot extract \(part.ofTime ? "time " : "")component '\(part.rawValue)' from"
                        + " \(source.className) \(Self.name(of: inner)).")
            }
            return .cast(.datePart(part, try self.expression(inner), source), to: "integer")
        case .windowed(let window):
            return try self.window(window)
        case .conditional(let whens, let otherwise):
            guard !whens.isEmpty else { return try otherwise.map { try self.expression($0) } ?? .bind(.null) }
            return .conditional(
                try whens.map { SQLWhen(condition: try compile($0.condition), result: try self.expression($0.result)) },
                otherwise: try otherwise.map { try self.expression($0) })
        }
    }

    /// The outer query's field `path` (`pk`, a field, a foreign key's `_id`), with its table.
    private func outerField(_ path: String) throws -> (table: String, column: String, type: FieldType) {
        guard let outer else {
            throw FieldError(
                description:
                    "F.outer(\"\(path)\") names the outer query's row: use it inside F.subquery(…) or Q.exists(…).")
        }
        guard let field = outer.info.field(named: path) else {
            throw FieldError(
                description: "F.outer(\"\(path)\"): \(outer.info.name) has no such field. Fields are: "
                    + outer.info.fields.map(\.name).joined(separator: ", ") + ".")
        }
        return (outer.alias, field.column, field.type)
    }

    /// The field type of what `expression` computes: text for the text functions, an integer
    /// for `length`, else the type of its first column or value.
    mutating func type(of expression: F) throws -> FieldType {
        switch expression {
        case .field(let path): return try selected(path).type
        case .value(let value):
            switch value {
            case .integer: return .bigInteger
            case .double: return .float
            case .blob: return .binary
            case .text, .null: return .text
            }
        case .operation(let lhs, _, _): return try type(of: lhs)
        case .function(.lower, _), .function(.upper, _), .function(.trim, _), .function(.leftTrim, _),
            .function(.rightTrim, _), .function(.concat, _), .function(.left, _), .function(.right, _),
            .function(.replace, _), .function(.substring, _), .function(.leftPad, _), .function(.rightPad, _),
            .function(.repeat, _), .function(.reverse, _), .function(.chr, _), .function(.md5, _):
            return .text
        case .function(.length, _), .function(.position, _), .function(.ord, _), .extract: return .integer
        case .function(let function, let arguments) where function.computesFloat:
            let types = try arguments.map { try type(of: $0) }
            return types.contains { if case .decimal = $0 { true } else { false } } ? types[0] : .float
        case .function(.now, _): return .dateTime
        case .outer(let path): return try outerField(path).type
        case .windowed(let window): return try windowType(window)
        case .textSearch(.rank): return .float
        case .textSearch: return .text
        case .trunc(.date, _): return .date
        case .trunc(.time, _): return .time
        case .trunc(_, let inner): return try type(of: inner)
        case .cast(_, let type): return type
        case .subquery(let subquery): return subquery.type ?? .text
        case .function(_, let arguments): return try arguments.first.map { try type(of: $0) } ?? .text
        case .conditional(let whens, let otherwise):
            return try (whens.first?.result ?? otherwise).map { try type(of: $0) } ?? .text
        }
    }

    /// What a date part or truncation of `expression` is taken from, or an error when it is no
    /// date, datetime or time.
    private mutating func temporalSource(of expression: F) throws -> TemporalSource {
        let type = try type(of: expression)
        guard let source = TemporalSource(type) else {
            throw FieldError(
                description: "extract(…) and trunc(…) take a DateField, DateTimeField or TimeField;"
                    + " \(Self.name(of: expression)) is a \(type.className).")
        }
        return source
    }

    /// How an error names an expression: `'published'` for a field.
    private static func name(of expression: F) -> String {
        if case .field(let path) = expression { return "'\(path)'" }
        return "expression"
    }

    /// What `values("published__year")`, `orderBy("extra__age")` or `F("published__year")`
    /// names: a field, a date part of one (`__year`, `__date`, …), or a key of a JSON field
    /// (`isJSONKey`, whose values are read back as JSON), with its type.
    mutating func selected(_ path: String) throws -> (expression: SQLExpression, isJSONKey: Bool, type: FieldType) {
        let (column, rest) = try resolve(path)
        guard !rest.isEmpty else { return (column.expression, false, column.field.type) }
        if column.field.type == .json, annotation(at: path) == nil {
            return (.jsonKey(column.expression, keys: rest, text: false), true, .json)
        }
        var expression = column.expression
        var type = column.field.type
        for name in rest {
            guard let part = DatePart(rawValue: name), let source = TemporalSource(type), source.has(part) else {
                throw FieldError(
                    description: "Cannot resolve \"\(path)\": \"\(rest.joined(separator: "__"))\" follows a field here;"
                        + " only transforms may (`__year`, `__date`, … of a date, a key of a JSON field).")
            }
            expression = .datePart(part, expression, source)
            type = part.type
        }
        return (expression, false, type)
    }

    /// `ORDER BY` terms for `-field` / `field` / `?` names.
    mutating func ordering(_ terms: [OrderBy]) throws -> [SQLSelect.Ordering] {
        try terms.map { term in
            let expression: SQLExpression
            switch term.expression {
            case nil: return SQLSelect.Ordering(expression: .random, descending: false)
            case .field(let path)?:
                // NB: ordering by a relation orders by its key column (Django uses the related
                // model's ordering when it has one).
                expression = try selected(path).expression
            case let other?: expression = try self.expression(other)
            }
            return SQLSelect.Ordering(expression: expression, descending: term.descending, nulls: term.nulls)
        }
    }
}

/// `owner__name__iexact` → `["owner", "name", "iexact"]` (a hot path: no Foundation).
func lookupParts(_ path: String) -> [String] {
    var parts: [String] = []
    let bytes = path.utf8
    var start = bytes.startIndex
    var index = start
    while index != bytes.endIndex {
        let next = bytes.index(after: index)
        if bytes[index] == UInt8(ascii: "_"), next != bytes.endIndex, bytes[next] == UInt8(ascii: "_") {
            parts.append(String(path[start..<index]))
            index = bytes.index(after: next)
            start = index
        } else {
            index = next
        }
    }
    parts.append(String(path[start..<bytes.endIndex]))
    return parts
}
