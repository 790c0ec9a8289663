internal import Foundation
internal import VaporCSQLite

/// The math functions SQLite leaves out unless built with them (`CEILING`, `SQRT`, `LOG`, …),
/// as Django's SQLite backend registers them: Python's `math` results (an integer from
/// `CEILING`, `FLOOR`, `SIGN` and an integer `POWER`, else a float), `NULL` for a `NULL`
/// argument, and an error where Python raises one (`SQRT(-1)`, `LN(0)`, `MOD(x, 0)`).
enum MathFunctions {
    /// A function's result: a number, or the error Python would raise.
    private enum Result {
        case integer(Int64), double(Double), error(String)
    }

    private typealias Unary = @Sendable (Double, Int64?) -> Result
    private typealias Binary = @Sendable (Double, Int64?, Double, Int64?) -> Result

    private static let domain = Result.error("math domain error")

    /// A float result, or Python's error for one it cannot give (an overflow, a NaN).
    private static func float(_ value: Double, overflow: Bool = true) -> Result {
        if value.isNaN { return domain }
        if value.isInfinite && overflow { return .error("math range error") }
        return .double(value)
    }

    /// `floor`/`ceil` as an integer, as Python's are, when it fits.
    private static func integral(_ value: Double) -> Result {
        guard value.isFinite else { return value.isNaN ? domain : .error("cannot convert float infinity to integer") }
        guard let whole = Int64(exactly: value) else {
            return .error("Python int too large to convert to SQLite INTEGER")
        }
        return .integer(whole)
    }

    private static let unary: [(String, Unary)] = [
        ("CEILING", { x, whole in whole.map(Result.integer) ?? integral(x.rounded(.up)) }),
        ("FLOOR", { x, whole in whole.map(Result.integer) ?? integral(x.rounded(.down)) }),
        ("SIGN", { x, _ in x.isNaN ? .double(x) : .integer(x > 0 ? 1 : x < 0 ? -1 : 0) }),
        ("SQRT", { x, _ in x < 0 ? domain : float(x.squareRoot()) }),
        ("EXP", { x, _ in float(Foundation.exp(x)) }),
        ("LN", { x, _ in x <= 0 ? domain : float(Foundation.log(x)) }),
        ("SIN", { x, _ in x.isInfinite ? domain : float(Foundation.sin(x)) }),
        ("COS", { x, _ in x.isInfinite ? domain : float(Foundation.cos(x)) }),
        ("TAN", { x, _ in x.isInfinite ? domain : float(Foundation.tan(x)) }),
        (
            "COT",
            { x, _ in x.isInfinite ? domain : x == 0 ? .error("float division by zero") : float(1 / Foundation.tan(x)) }
        ),
        ("ASIN", { x, _ in abs(x) > 1 ? domain : float(Foundation.asin(x)) }),
        ("ACOS", { x, _ in abs(x) > 1 ? domain : float(Foundation.acos(x)) }),
        ("ATAN", { x, _ in float(Foundation.atan(x)) }),
        ("DEGREES", { x, _ in float(x * (180 / .pi)) }),
        ("RADIANS", { x, _ in float(x * (.pi / 180)) }),
    ]

    private static let binary: [(String, Binary)] = [
        ("ATAN2", { y, _, x, _ in float(Foundation.atan2(y, x)) }),
        ("MOD", { x, _, y, _ in y == 0 || x.isInfinite ? domain : float(fmod(x, y)) }),
        // Log(base, x), as Django's arguments are: Python's log(x, base).
        (
            "LOG",
            { base, _, x, _ in
                guard base > 0, x > 0 else { return domain }
                guard base != 1 else { return .error("float division by zero") }
                return float(Foundation.log(x) / Foundation.log(base))
            }
        ),
        (
            "POWER",
            { x, wholeX, y, wholeY in
                if let base = wholeX, let exponent = wholeY, exponent >= 0 { return power(base, exponent) }
                if x == 0 && y < 0 { return .error("0.0 cannot be raised to a negative power") }
                return float(Foundation.pow(x, y))
            }
        ),
    ]

    /// `base` to a whole `exponent`, as Python's `**` of two integers (an error past 64 bits).
    private static func power(_ base: Int64, _ exponent: Int64) -> Result {
        switch base {
        case 0: return .integer(exponent == 0 ? 1 : 0)
        case 1: return .integer(1)
        case -1: return .integer(exponent % 2 == 0 ? 1 : -1)
        default:
            // NB: |base| ≥ 2 overflows within 63 steps.
            var result: Int64 = 1
            for _ in 0..<exponent {
                let (product, overflow) = result.multipliedReportingOverflow(by: base)
                if overflow { return .error("Python int too large to convert to SQLite INTEGER") }
                result = product
            }
            return .integer(result)
        }
    }

    /// Adds the functions (and `PI()`) to `connection`.
    static func install(on connection: Connection) throws {
        for (index, (name, _)) in unary.enumerated() {
            try connection.install(function: name, arguments: 1, tag: index) { context, _, arguments in
                let tag = Connection.tag(of: context)
                guard MathFunctions.unary.indices.contains(tag), let arguments,
                    let (x, whole) = MathFunctions.number(arguments[0])
                else {
                    return sqlite_nio_sqlite3_result_null(context)
                }
                MathFunctions.set(context, MathFunctions.unary[tag].1(x, whole))
            }
        }
        for (index, (name, _)) in binary.enumerated() {
            try connection.install(function: name, arguments: 2, tag: index) { context, _, arguments in
                let tag = Connection.tag(of: context)
                guard MathFunctions.binary.indices.contains(tag), let arguments,
                    let (x, wholeX) = MathFunctions.number(arguments[0]),
                    let (y, wholeY) = MathFunctions.number(arguments[1])
                else { return sqlite_nio_sqlite3_result_null(context) }
                MathFunctions.set(context, MathFunctions.binary[tag].1(x, wholeX, y, wholeY))
            }
        }
        try connection.install(function: "PI", arguments: 0) { context, _, _ in
            sqlite_nio_sqlite3_result_double(context, .pi)
        }
    }

    /// A number argument: its value, and the integer it is when SQLite holds an integer;
    /// `nil` for `NULL`. Text is read as a number, as a decimal column's may be.
    private static func number(_ value: OpaquePointer?) -> (Double, Int64?)? {
        switch sqlite_nio_sqlite3_value_type(value) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER:
            let whole = sqlite_nio_sqlite3_value_int64(value)
            return (Double(whole), whole)
        default: return (sqlite_nio_sqlite3_value_double(value), nil)
        }
    }

    private static func set(_ context: OpaquePointer?, _ result: Result) {
        switch result {
        case .integer(let number): sqlite_nio_sqlite3_result_int64(context, number)
        case .double(let number): sqlite_nio_sqlite3_result_double(context, number)
        case .error(let message): sqlite_nio_sqlite3_result_error(context, message, -1)
        }
    }
}
