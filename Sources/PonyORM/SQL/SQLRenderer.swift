internal import Foundation

/// Writes a query tree as one dialect's SQL text, collecting the bound values in the order
/// their placeholders appear.
struct SQLRenderer {
    let dialect: SQLDialect
    /// The SQL written so far (the extensions in other files write to it too).
    var sql = ""
    private(set) var binds: [DatabaseValue] = []
    /// Whether values are written into the text and columns without their table, as DDL
    /// needs them (a constraint's condition): Django's `_get_check_sql`.
    private var inlinesValues = false
    /// Expressions that stand for columns, by column name: a row's values, when a condition
    /// is checked against them rather than against a table (Django's `Q.check`).
    private var columnValues: [String: SQLExpression] = [:]

    init(_ dialect: SQLDialect) { self.dialect = dialect }

    /// A constraint's condition as DDL writes it: `"pages" >= 1`, `("active" OR "rating" <= 3.5)`.
    static func renderDDL(_ condition: SQLExpression, _ dialect: SQLDialect) -> String {
        var renderer = SQLRenderer(dialect)
        renderer.inlinesValues = true
        renderer.write(condition)
        return renderer.sql
    }

    /// `SELECT 1 WHERE condition`, its columns replaced by `values` (by column name): a row
    /// when the condition holds for those values; with `selecting`, `SELECT expression`.
    static func render(
        _ expression: SQLExpression, values: [String: SQLExpression], _ dialect: SQLDialect, selecting: Bool = false
    ) -> (sql: String, binds: [DatabaseValue]) {
        var renderer = SQLRenderer(dialect)
        renderer.columnValues = values
        if selecting {
            renderer.sql = "SELECT "
            renderer.write(expression)
        } else {
            renderer.sql = "SELECT 1 WHERE "
            renderer.writeCondition(expression)
        }
        return (renderer.sql, renderer.binds)
    }

    /// `select` as text with its binds.
    static func render(_ select: SQLSelect, _ dialect: SQLDialect) -> (sql: String, binds: [DatabaseValue]) {
        var renderer = SQLRenderer(dialect)
        renderer.write(select)
        return (renderer.sql, renderer.binds)
    }

    /// `update` as text with its binds.
    static func render(_ update: SQLUpdate, _ dialect: SQLDialect) -> (sql: String, binds: [DatabaseValue]) {
        var renderer = SQLRenderer(dialect)
        renderer.sql += "UPDATE \(quoteIdentifier(update.table)) SET "
        for (index, assignment) in update.assignments.enumerated() {
            if index > 0 { renderer.sql += ", " }
            renderer.sql += quoteIdentifier(assignment.column) + " = "
            renderer.write(assignment.value)
        }
        renderer.sql += " WHERE "
        renderer.writeCondition(update.filter)
        renderer.sql += returningClause(update.returning)
        return (renderer.sql, renderer.binds)
    }

    /// ` RETURNING "a", "b"`, or nothing for no columns.
    private static func returningClause(_ columns: [String]) -> String {
        columns.isEmpty ? "" : " RETURNING " + columns.map(quoteIdentifier).joined(separator: ", ")
    }

    /// `insert` as text, whose placeholders take the rows' values in row order.
    static func render(_ insert: SQLInsert, _ dialect: SQLDialect) -> String {
        var sql = "INSERT INTO \(quoteIdentifier(insert.table))"
        if insert.columns.isEmpty {
            sql += " DEFAULT VALUES"
        } else {
            sql += " (" + insert.columns.map(quoteIdentifier).joined(separator: ", ") + ") VALUES "
            let typed = insert.types.count == insert.columns.count
            func row(from number: Int) -> String {
                let placeholders = insert.columns.indices.map { column in
                    typed
                        ? dialect.placeholder(number + column, for: insert.types[column])
                        : dialect.placeholder(number + column)
                }
                return "(" + placeholders.joined(separator: ", ") + ")"
            }
            let rows = max(1, insert.rows)
            // NB: unnumbered placeholders make every row alike (a bulk insert writes thousands).
            sql +=
                dialect.numbersPlaceholders
                ? (0..<rows).map { row(from: $0 * insert.columns.count + 1) }.joined(separator: ", ")
                : Array(repeating: row(from: 1), count: rows).joined(separator: ", ")
        }
        switch insert.onConflict {
        case .doNothing?: sql += " ON CONFLICT DO NOTHING"
        case .update(let unique, let columns)?:
            sql += " ON CONFLICT(" + unique.map(quoteIdentifier).joined(separator: ", ") + ") DO UPDATE SET "
            sql += columns.map { quoteIdentifier($0) + " = EXCLUDED." + quoteIdentifier($0) }.joined(separator: ", ")
        case nil: break
        }
        sql += returningClause(insert.returning)
        return sql
    }

    /// `delete` as text with its binds.
    static func render(_ delete: SQLDelete, _ dialect: SQLDialect) -> (sql: String, binds: [DatabaseValue]) {
        var renderer = SQLRenderer(dialect)
        renderer.sql += "DELETE FROM \(quoteIdentifier(delete.table)) WHERE "
        renderer.writeCondition(delete.filter)
        return (renderer.sql, renderer.binds)
    }

    mutating func write(_ select: SQLSelect) {
        if let compound = select.compound {
            writeCompound(compound)
        } else {
            writeBody(select)
        }
        writeOrderAndSlice(select)
    }

    /// The parts joined by the operation; on PostgreSQL each in parentheses, so that one may
    /// be ordered or sliced itself (SQLite allows neither, and no parentheses).
    private mutating func writeCompound(_ compound: SQLCompound) {
        for (index, part) in compound.parts.enumerated() {
            if index > 0 { sql += " " + compound.operation + " " }
            if dialect == .sqlite {
                write(part)
            } else {
                sql += "("
                write(part)
                sql += ")"
            }
        }
    }

    /// `SELECT … FROM … WHERE … GROUP BY … HAVING …`.
    private mutating func writeBody(_ select: SQLSelect) {
        sql += select.distinct ? "SELECT DISTINCT " : "SELECT "
        for (index, item) in select.items.enumerated() {
            if index > 0 { sql += ", " }
            switch item {
            case .modelColumns(let table, let columns):
                let quoted = quoteIdentifier(table)
                for (position, column) in columns.enumerated() {
                    if position > 0 { sql += ", " }
                    sql += quoted + "." + quoteIdentifier(column)
                }
            case .expression(let expression, let alias):
                write(expression)
                if let alias { sql += " AS " + quoteIdentifier(alias) }
            }
        }
        sql += " FROM "
        switch select.source {
        case .table(let table): sql += quoteIdentifier(table)
        case .aliased(let table, let alias): sql += quoteIdentifier(table) + " " + quoteIdentifier(alias)
        case .select(let inner, let alias):
            sql += "("
            write(inner)
            sql += ") " + quoteIdentifier(alias)
        }
        for join in select.joins {
            sql += join.outer ? " LEFT OUTER JOIN " : " INNER JOIN "
            sql += quoteIdentifier(join.table)
            if join.alias != join.table { sql += " " + quoteIdentifier(join.alias) }
            sql += " ON ("
            write(join.from)
            sql += " = "
            write(join.to)
            if let also = join.also {
                sql += " AND "
                writeCondition(also)
            }
            sql += ")"
        }
        if let filter = select.filter, !filter.isAlwaysTrue {
            sql += " WHERE "
            writeCondition(filter)
        }
        if !select.groupBy.isEmpty {
            sql += " GROUP BY "
            for (index, expression) in select.groupBy.enumerated() {
                if index > 0 { sql += ", " }
                writeSelected(expression, of: select)
            }
        }
        if let having = select.having, !having.isAlwaysTrue {
            sql += " HAVING "
            writeCondition(having)
        }
    }

    /// `ORDER BY … LIMIT … OFFSET …`, and `FOR UPDATE`.
    private mutating func writeOrderAndSlice(_ select: SQLSelect) {
        if !select.orderBy.isEmpty {
            sql += " ORDER BY "
            for (index, ordering) in select.orderBy.enumerated() {
                if index > 0 { sql += ", " }
                writeSelected(ordering.expression, of: select)
                if ordering.expression != .random { sql += ordering.descending ? " DESC" : " ASC" }
                if let nulls = ordering.nulls { sql += nulls == .first ? " NULLS FIRST" : " NULLS LAST" }
            }
        }
        if let limit = select.limit {
            sql += " LIMIT "
            write(.bind(.integer(Int64(limit))))
        }
        if select.offset > 0 {
            if select.limit == nil, let unlimited = dialect.unlimited { sql += " LIMIT " + unlimited }
            sql += " OFFSET "
            write(.bind(.integer(Int64(select.offset))))
        }
        if let lock = select.forUpdate, dialect.supportsSelectForUpdate {
            // NB: Django's `for_update_sql`, in its order.
            sql += lock.noKey ? " FOR NO KEY UPDATE" : " FOR UPDATE"
            if !lock.of.isEmpty { sql += " OF " + lock.of.map(quoteIdentifier).joined(separator: ", ") }
            if lock.noWait { sql += " NOWAIT" }
            if lock.skipLocked { sql += " SKIP LOCKED" }
        }
    }

    /// `expression` in `GROUP BY` or `ORDER BY`: an expression with binds (a `CASE`, a
    /// `CONCAT`) that is also selected is written as its place in the select list, as Django
    /// does; PostgreSQL cannot tell that `$1` and `$6` hold the same value, so the expression
    /// written twice would not match its selected self.
    private mutating func writeSelected(_ expression: SQLExpression, of select: SQLSelect) {
        switch expression {
        case .column, .random, .aggregate: write(expression)
        default:
            guard let position = Self.position(of: expression, in: select.items) else { return write(expression) }
            sql += String(position)
        }
    }

    /// The 1-based place of `expression` among the selected columns, or `nil`.
    private static func position(of expression: SQLExpression, in items: [SQLSelect.Item]) -> Int? {
        var position = 0
        for item in items {
            switch item {
            case .modelColumns(_, let columns): position += columns.count
            case .expression(let selected, _):
                position += 1
                if selected == expression { return position }
            }
        }
        return nil
    }

    /// A condition at the top of a clause: an `AND`/`OR` without its parentheses.
    mutating func writeCondition(_ condition: SQLExpression) {
        switch condition {
        case .and(let parts) where !parts.isEmpty: writeJoined(parts, " AND ")
        case .or(let parts) where !parts.isEmpty: writeJoined(parts, " OR ")
        default: write(condition)
        }
    }

    private mutating func writeJoined(_ parts: [SQLExpression], _ separator: String) {
        for (index, part) in parts.enumerated() {
            if index > 0 { sql += separator }
            write(part)
        }
    }

    mutating func writeList(_ expressions: [SQLExpression]) { writeJoined(expressions, ", ") }

    mutating func write(_ expression: SQLExpression) {
        switch expression {
        case .column(let table, let column):
            if !columnValues.isEmpty, let value = columnValues[column] { return write(value) }
            sql += inlinesValues ? quoteIdentifier(column) : quoteIdentifier(table) + "." + quoteIdentifier(column)
        case .bind(let value) where inlinesValues, .constant(let value) where inlinesValues:
            sql += dialect.literal(value)
        case .typedBind(let value, let type) where inlinesValues:
            sql += dialect.conditionLiteral(value, for: type)
        case .bind(let value):
            binds.append(value)
            sql += dialect.placeholder(binds.count)
        case .typedBind(let value, let type):
            binds.append(value)
            sql += dialect.placeholder(binds.count, for: type)
        case .all:
            sql += "*"
        case .integer(let number):
            sql += String(number)
        case .aggregate, .orderedAggregate, .filtered:
            if let cast = writeCall(expression) { sql += cast }
        case .window(let function, let partition, let order, let frame):
            writeWindow(function, partition: partition, order: order, frame: frame)
        case .arithmetic(let lhs, let op, let rhs):
            sql += "("
            write(lhs)
            sql += " \(op.rawValue) "
            write(rhs)
            sql += ")"
        case .compare(let lhs, .equal, .typedBind(.integer(let flag), .boolean)) where inlinesValues:
            // NB: Django writes `field = True` as `field` (and `False` as `NOT field`).
            if flag == 0 { sql += "NOT " }
            write(lhs)
        case .compare(let lhs, let op, let rhs):
            write(lhs)
            sql += " \(op.rawValue) "
            write(rhs)
        case .and(let parts):
            guard !parts.isEmpty else { return sql += "1 = 1" }
            sql += "("
            writeJoined(parts, " AND ")
            sql += ")"
        case .or(let parts):
            guard !parts.isEmpty else { return sql += "1 = 0" }
            sql += "("
            writeJoined(parts, " OR ")
            sql += ")"
        case .not(let inner):
            sql += "NOT ("
            writeCondition(inner)
            sql += ")"
        case .isNull(let inner, let negated):
            write(inner)
            sql += negated ? " IS NOT NULL" : " IS NULL"
        case .inList(let lhs, let values):
            guard !values.isEmpty else { return sql += "1 = 0" }
            write(lhs)
            sql += " IN ("
            writeList(values)
            sql += ")"
        case .inSelect(let lhs, let select):
            write(lhs)
            sql += " IN ("
            write(select)
            sql += ")"
        case .between(let value, let low, let high):
            write(value)
            sql += " BETWEEN "
            write(low)
            sql += " AND "
            write(high)
        case .pattern(let lookup, let lhs, let text):
            writePattern(lookup, lhs, text)
        case .datePart(let part, let inner, let source):
            writeDatePart(part, inner, source)
        case .jsonKey(let inner, let keys, let text):
            writeJSONKey(inner, keys, text: text)
        case .jsonConstant(let value, let plain):
            writeJSONConstant(value, plain: plain)
        case .jsonHasKeys(let inner, let base, let keys, let all):
            writeJSONHasKeys(inner, base: base, keys: keys, all: all)
        case .jsonContains(let inner, let value, let containedBy):
            writeJSONContains(inner, value, containedBy: containedBy)
        case .postgresCast(let inner, let type):
            guard dialect != .sqlite else { return write(inner) }
            // NB: a value needs no parentheses: `'english'::regconfig`, as Django writes it.
            if case .bind = inner {
                write(inner)
                sql += "::" + type
            } else {
                write(inner, between: "(", and: ")::" + type)
            }
        case .random:
            sql += "RANDOM()"
        case .constant(let value):
            write(.bind(value))
            guard dialect != .sqlite else { return }
            switch value {
            case .integer: sql += "::bigint"
            case .double: sql += "::double precision"
            default: break
            }
        case .subquery(let select):
            sql += "("
            write(select)
            sql += ")"
        case .exists(let select):
            sql += "EXISTS("
            write(select)
            sql += ")"
        case .truncated(let kind, let inner, let source):
            writeTruncated(kind, inner, source)
        case .cast(let inner, let type):
            // NB: SQLite's date parts are integers already.
            if dialect == .sqlite, case .datePart = inner { return write(inner) }
            sql += "CAST("
            write(inner)
            sql += " AS \(type))"
        case .function(let name, let arguments):
            writeFunction(name, arguments)
        case .converted(let inner, let type):
            writeConverted(inner, type)
        case .concatenation(let parts):
            sql += "("
            writeJoined(parts, " || ")
            sql += ")"
        case .joinedText(let parts):
            writeJoined(parts, " || ")
        case .textSearch(let lhs, let op, let rhs):
            sql += "("
            writeJoined([lhs, rhs], " \(op.rawValue) ")
            sql += ")"
        case .text(let inner):
            guard dialect != .sqlite else { return write(inner) }
            sql += "("
            write(inner)
            sql += ")::text"
        case .conditional(let whens, let otherwise):
            sql += "CASE"
            for when in whens {
                sql += " WHEN "
                writeCondition(when.condition)
                sql += " THEN "
                write(when.result)
            }
            if let otherwise {
                sql += " ELSE "
                write(otherwise)
            }
            sql += " END"
        }
    }

    /// Django's `Cast`: `(x)::type` on PostgreSQL; on SQLite `CAST(x AS type)`, except that a
    /// date is `date(x)` and a datetime or time `strftime(…)`, which keep what `CAST` would cut.
    private mutating func writeConverted(_ inner: SQLExpression, _ type: FieldType) {
        guard dialect == .sqlite else { return write(inner, between: "(", and: ")::" + dialect.columnType(type)) }
        switch type {
        case .date: write(inner, between: "date(", and: ")")
        case .dateTime: write(inner, between: "strftime('%Y-%m-%d %H:%M:%f', ", and: ")")
        case .time: write(inner, between: "strftime('%H:%M:%f', ", and: ")")
        default: write(inner, between: "CAST(", and: " AS " + dialect.columnType(type) + ")")
        }
    }

    /// `prefix`, then `inner`, then `suffix`: a function or cast around an expression.
    private mutating func write(_ inner: SQLExpression, between prefix: String, and suffix: String) {
        sql += prefix
        write(inner)
        sql += suffix
    }

    /// A function call; on SQLite, Django's spellings of the functions it lacks.
    private mutating func writeFunction(_ name: String, _ arguments: [SQLExpression]) {
        switch (name, dialect == .sqlite) {
        case ("NOW", true): return sql += "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')"
        case ("NOW", false): return sql += "STATEMENT_TIMESTAMP()"
        case ("LEFT", true) where arguments.count == 2:
            return writeFunction("SUBSTR", [arguments[0], .integer(1), arguments[1]])
        case ("RIGHT", true) where arguments.count == 2:
            // NB: as Django's Right on SQLite: SUBSTR(text, n * -1).
            return writeFunction("SUBSTR", [arguments[0], .arithmetic(arguments[1], .multiply, .integer(-1))])
        default: break
        }
        let sqliteNames = [
            "GREATEST": "MAX", "LEAST": "MIN", "SUBSTRING": "SUBSTR", "STRPOS": "INSTR", "CHR": "CHAR",
            "ASCII": "UNICODE",
        ]
        sql += (dialect == .sqlite ? sqliteNames[name] : nil) ?? name
        sql += "("
        writeList(arguments)
        sql += ")"
    }

    /// A pattern lookup, as Django's backends write it. On SQLite, as in Django, `LIKE` is
    /// case-insensitive for ASCII letters, so `contains` and `icontains` behave alike there.
    private mutating func writePattern(_ lookup: PatternLookup, _ lhs: SQLExpression, _ text: String) {
        let sqlite = dialect == .sqlite
        switch lookup {
        case .regex, .iregex:
            write(lhs)
            if sqlite {
                sql += " REGEXP "
                write(.bind(.text(lookup == .iregex ? "(?i)" + text : text)))
            } else {
                sql += lookup == .iregex ? "::text ~* " : "::text ~ "
                write(.bind(.text(text)))
            }
            return
        default: break
        }
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        let pattern: String
        switch lookup {
        case .contains, .icontains: pattern = "%\(escaped)%"
        case .startswith, .istartswith: pattern = "\(escaped)%"
        case .endswith, .iendswith: pattern = "%\(escaped)"
        default: pattern = escaped
        }
        if sqlite {
            write(lhs)
            sql += " LIKE "
            write(.bind(.text(pattern)))
            sql += " ESCAPE '\\'"
        } else if lookup.ignoresCase {
            sql += "UPPER("
            write(lhs)
            sql += "::text) LIKE UPPER("
            write(.bind(.text(pattern)))
            sql += ")"
        } else {
            write(lhs)
            sql += "::text LIKE "
            write(.bind(.text(pattern)))
        }
    }

    /// A date, datetime or time truncated to `kind` (see `writeDatePart`). On SQLite a
    /// truncated date or datetime is text, as stored (`2026-06-01 00:00:00`); a datetime's
    /// truncation in a zone other than UTC is read back as the UTC instant it starts at.
    private mutating func writeTruncated(_ kind: TruncKind, _ inner: SQLExpression, _ source: TemporalSource) {
        if dialect == .sqlite {
            let zone = source.zone
            if zone == nil, let format = Self.truncationFormat(kind, source) {
                return write(inner, between: "strftime('\(format)', ", and: ")")
            }
            return writeDateFunction("pony_date_trunc", kind.rawValue, inner, zone)
        }
        switch source {
        case .date: write(inner, between: "DATE_TRUNC('\(kind.rawValue)', ", and: ")::date")
        case .time: write(inner, between: "DATE_TRUNC('\(kind.rawValue)', ", and: ")::time")
        case .dateTime(let zone):
            let back = source.zone != nil
            sql += back ? "(DATE_TRUNC('\(kind.rawValue)', " : "DATE_TRUNC('\(kind.rawValue)', "
            writeLocal(inner, zone)
            sql += ")"
            if back {
                sql += " AT TIME ZONE "
                sql += zoneName(zone)
                sql += ")"
            }
        }
    }

    /// SQLite's `strftime` format for a truncation it can do itself; `nil` for a quarter or
    /// a week.
    private static func truncationFormat(_ kind: TruncKind, _ source: TemporalSource) -> String? {
        let day: String
        switch kind {
        case .year: day = "%Y-01-01"
        case .month: day = "%Y-%m-01"
        case .day: day = "%Y-%m-%d"
        case .hour, .minute, .second:
            let time = kind == .hour ? "%H:00:00" : kind == .minute ? "%H:%M:00" : "%H:%M:%S"
            return source == .time ? time : "%Y-%m-%d " + time
        case .quarter, .week, .date, .time: return nil
        }
        return source == .date ? day : day + " 00:00:00"
    }

    /// `__date`, `__year`, `__hour`, … of a date, datetime or time, numbered as Django's are. A
    /// datetime's parts are those of its wall-clock time in the source's zone: `AT TIME ZONE`
    /// on PostgreSQL; on SQLite, which cannot convert, Pony's `pony_date_part` function
    /// (PonySQLite), which is also what computes ISO weeks and quarters there.
    private mutating func writeDatePart(_ part: DatePart, _ inner: SQLExpression, _ source: TemporalSource) {
        if dialect == .sqlite {
            let zone = source.zone
            if zone == nil, part == .date { return write(inner, between: "date(", and: ")") }
            if zone == nil, let format = Self.partFormats[part] {
                return write(inner, between: "CAST(strftime('\(format)', ", and: ") AS integer)")
            }
            return writeDateFunction("pony_date_part", part.rawValue, inner, zone)
        }
        let (prefix, suffix): (String, String) =
            switch part {
            case .date: ("(", ")::date")
            case .time: ("(", ")::time")
            case .second: ("EXTRACT(SECOND FROM DATE_TRUNC('second', ", "))")
            case .weekDay: ("(EXTRACT(DOW FROM ", ") + 1)")
            case .isoWeekDay: ("EXTRACT(ISODOW FROM ", ")")
            case .isoYear: ("EXTRACT(ISOYEAR FROM ", ")")
            default: ("EXTRACT(\(part.rawValue.uppercased()) FROM ", ")")
            }
        sql += prefix
        if case .dateTime(let zone) = source { writeLocal(inner, zone) } else { write(inner) }
        sql += suffix
    }

    /// The parts SQLite's `strftime` gives as they are.
    private static let partFormats: [DatePart: String] = [
        .year: "%Y", .month: "%m", .day: "%d", .hour: "%H", .minute: "%M", .second: "%S",
    ]

    /// `name('part', value, 'zone')`: one of PonySQLite's date functions, the zone `NULL` for
    /// UTC.
    private mutating func writeDateFunction(_ name: String, _ part: String, _ inner: SQLExpression, _ zone: TimeZone?) {
        sql += "\(name)('\(part)', "
        write(inner)
        sql += ", "
        sql += zone.map { dialect.literal(.text($0.identifier)) } ?? "NULL"
        sql += ")"
    }

    /// A PostgreSQL datetime as the wall-clock time of `zone`: `x AT TIME ZONE 'Europe/Oslo'`.
    private mutating func writeLocal(_ inner: SQLExpression, _ zone: TimeZone) {
        write(inner)
        sql += " AT TIME ZONE "
        sql += zoneName(zone)
    }

    /// How PostgreSQL names `zone`: its tz database name (`'UTC'` for UTC), or for a zone that
    /// is a fixed offset (`TimeZone(secondsFromGMT:)`) that offset as an interval, whose sign,
    /// unlike that of a POSIX zone name, is ISO 8601's.
    private func zoneName(_ zone: TimeZone) -> String {
        if zone.isUTC { return "'UTC'" }
        guard zone.identifier.hasPrefix("GMT"), zone.identifier.count > 3 else {
            return dialect.literal(.text(zone.identifier))
        }
        let offset = zone.secondsFromGMT()
        let minutes = abs(offset) / 60
        let hours = minutes / 60
        return
            "INTERVAL '\(offset < 0 ? "-" : "+")\(hours < 10 ? "0" : "")\(hours):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)'"
    }
}

extension SQLExpression {
    /// An empty `AND`: no condition at all.
    var isAlwaysTrue: Bool { self == .and([]) }
}
