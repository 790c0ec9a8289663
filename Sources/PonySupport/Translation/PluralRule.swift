/// A catalog's `Plural-Forms` rule: gettext's C expression of `n` choosing a form, such as
/// `(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)`.
///
/// It is evaluated as Django evaluates it, in Python: `/` and `%` round down. Catalogs are the
/// developer's files, yet a rule never traps: arithmetic wraps, and a division by zero gives 0.
public struct PluralRule: Sendable {
    /// How many forms the language has (`nplurals`).
    public let count: Int
    private let expression: Expression

    /// English's rule (and gettext's without a catalog): the first form for 1, else the second.
    public static let english = PluralRule(count: 2, expression: .binary(.notEqual, .n, .number(1)))

    private init(count: Int, expression: Expression) {
        self.count = count
        self.expression = expression
    }

    /// Reads a `Plural-Forms` header value (`nplurals=2; plural=(n != 1);`), or `nil` when it
    /// is not one.
    public init?(header: String) {
        var count: Int?
        var rule: Expression?
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            switch pair[0].trimmingASCIISpaces() {
            case "nplurals": count = Int(pair[1].trimmingASCIISpaces())
            case "plural":
                var parser = RuleParser(Array(pair[1].utf8))
                rule = parser.parseWhole()
            default: continue
            }
        }
        guard let count, count >= 1, count <= 100, let rule else { return nil }
        self.init(count: count, expression: rule)
    }

    /// The form for `n`, between 0 and ``count`` − 1, or `nil` when the rule gives another
    /// number (then, as in Python's gettext, the catalog has no translation).
    public func form(for n: Int) -> Int? {
        let index = expression.evaluate(n)
        return index >= 0 && index < count ? index : nil
    }

    /// The rule as a JavaScript expression of `n` giving the form, evaluated as here: every
    /// value a number, `div` and `mod` rounding down (0 for a division by zero), for the
    /// JavaScript catalog, which defines `div` and `mod`. Written from the parsed rule, so a
    /// catalog's text never reaches the script.
    public var javaScript: String { expression.javaScript }

    fileprivate indirect enum Expression: Sendable {
        case n
        case number(Int)
        case not(Expression)
        case binary(Operator, Expression, Expression)
        case conditional(Expression, Expression, Expression)

        var javaScript: String {
            switch self {
            case .n: return "n"
            case .number(let value): return String(value)
            case .not(let operand): return "(\(operand.javaScript) === 0 ? 1 : 0)"
            case .conditional(let test, let then, let otherwise):
                return "(\(test.javaScript) !== 0 ? \(then.javaScript) : \(otherwise.javaScript))"
            case .binary(let op, let left, let right):
                let (a, b) = (left.javaScript, right.javaScript)
                switch op {
                case .and: return "(\(a) !== 0 && \(b) !== 0 ? 1 : 0)"
                case .or: return "(\(a) !== 0 || \(b) !== 0 ? 1 : 0)"
                case .equal: return "(\(a) === \(b) ? 1 : 0)"
                case .notEqual: return "(\(a) !== \(b) ? 1 : 0)"
                case .less, .greater, .lessOrEqual, .greaterOrEqual: return "(\(a) \(op.rawValue) \(b) ? 1 : 0)"
                case .plus, .minus, .times: return "(\(a) \(op.rawValue) \(b))"
                case .divide: return "div(\(a), \(b))"
                case .remainder: return "mod(\(a), \(b))"
                }
            }
        }

        func evaluate(_ n: Int) -> Int {
            switch self {
            case .n: return n
            case .number(let value): return value
            case .not(let operand): return operand.evaluate(n) == 0 ? 1 : 0
            case .conditional(let test, let then, let otherwise):
                return test.evaluate(n) != 0 ? then.evaluate(n) : otherwise.evaluate(n)
            case .binary(let op, let left, let right):
                let a = left.evaluate(n)
                // NB: `&&` and `||` do not evaluate the right side when the left decides.
                if op == .and { return a != 0 && right.evaluate(n) != 0 ? 1 : 0 }
                if op == .or { return a != 0 || right.evaluate(n) != 0 ? 1 : 0 }
                return op.apply(a, right.evaluate(n))
            }
        }
    }

    fileprivate enum Operator: String, Sendable {
        case or = "||", and = "&&", equal = "==", notEqual = "!=", less = "<", greater = ">"
        case lessOrEqual = "<=", greaterOrEqual = ">=", plus = "+", minus = "-", times = "*"
        case divide = "/", remainder = "%"

        func apply(_ a: Int, _ b: Int) -> Int {
            switch self {
            case .equal: return a == b ? 1 : 0
            case .notEqual: return a != b ? 1 : 0
            case .less: return a < b ? 1 : 0
            case .greater: return a > b ? 1 : 0
            case .lessOrEqual: return a <= b ? 1 : 0
            case .greaterOrEqual: return a >= b ? 1 : 0
            case .plus: return a &+ b
            case .minus: return a &- b
            case .times: return a &* b
            // NB: Python's `//` and `%` (Django's gettext runs the rule as Python): rounded
            // down, and the remainder takes the divisor's sign.
            case .divide:
                guard b != 0, !(a == .min && b == -1) else { return 0 }
                let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
                return remainder != 0 && (remainder < 0) != (b < 0) ? quotient - 1 : quotient
            case .remainder:
                guard b != 0, !(a == .min && b == -1) else { return 0 }
                let remainder = a % b
                return remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder
            case .or, .and: return 0
            }
        }
    }

    /// A recursive-descent parser of C's precedence levels, from `?:` down to `!` and
    /// parentheses.
    private struct RuleParser {
        let bytes: [UInt8]
        var index = 0
        /// How deep the parentheses and operators go: a hostile rule cannot exhaust the stack.
        var depth = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func parseWhole() -> Expression? {
            guard let expression = conditional() else { return nil }
            skipSpaces()
            return index == bytes.count ? expression : nil
        }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A {
                index += 1
            }
        }

        mutating func take(_ text: String) -> Bool {
            skipSpaces()
            let wanted = Array(text.utf8)
            guard bytes.count - index >= wanted.count, Array(bytes[index..<index + wanted.count]) == wanted else {
                return false
            }
            // NB: `<` must not take the first half of `<=`, nor `!` of `!=`, nor `|` of `||`.
            if wanted.count == 1, index + 1 < bytes.count, "<>!=".utf8.contains(wanted[0]), bytes[index + 1] == 0x3D {
                return false
            }
            index += wanted.count
            return true
        }

        mutating func conditional() -> Expression? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64, let test = binary(level: 0) else { return nil }
            guard take("?") else { return test }
            guard let then = conditional(), take(":"), let otherwise = conditional() else { return nil }
            return .conditional(test, then, otherwise)
        }

        static let levels: [[Operator]] = [
            [.or], [.and], [.equal, .notEqual], [.lessOrEqual, .greaterOrEqual, .less, .greater],
            [.plus, .minus], [.times, .divide, .remainder],
        ]

        mutating func binary(level: Int) -> Expression? {
            guard level < Self.levels.count else { return unary() }
            guard var left = binary(level: level + 1) else { return nil }
            while let op = Self.levels[level].first(where: { take($0.rawValue) }) {
                guard let right = binary(level: level + 1) else { return nil }
                left = .binary(op, left, right)
            }
            return left
        }

        mutating func unary() -> Expression? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { return nil }
            if take("!") { return unary().map { .not($0) } }
            if take("(") {
                guard let inner = conditional(), take(")") else { return nil }
                return inner
            }
            skipSpaces()
            if index < bytes.count, bytes[index] == UInt8(ascii: "n") {
                index += 1
                return .n
            }
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > start, index - start <= 9 else { return nil }
            return Int(String(decoding: bytes[start..<index], as: UTF8.self)).map { .number($0) }
        }
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" || text.first == "\n" { text.removeFirst() }
        while text.last == " " || text.last == "\t" || text.last == "\n" { text.removeLast() }
        return text
    }
}
