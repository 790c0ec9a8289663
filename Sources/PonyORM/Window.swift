// Window functions (Django's `Window`): a value computed for each row from the rows of its
// partition, in an order, without grouping them: ranks, running totals, the previous row's.

/// What a window computes for each row (Django's `RowNumber`, `Rank`, `Lag`, …, or an
/// aggregate over the window), for ``F/window(_:partitionBy:orderBy:frame:)``.
public indirect enum WindowFunction: Sendable, Hashable {
    /// 1, 2, 3, … in the window's order (`ROW_NUMBER()`).
    case rowNumber
    /// The rank, with gaps after ties (`RANK()`).
    case rank
    /// The rank, without gaps (`DENSE_RANK()`).
    case denseRank
    /// (rank − 1) / (rows − 1), from 0 to 1 (`PERCENT_RANK()`).
    case percentRank
    /// The share of rows ordered up to and with this one's peers (`CUME_DIST()`).
    case cumeDist
    /// The bucket, 1 to `buckets`, of as equal sizes as can be (`NTILE(n)`).
    case ntile(Int)
    /// `expression` of the row `offset` rows before, or `default` (`NULL` when `nil`).
    case lag(F, offset: Int = 1, default: F? = nil)
    /// `expression` of the row `offset` rows after, or `default`.
    case lead(F, offset: Int = 1, default: F? = nil)
    /// `expression` of the window frame's first row.
    case firstValue(F)
    /// `expression` of the window frame's last row (the current row's last peer unless a
    /// frame says otherwise).
    case lastValue(F)
    /// `expression` of the frame's `nth` row (from 1), `NULL` when there is none.
    case nthValue(F, Int)
    /// An aggregate over the window: `.aggregate(.sum("pages"))` is a running total when the
    /// window is ordered.
    case aggregate(Aggregate)
}

/// The rows of a window a function sees (Django's `RowRange` and `ValueRange`): from `start` to
/// `end` rows (or values) around the current one, negative before it, `0` the current row,
/// `nil` unbounded.
public struct WindowFrame: Sendable, Hashable {
    let isRange: Bool
    let start: Int?
    let end: Int?

    /// `ROWS BETWEEN …`: `.rows(from: -1, to: 1)` is the row before, this one and the next.
    public static func rows(from start: Int? = nil, to end: Int? = nil) -> WindowFrame {
        WindowFrame(isRange: false, start: start, end: end)
    }

    /// `RANGE BETWEEN …`: by the ordering's values; `.range(to: 0)` is every row up to this
    /// one's peers. PostgreSQL takes offsets of values only with `UNBOUNDED`, as Django says.
    public static func range(from start: Int? = nil, to end: Int? = nil) -> WindowFrame {
        WindowFrame(isRange: true, start: start, end: end)
    }
}

/// A window function with its partition, order and frame: ``F/window(_:partitionBy:orderBy:frame:)``.
public struct Window: Sendable, Hashable {
    let function: WindowFunction
    let partitionBy: [F]
    let orderBy: [OrderBy]
    let frame: WindowFrame?
}

extension F {
    /// `function` over the rows that share `partitionBy` (all rows when empty), in `orderBy`
    /// order (Django's `Window`): `RANK() OVER (PARTITION BY … ORDER BY …)`.
    ///
    /// ```swift
    /// Book.objects.annotate(["rank": .window(.rank, partitionBy: [F("genre")], orderBy: ["-pages"])])
    /// Book.objects.annotate(["total": .window(.aggregate(.sum("pages")), orderBy: ["published"])])
    /// ```
    ///
    /// A query cannot filter on a window's value (SQL computes windows after `WHERE`); order
    /// by it, or filter the rows fetched.
    public static func window(
        _ function: WindowFunction, partitionBy: [F] = [], orderBy: [OrderBy] = [], frame: WindowFrame? = nil
    ) -> F {
        .windowed(Window(function: function, partitionBy: partitionBy, orderBy: orderBy, frame: frame))
    }
}

extension Window {
    /// The lookup paths the window names.
    var paths: [String] {
        let function: [String]
        switch self.function {
        case .lag(let expression, _, let fallback), .lead(let expression, _, let fallback):
            function = expression.paths + (fallback?.paths ?? [])
        case .firstValue(let expression), .lastValue(let expression), .nthValue(let expression, _):
            function = expression.paths
        case .aggregate(let aggregate):
            function = (aggregate.path.map { [$0] } ?? []) + (aggregate.expression?.paths ?? [])
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist, .ntile: function = []
        }
        return function + partitionBy.flatMap(\.paths) + orderBy.flatMap { $0.expression?.paths ?? [] }
    }
}

extension F {
    /// Whether the expression computes a window function, which a condition cannot use.
    var hasWindow: Bool {
        switch self {
        case .windowed: true
        case .field, .value, .outer, .subquery, .textSearch: false
        case .operation(let lhs, _, let rhs): lhs.hasWindow || rhs.hasWindow
        case .function(_, let arguments): arguments.contains(where: \.hasWindow)
        case .conditional(let whens, let otherwise):
            whens.contains { $0.result.hasWindow } || (otherwise?.hasWindow ?? false)
        case .extract(_, let inner), .trunc(_, let inner), .cast(let inner, _): inner.hasWindow
        }
    }
}

extension SQLCompiler {
    /// `function OVER (PARTITION BY … ORDER BY … frame)`, with Django's refusals of
    /// impossible arguments.
    mutating func window(_ window: Window) throws -> SQLExpression {
        let function: SQLExpression
        switch window.function {
        case .rowNumber: function = .function("ROW_NUMBER", [])
        case .rank: function = .function("RANK", [])
        case .denseRank: function = .function("DENSE_RANK", [])
        case .percentRank: function = .function("PERCENT_RANK", [])
        case .cumeDist: function = .function("CUME_DIST", [])
        case .ntile(let buckets):
            guard buckets > 0 else { throw FieldError(description: "num_buckets must be greater than 0.") }
            function = .function("NTILE", [.integer(buckets)])
        case .lag(let expression, let offset, let fallback), .lead(let expression, let offset, let fallback):
            let name = if case .lag = window.function { "Lag" } else { "Lead" }
            guard offset > 0 else {
                throw FieldError(description: "\(name) requires a positive integer for the offset.")
            }
            let arguments = [try self.expression(expression), .integer(offset)]
            function = .function(
                name.uppercased(), arguments + (try fallback.map { [try self.expression($0)] } ?? []))
        case .firstValue(let expression): function = .function("FIRST_VALUE", [try self.expression(expression)])
        case .lastValue(let expression): function = .function("LAST_VALUE", [try self.expression(expression)])
        case .nthValue(let expression, let nth):
            guard nth > 0 else { throw FieldError(description: "NthValue requires a positive integer as for nth.") }
            function = .function("NTH_VALUE", [try self.expression(expression), .integer(nth)])
        case .aggregate(let aggregate): function = try aggregateExpression(aggregate)
        }
        return .window(
            function, partition: try window.partitionBy.map { try self.expression($0) },
            order: try ordering(window.orderBy), frame: window.frame)
    }

    /// What a window computes, as a field type.
    mutating func windowType(_ window: Window) throws -> FieldType {
        switch window.function {
        case .rowNumber, .rank, .denseRank, .ntile: return .bigInteger
        case .percentRank, .cumeDist: return .float
        case .lag(let expression, _, _), .lead(let expression, _, _), .firstValue(let expression),
            .lastValue(let expression), .nthValue(let expression, _):
            return try type(of: expression)
        case .aggregate(let aggregate):
            switch aggregate.function {
            case .count: return .bigInteger
            case .avg: return .float
            default:
                if let expression = aggregate.expression { return try type(of: expression) }
                return try aggregate.path.map { try resolve($0, allowLookups: false).0.field.type } ?? .float
            }
        }
    }
}

extension SQLRenderer {
    /// An aggregate call, its `FILTER (WHERE …)` included, without PostgreSQL's float cast of
    /// `AVG` (which must come after the `FILTER` or `OVER` clause); returns that cast.
    /// `emptyListIsNull`: an array aggregate on SQLite is `NULL` for no rows, as PostgreSQL's
    /// (SQLite's `JSON_GROUP_ARRAY` gives `[]`; one row or more gives no empty array).
    mutating func writeCall(_ expression: SQLExpression, emptyListIsNull: Bool = true) -> String? {
        switch expression {
        case .aggregate(let function, let argument, let distinct):
            sql += function.name(dialect) + "("
            if distinct { sql += "DISTINCT " }
            write(argument)
            sql += ")"
            // NB: PostgreSQL averages integers as numeric; Django's Avg is a float everywhere.
            return function == .avg ? dialect.floatCast : nil
        case .orderedAggregate(let function, let arguments, let distinct, let order):
            let emptyIsNull = emptyListIsNull && listsAsEmpty(expression)
            if emptyIsNull { sql += "NULLIF(" }
            sql += function.name(dialect) + "("
            if distinct { sql += "DISTINCT " }
            writeList(arguments)
            if !order.isEmpty {
                sql += " ORDER BY "
                writeOrderings(order)
            }
            sql += ")"
            if emptyIsNull { sql += ", '[]')" }
            return nil
        case .filtered(let aggregate, let filter):
            // NB: NULLIF goes round the FILTER clause too.
            let emptyIsNull = listsAsEmpty(aggregate)
            if emptyIsNull { sql += "NULLIF(" }
            let cast = writeCall(aggregate, emptyListIsNull: false)
            sql += " FILTER (WHERE "
            writeCondition(filter)
            sql += ")"
            if emptyIsNull { sql += ", '[]')" }
            return cast
        default:
            write(expression)
            return nil
        }
    }

    /// Whether the call is SQLite's `JSON_GROUP_ARRAY`, which gives `[]` for no rows.
    private func listsAsEmpty(_ expression: SQLExpression) -> Bool {
        guard dialect == .sqlite, case .orderedAggregate(.jsonAgg, _, _, _) = expression else { return false }
        return true
    }

    /// Orderings inside a call: `"t"."a" ASC, "t"."b" DESC NULLS LAST`.
    mutating func writeOrderings(_ order: [SQLSelect.Ordering]) {
        for (index, ordering) in order.enumerated() {
            if index > 0 { sql += ", " }
            write(ordering.expression)
            sql += ordering.descending ? " DESC" : " ASC"
            if let nulls = ordering.nulls { sql += nulls == .first ? " NULLS FIRST" : " NULLS LAST" }
        }
    }

    /// `function OVER (PARTITION BY … ORDER BY … frame)`, as Django writes a `Window`.
    mutating func writeWindow(
        _ function: SQLExpression, partition: [SQLExpression], order: [SQLSelect.Ordering], frame: WindowFrame?
    ) {
        let cast = writeCall(function, emptyListIsNull: false)
        sql += " OVER ("
        var clauses = 0
        if !partition.isEmpty {
            sql += "PARTITION BY "
            writeList(partition)
            clauses += 1
        }
        if !order.isEmpty {
            sql += clauses > 0 ? " ORDER BY " : "ORDER BY "
            writeOrderings(order)
            clauses += 1
        }
        if let frame {
            func bound(_ offset: Int?, unbounded: String) -> String {
                guard let offset else { return "UNBOUNDED " + unbounded }
                if offset == 0 { return "CURRENT ROW" }
                return "\(offset.magnitude) " + (offset < 0 ? "PRECEDING" : "FOLLOWING")
            }
            if clauses > 0 { sql += " " }
            sql += (frame.isRange ? "RANGE" : "ROWS") + " BETWEEN " + bound(frame.start, unbounded: "PRECEDING")
            sql += " AND " + bound(frame.end, unbounded: "FOLLOWING")
        }
        sql += ")"
        if let cast { sql += cast }
    }
}
