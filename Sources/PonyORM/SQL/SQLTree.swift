internal import Foundation
internal import PonySupport

/// A SQL expression as a value: what the query compiler builds from lookups, `F()` and
/// aggregates, and what a ``SQLDialect`` renders. Nothing is written as text before rendering,
/// so nothing is parsed or patched after: a backend differs only in its dialect.
indirect enum SQLExpression: Sendable, Equatable {
    /// `"alias"."column"`.
    case column(table: String, column: String)
    /// A bound value: a placeholder in the text, the value in the binds.
    case bind(DatabaseValue)
    /// A bound value for a column of `type`, whose placeholder the dialect may convert
    /// (PostgreSQL reads a `DurationField`'s microseconds into an `interval`).
    case typedBind(DatabaseValue, FieldType)
    /// `*`, as in `COUNT(*)` and `SELECT *`.
    case all
    /// An integer written into the text (`SELECT 1`): only numbers the ORM chooses, never input.
    case integer(Int)
    /// An aggregate: `COUNT(DISTINCT "t"."c")`.
    case aggregate(AggregateFunction, SQLExpression, distinct: Bool)
    /// An aggregate of several arguments in an order: `STRING_AGG("t"."c", $1 ORDER BY "t"."c" ASC)`.
    case orderedAggregate(AggregateFunction, [SQLExpression], distinct: Bool, order: [SQLSelect.Ordering])
    /// Arithmetic between expressions: `("t"."views" + ?)`.
    case arithmetic(SQLExpression, ArithmeticOperator, SQLExpression)
    /// A comparison: `"t"."c" >= ?`.
    case compare(SQLExpression, ComparisonOperator, SQLExpression)
    /// All of them; none is true.
    case and([SQLExpression])
    /// Any of them; none is false.
    case or([SQLExpression])
    /// `NOT (…)`.
    case not(SQLExpression)
    /// `… IS NULL`, or `IS NOT NULL` when `negated`.
    case isNull(SQLExpression, negated: Bool)
    /// `… IN (?, ?)`; an empty list is false.
    case inList(SQLExpression, [SQLExpression])
    /// `… IN (SELECT …)`.
    case inSelect(SQLExpression, SQLSelect)
    /// `… BETWEEN ? AND ?`.
    case between(SQLExpression, SQLExpression, SQLExpression)
    /// A text pattern lookup (`contains`, `iexact`, `regex`, …) against `text`.
    case pattern(PatternLookup, SQLExpression, String)
    /// A part of a date, datetime or time (`__year`, `__date`, `__hour`), as a number, or a
    /// date or time for `date` and `time`.
    case datePart(DatePart, SQLExpression, TemporalSource)
    /// A key (a number is an array index) of a JSON column, or of a key of it: Django's
    /// `KeyTransform`, a JSON value; as text when `text` (`KeyTextTransform`, for the text
    /// lookups).
    case jsonKey(SQLExpression, keys: [String], text: Bool)
    /// A JSON constant compared with a key: JSON on PostgreSQL (`$1::jsonb`), on SQLite the
    /// SQL value a key's expression gives (`'true'` for `true`, the number, the text); `plain`
    /// for the ordering lookups, which compare SQLite's value as Python's would.
    case jsonConstant(JSONValue, plain: Bool)
    /// Whether the JSON has each key path (`all`), or any: `has_key`, `has_keys`,
    /// `has_any_keys`; the last key of each path is a key, never an index.
    case jsonHasKeys(SQLExpression, base: [String], keys: [String], all: Bool)
    /// `@>` (or `<@` when `containedBy`): PostgreSQL's JSON containment.
    case jsonContains(SQLExpression, JSONValue, containedBy: Bool)
    /// A window function: `RANK() OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …)`.
    case window(SQLExpression, partition: [SQLExpression], order: [SQLSelect.Ordering], frame: WindowFrame?)
    /// `(x)::type` on PostgreSQL, `x` elsewhere: the casts Django's math functions need there
    /// (`LOG` and `MOD` take no floats, and give numerics where Django gives floats).
    case postgresCast(SQLExpression, String)
    /// A random number, for `orderBy("?")`.
    case random
    /// A constant of an expression (Django's `Value`): a bound value, whose placeholder
    /// PostgreSQL is told the type of when it is a number (`$1::bigint`), since in a `CASE` or
    /// a `SUM` it cannot infer one.
    case constant(DatabaseValue)
    /// An aggregate over the rows matching a condition: `COUNT(…) FILTER (WHERE …)`.
    case filtered(SQLExpression, filter: SQLExpression)
    /// `(SELECT …)`: one value from a subquery.
    case subquery(SQLSelect)
    /// `EXISTS(SELECT …)`.
    case exists(SQLSelect)
    /// A date, datetime or time truncated to the start of its year, …, second, of the same
    /// type (never `date` or `time`, which are ``datePart(_:_:_:)``s).
    case truncated(TruncKind, SQLExpression, TemporalSource)
    /// `CAST(x AS type)`, `type` chosen by the ORM.
    case cast(SQLExpression, to: String)
    /// A value converted to the column type of a field (Django's `Cast`): `CAST(x AS real)`,
    /// `(x)::double precision`; on SQLite a date or time through `date()`/`strftime()`.
    case converted(SQLExpression, FieldType)
    /// A function call: `LOWER("t"."name")`.
    case function(String, [SQLExpression])
    /// Text joined: `(a || b)`.
    case concatenation([SQLExpression])
    /// Text joined where nothing else can bind tighter, a function's one argument: `a || b`.
    case joinedText([SQLExpression])
    /// An expression as text: `(x)::text` on PostgreSQL; as it is on SQLite.
    case text(SQLExpression)
    /// `CASE WHEN … THEN … ELSE … END`.
    case conditional([SQLWhen], otherwise: SQLExpression?)
    /// A full-text search operator between vectors and queries: `(v @@ q)`, `(q && q)`.
    case textSearch(SQLExpression, TextSearchOperator, SQLExpression)
}

/// PostgreSQL's operators of full-text search.
enum TextSearchOperator: String, Sendable {
    /// A vector matches a query.
    case matches = "@@"
    /// Both queries.
    case and = "&&"
    /// Either query, or two vectors joined.
    case or = "||"
}

/// `WHEN condition THEN result` in a `CASE`.
struct SQLWhen: Sendable, Equatable {
    let condition: SQLExpression
    let result: SQLExpression
}

/// Django's aggregate functions.
enum AggregateFunction: String, Sendable {
    case count = "COUNT", sum = "SUM", avg = "AVG", min = "MIN", max = "MAX"
    /// Texts joined (django.contrib.postgres's `StringAgg`).
    case stringAgg = "STRING_AGG"
    /// Values as a JSON array (`ArrayAgg`, `JSONBAgg`): `JSON_GROUP_ARRAY` on SQLite.
    case jsonAgg = "JSONB_AGG"
    /// Whether every flag is true (`BoolAnd`): `MIN` of 0 and 1 on SQLite.
    case boolAnd = "BOOL_AND"
    /// Whether any flag is true (`BoolOr`): `MAX` on SQLite.
    case boolOr = "BOOL_OR"

    /// Whether it is one of django.contrib.postgres's aggregates, which have no default name.
    var isPostgresAggregate: Bool { ![.count, .sum, .avg, .min, .max].contains(self) }

    /// Whether it takes an order of its values (`order_by=`).
    var isOrdered: Bool { self == .stringAgg || self == .jsonAgg }

    /// The function's name on `dialect`.
    func name(_ dialect: SQLDialect) -> String {
        guard dialect == .sqlite else { return rawValue }
        switch self {
        case .jsonAgg: return "JSON_GROUP_ARRAY"
        case .boolAnd: return "MIN"
        case .boolOr: return "MAX"
        default: return rawValue
        }
    }
}

/// `+`, `-`, `*`, `/` between expressions.
public enum ArithmeticOperator: String, Sendable, Hashable {
    /// Addition.
    case add = "+"
    /// Subtraction.
    case subtract = "-"
    /// Multiplication.
    case multiply = "*"
    /// Division.
    case divide = "/"
}

/// The comparisons of Django's `exact`, `gt`, `gte`, `lt` and `lte` lookups.
enum ComparisonOperator: String, Sendable {
    case equal = "=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

    /// The operator of a lookup name (`gte` → `>=`), or `nil` for other lookups.
    init?(lookup: String) {
        switch lookup {
        case "exact": self = .equal
        case "gt": self = .greater
        case "gte": self = .greaterOrEqual
        case "lt": self = .less
        case "lte": self = .lessOrEqual
        default: return nil
        }
    }
}

/// Django's text pattern lookups.
enum PatternLookup: String, Sendable {
    case iexact, contains, icontains, startswith, istartswith, endswith, iendswith, regex, iregex

    /// Whether case is ignored (on PostgreSQL; SQLite's `LIKE` ignores ASCII case anyway).
    var ignoresCase: Bool { rawValue.hasPrefix("i") }
}

/// A `SELECT` as a value.
struct SQLSelect: Sendable, Equatable {
    /// What is selected.
    enum Item: Sendable, Equatable {
        /// Every column of a model, in field order (rendered from the model's metadata).
        case modelColumns(table: String, columns: [String])
        /// One expression, with an alias when given.
        case expression(SQLExpression, alias: String?)
    }

    /// Where rows come from.
    indirect enum Source: Sendable, Equatable {
        case table(String)
        /// `"table" "alias"`: a subquery's table, named apart from the outer query's.
        case aliased(String, alias: String)
        case select(SQLSelect, alias: String)
    }

    /// `INNER JOIN` or `LEFT OUTER JOIN "table" "alias" ON ("from"."column" = "alias"."key")`.
    struct Join: Sendable, Equatable {
        let outer: Bool
        let table: String
        let alias: String
        let from: SQLExpression
        let to: SQLExpression
        /// A condition the joined rows meet besides (a generic relation's content type:
        /// Django's `get_extra_restriction`).
        var also: SQLExpression? = nil
    }

    /// One `ORDER BY` term.
    struct Ordering: Sendable, Equatable {
        let expression: SQLExpression
        let descending: Bool
        /// `NULLS FIRST`/`NULLS LAST`, when asked.
        var nulls: NullsOrder? = nil
    }

    var distinct = false
    var items: [Item]
    var source: Source
    var joins: [Join] = []
    /// Other `SELECT`s combined by a set operation; when given, they are the query (its
    /// items, source and conditions unused) and only the ordering and slice apply to them.
    var compound: SQLCompound? = nil
    var filter: SQLExpression?
    var groupBy: [SQLExpression] = []
    var having: SQLExpression?
    var orderBy: [Ordering] = []
    var limit: Int?
    var offset = 0
    var forUpdate: SQLLock? = nil
}

/// `FOR [NO KEY] UPDATE [OF …] [NOWAIT | SKIP LOCKED]`, PostgreSQL's row lock.
struct SQLLock: Sendable, Equatable {
    var noKey = false
    /// The table aliases whose rows are locked; empty: every table of the query.
    var of: [String] = []
    var noWait = false
    var skipLocked = false
}

/// `SELECT … UNION SELECT …`: `operation` is `UNION`, `UNION ALL`, `INTERSECT` or `EXCEPT`.
struct SQLCompound: Sendable, Equatable {
    let operation: String
    let parts: [SQLSelect]
}

/// `UPDATE "table" SET "column" = … WHERE …`.
struct SQLUpdate: Sendable {
    let table: String
    let assignments: [(column: String, value: SQLExpression)]
    let filter: SQLExpression
    /// Columns the statement returns from the rows it changed (generated ones, read back).
    var returning: [String] = []
}

/// `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)` for `rows` rows (`DEFAULT VALUES`
/// without columns), with `RETURNING "key"` where asked. The statement's shape is the value:
/// the rows' values are bound in row order, without a node each (bulk inserts bind 32,000).
struct SQLInsert: Sendable {
    let table: String
    let columns: [String]
    /// The columns' types, for placeholders the dialect converts (empty: plain placeholders).
    var types: [FieldType] = []
    var rows = 1
    /// What a row that breaks a unique constraint does instead of failing the statement.
    var onConflict: SQLConflict? = nil
    /// Columns the statement returns from each row: an automatic key, generated columns.
    var returning: [String] = []
}

/// `ON CONFLICT DO NOTHING`, or `ON CONFLICT ("unique") DO UPDATE SET "a" = EXCLUDED."a"`.
enum SQLConflict: Sendable, Equatable {
    case doNothing
    case update(uniqueColumns: [String], columns: [String])
}

/// `DELETE FROM "table" WHERE …`.
struct SQLDelete: Sendable {
    let table: String
    let filter: SQLExpression
}

extension SQLExpression {
    /// `"table"."column" IN (?, ?, …)` for `values`.
    static func column(_ table: String, _ column: String, in values: [DatabaseValue]) -> SQLExpression {
        .inList(.column(table: table, column: column), values.map { .bind($0) })
    }

    /// `"table"."column" = ?`.
    static func column(_ table: String, _ column: String, equals value: DatabaseValue) -> SQLExpression {
        .compare(.column(table: table, column: column), .equal, .bind(value))
    }
}

extension SQLSelect {
    /// The `ORDER BY` terms as select items: a `SELECT DISTINCT` must select them (PostgreSQL
    /// refuses the query otherwise), as Django adds them. `RANDOM()` is left out.
    static func items(orderedBy order: [Ordering]) -> [Item] {
        order.filter { $0.expression != .random }.map { .expression($0.expression, alias: nil) }
    }
}
