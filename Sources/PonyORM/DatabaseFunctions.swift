// Django's database functions (`django.db.models.functions`) and conditional expressions
// (`Case`, `When`, `Value`) as ``F`` expressions: the query compiler turns them into the SQL
// tree, and each dialect writes them as Django's backend does.

/// A function the database computes (Django's `Lower`, `Upper`, `Length`, `Trim`, `Abs`,
/// `Concat`, `Coalesce`, `NullIf`).
public enum DatabaseFunction: String, Sendable, Hashable {
    /// `LOWER(text)`.
    case lower = "LOWER"
    /// `UPPER(text)`.
    case upper = "UPPER"
    /// `LENGTH(text)`: the number of characters.
    case length = "LENGTH"
    /// `TRIM(text)`: without leading and trailing spaces.
    case trim = "TRIM"
    /// `LTRIM(text)`.
    case leftTrim = "LTRIM"
    /// `RTRIM(text)`.
    case rightTrim = "RTRIM"
    /// `ABS(number)`.
    case abs = "ABS"
    /// The texts joined, `NULL` counting as empty (Django's `Concat`).
    case concat = "CONCAT"
    /// The first argument that is not `NULL`.
    case coalesce = "COALESCE"
    /// `NULL` when both arguments are equal, else the first.
    case nullIf = "NULLIF"
    /// The greatest argument (`MAX(…)` on SQLite, where any `NULL` makes it `NULL`).
    case greatest = "GREATEST"
    /// The least argument (`MIN(…)` on SQLite, where any `NULL` makes it `NULL`).
    case least = "LEAST"
    /// The first characters of a text (`SUBSTR(text, 1, n)` on SQLite).
    case left = "LEFT"
    /// The last characters of a text (`SUBSTR(text, -n)` on SQLite).
    case right = "RIGHT"
    /// A text with every occurrence of a text replaced.
    case replace = "REPLACE"
    /// Part of a text, from a position counted from 1 (`SUBSTR` on SQLite).
    case substring = "SUBSTRING"
    /// Where a text first occurs in another, from 1; 0 when it does not (`INSTR` on SQLite).
    case position = "STRPOS"
    /// The current date and time (`STATEMENT_TIMESTAMP()` on PostgreSQL, the time with
    /// milliseconds on SQLite).
    case now = "NOW"
    /// The smallest whole number not below (Django's `Ceil`).
    case ceil = "CEILING"
    /// The greatest whole number not above (`Floor`).
    case floor = "FLOOR"
    /// Rounded to a number of decimal places (`Round`).
    case round = "ROUND"
    /// −1, 0 or 1 (`Sign`).
    case sign = "SIGN"
    /// The remainder of a division (`Mod`).
    case mod = "MOD"
    /// A number to a power (`Power`).
    case power = "POWER"
    /// The square root (`Sqrt`).
    case sqrt = "SQRT"
    /// e to a power (`Exp`).
    case exp = "EXP"
    /// The natural logarithm (`Ln`).
    case ln = "LN"
    /// The logarithm to a base, the base first (`Log`).
    case log = "LOG"
    /// π (`Pi`).
    case pi = "PI"
    /// The sine, of radians (`Sin`).
    case sin = "SIN"
    /// The cosine (`Cos`).
    case cos = "COS"
    /// The tangent (`Tan`).
    case tan = "TAN"
    /// The cotangent (`Cot`).
    case cot = "COT"
    /// The arcsine (`ASin`).
    case asin = "ASIN"
    /// The arccosine (`ACos`).
    case acos = "ACOS"
    /// The arctangent (`ATan`).
    case atan = "ATAN"
    /// The arctangent of y / x, in the quadrant of (x, y) (`ATan2`).
    case atan2 = "ATAN2"
    /// Radians in degrees (`Degrees`).
    case degrees = "DEGREES"
    /// Degrees in radians (`Radians`).
    case radians = "RADIANS"
    /// A text padded on the left to a length, or cut to it (`LPad`).
    case leftPad = "LPAD"
    /// A text padded on the right to a length, or cut to it (`RPad`).
    case rightPad = "RPAD"
    /// A text repeated (`Repeat`).
    case `repeat` = "REPEAT"
    /// A text backwards (`Reverse`).
    case reverse = "REVERSE"
    /// The character of a code point (`Chr`; `CHAR` on SQLite).
    case chr = "CHR"
    /// The code point of a text's first character (`Ord`; `UNICODE` on SQLite).
    case ord = "ASCII"
    /// The MD5 digest of a text's UTF-8, in hex (`MD5`).
    case md5 = "MD5"

    /// The math functions whose result is a float (Django's `NumericOutputFieldMixin`) rather
    /// than of the argument's type (`Ceil`, `Floor`, `Round`, `Sign`, `Abs`).
    var computesFloat: Bool {
        switch self {
        case .mod, .power, .sqrt, .exp, .ln, .log, .pi, .sin, .cos, .tan, .cot, .asin, .acos, .atan, .atan2,
            .degrees, .radians:
            true
        default: false
        }
    }
}

/// A condition and the value a ``F/case(_:default:)`` expression takes when it holds: Django's
/// `When(pages__gte=300, then=Value("long"))`.
public struct When: Sendable, Hashable {
    /// The condition, on the row.
    public let condition: Q
    /// The value when it holds.
    public let result: F

    /// The value `result` where `condition` holds.
    public init(_ condition: Q, then result: F) {
        self.condition = condition
        self.result = result
    }

    /// The value `result` where `lookup` matches `value`: `When("pages__gte", 300, then: .value("long"))`.
    public init<V: ModelValue>(_ lookup: String, _ value: V, then result: F) {
        self.init(Q(lookup, value), then: result)
    }
}

extension F {
    /// A constant (Django's `Value`): `F.value("—")`.
    public static func value<V: ModelValue>(_ value: V) -> F { .value(value.databaseValue) }
    /// `expression` in lower case (Django's `Lower`).
    public static func lower(_ expression: F) -> F { .function(.lower, [expression]) }
    /// `expression` in upper case (Django's `Upper`).
    public static func upper(_ expression: F) -> F { .function(.upper, [expression]) }
    /// The number of characters of `expression` (Django's `Length`); `NULL` for `NULL`.
    public static func length(_ expression: F) -> F { .function(.length, [expression]) }
    /// `expression` without leading and trailing spaces (Django's `Trim`).
    public static func trim(_ expression: F) -> F { .function(.trim, [expression]) }
    /// `expression` without leading spaces (Django's `LTrim`).
    public static func leftTrim(_ expression: F) -> F { .function(.leftTrim, [expression]) }
    /// `expression` without trailing spaces (Django's `RTrim`).
    public static func rightTrim(_ expression: F) -> F { .function(.rightTrim, [expression]) }
    /// The absolute value of `expression` (Django's `Abs`).
    public static func abs(_ expression: F) -> F { .function(.abs, [expression]) }
    /// The texts joined, a `NULL` counting as empty (Django's `Concat`); other values are
    /// written as text: `F.concat(F("name"), .value(" <"), F("email"), .value(">"))`.
    public static func concat(_ first: F, _ second: F, _ rest: F...) -> F {
        .function(.concat, [first, second] + rest)
    }
    /// The first of the expressions that is not `NULL` (Django's `Coalesce`):
    /// `F.coalesce(F("nickname"), F("name"))`.
    public static func coalesce(_ first: F, _ second: F, _ rest: F...) -> F {
        .function(.coalesce, [first, second] + rest)
    }
    /// `NULL` where `first` equals `second`, else `first` (Django's `NullIf`).
    public static func nullIf(_ first: F, _ second: F) -> F { .function(.nullIf, [first, second]) }
    /// The greatest of the expressions (Django's `Greatest`): on PostgreSQL `NULL`s are left
    /// out, on SQLite one `NULL` makes the result `NULL`, as in Django.
    public static func greatest(_ first: F, _ second: F, _ rest: F...) -> F {
        .function(.greatest, [first, second] + rest)
    }
    /// The least of the expressions (Django's `Least`), `NULL`s as in ``greatest(_:_:_:)``.
    public static func least(_ first: F, _ second: F, _ rest: F...) -> F {
        .function(.least, [first, second] + rest)
    }
    /// The first `length` characters of `expression` (Django's `Left`).
    public static func left(_ expression: F, _ length: Int) -> F {
        .function(.left, [expression, .value(.integer(Int64(length)))])
    }
    /// The last `length` characters of `expression` (Django's `Right`).
    public static func right(_ expression: F, _ length: Int) -> F {
        .function(.right, [expression, .value(.integer(Int64(length)))])
    }
    /// `expression` with every `text` replaced by `replacement` (Django's `Replace`).
    public static func replace(_ expression: F, _ text: F, with replacement: F = .value(.text(""))) -> F {
        .function(.replace, [expression, text, replacement])
    }
    /// The characters of `expression` from `position` (counted from 1), `length` of them or
    /// all the rest (Django's `Substr`).
    public static func substring(_ expression: F, from position: Int, length: Int? = nil) -> F {
        .function(
            .substring,
            [expression, .value(.integer(Int64(position)))] + (length.map { [.value(.integer(Int64($0)))] } ?? []))
    }
    /// Where `text` first occurs in `expression`, counted from 1, or 0 (Django's `StrIndex`).
    public static func position(of text: F, in expression: F) -> F { .function(.position, [expression, text]) }
    /// `expression` converted to the type of field `type` (Django's `Cast`):
    /// `.cast(F("price"), as: .float)`, `.cast(F("published"), as: .date)`.
    public static func cast(_ expression: F, as type: FieldType) -> F { .cast(expression, type) }
    /// The smallest whole number not below `expression` (Django's `Ceil`).
    public static func ceil(_ expression: F) -> F { .function(.ceil, [expression]) }
    /// The greatest whole number not above `expression` (Django's `Floor`).
    public static func floor(_ expression: F) -> F { .function(.floor, [expression]) }
    /// `expression` rounded to `places` decimal places (Django's `Round`; SQLite refuses a
    /// negative `places`, as Django says).
    public static func round(_ expression: F, places: Int = 0) -> F {
        .function(.round, [expression, .value(.integer(Int64(places)))])
    }
    /// −1, 0 or 1 as `expression` is negative, zero or positive (Django's `Sign`).
    public static func sign(_ expression: F) -> F { .function(.sign, [expression]) }
    /// The remainder of `dividend` / `divisor` (Django's `Mod`).
    public static func mod(_ dividend: F, _ divisor: F) -> F { .function(.mod, [dividend, divisor]) }
    /// `base` to the power `exponent` (Django's `Power`).
    public static func power(_ base: F, _ exponent: F) -> F { .function(.power, [base, exponent]) }
    /// The square root of `expression` (Django's `Sqrt`).
    public static func sqrt(_ expression: F) -> F { .function(.sqrt, [expression]) }
    /// e to the power `expression` (Django's `Exp`).
    public static func exp(_ expression: F) -> F { .function(.exp, [expression]) }
    /// The natural logarithm of `expression` (Django's `Ln`).
    public static func ln(_ expression: F) -> F { .function(.ln, [expression]) }
    /// The logarithm of `expression` to `base` (Django's `Log(base, expression)`).
    public static func log(base: F, _ expression: F) -> F { .function(.log, [base, expression]) }
    /// π (Django's `Pi`).
    public static var pi: F { .function(.pi, []) }
    /// The sine of `expression`, in radians (Django's `Sin`).
    public static func sin(_ expression: F) -> F { .function(.sin, [expression]) }
    /// The cosine (Django's `Cos`).
    public static func cos(_ expression: F) -> F { .function(.cos, [expression]) }
    /// The tangent (Django's `Tan`).
    public static func tan(_ expression: F) -> F { .function(.tan, [expression]) }
    /// The cotangent (Django's `Cot`).
    public static func cot(_ expression: F) -> F { .function(.cot, [expression]) }
    /// The arcsine (Django's `ASin`).
    public static func asin(_ expression: F) -> F { .function(.asin, [expression]) }
    /// The arccosine (Django's `ACos`).
    public static func acos(_ expression: F) -> F { .function(.acos, [expression]) }
    /// The arctangent (Django's `ATan`).
    public static func atan(_ expression: F) -> F { .function(.atan, [expression]) }
    /// The arctangent of `y` / `x`, in the quadrant of the point (x, y) (Django's `ATan2`).
    public static func atan2(_ y: F, _ x: F) -> F { .function(.atan2, [y, x]) }
    /// `expression` radians in degrees (Django's `Degrees`).
    public static func degrees(_ expression: F) -> F { .function(.degrees, [expression]) }
    /// `expression` degrees in radians (Django's `Radians`).
    public static func radians(_ expression: F) -> F { .function(.radians, [expression]) }
    /// `expression` padded on the left with `fill` to `length` characters, or cut to them
    /// (Django's `LPad`).
    public static func leftPad(_ expression: F, length: Int, fill: F = .value(.text(" "))) -> F {
        .function(.leftPad, [expression, .value(.integer(Int64(length))), fill])
    }
    /// `expression` padded on the right with `fill` to `length` characters, or cut to them
    /// (Django's `RPad`).
    public static func rightPad(_ expression: F, length: Int, fill: F = .value(.text(" "))) -> F {
        .function(.rightPad, [expression, .value(.integer(Int64(length))), fill])
    }
    /// `expression` `count` times over (Django's `Repeat`).
    public static func `repeat`(_ expression: F, _ count: Int) -> F {
        .function(.repeat, [expression, .value(.integer(Int64(count)))])
    }
    /// `expression` backwards (Django's `Reverse`).
    public static func reverse(_ expression: F) -> F { .function(.reverse, [expression]) }
    /// The character whose code point is `expression` (Django's `Chr`).
    public static func chr(_ expression: F) -> F { .function(.chr, [expression]) }
    /// The code point of the first character of `expression` (Django's `Ord`).
    public static func ord(_ expression: F) -> F { .function(.ord, [expression]) }
    /// The MD5 digest of `expression`'s UTF-8, in hex (Django's `MD5`).
    public static func md5(_ expression: F) -> F { .function(.md5, [expression]) }
    /// The current date and time, from the database (Django's `Now`):
    /// `Book.objects.filter("published__lte", F.now)`.
    public static var now: F { .function(.now, []) }
    /// The result of the first ``When`` whose condition holds, else `default` (`NULL` when
    /// `nil`): Django's `Case(When(…), default=…)`.
    ///
    /// ```swift
    /// Book.objects.annotate(["size": .case(
    ///     When("pages__gte", 300, then: .value("long")), default: .value("short"))])
    /// ```
    public static func `case`(_ whens: When..., default otherwise: F? = nil) -> F {
        .conditional(whens, otherwise: otherwise)
    }
}

extension F {
    /// The lookup paths the expression names, its conditions' included.
    var paths: [String] {
        switch self {
        case .field(let path): [path]
        case .value: []
        case .operation(let lhs, _, let rhs): lhs.paths + rhs.paths
        case .function(_, let arguments): arguments.flatMap(\.paths)
        case .conditional(let whens, let otherwise):
            whens.flatMap { $0.condition.paths + $0.result.paths } + (otherwise?.paths ?? [])
        case .extract(_, let inner), .trunc(_, let inner), .cast(let inner, _): inner.paths
        case .outer, .subquery: []
        case .windowed(let window): window.paths
        case .textSearch(let search): search.paths
        }
    }
}

extension Q {
    /// The lookup paths the condition names (not those inside ``F`` values it compares with).
    var paths: [String] {
        switch self {
        case .lookup(let path, _): [path]
        case .and(let parts), .or(let parts): parts.flatMap(\.paths)
        case .not(let inner): inner.paths
        case .exists: []
        }
    }
}
