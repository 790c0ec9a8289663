/// A parsed `{% if %}` condition, with Django's operators and precedence (`smartif`):
/// `or` < `and` < `not` < `in`, `not in` < `is`, `is not`, `==`, `!=`, `<`, `>`, `<=`, `>=`.
indirect enum IfExpression: Sendable {
    case operand(FilterExpression)
    case not(IfExpression)
    case binary(String, IfExpression, IfExpression)

    /// Evaluates with Python's semantics; comparisons between unrelated types are false.
    func evaluate(_ context: RenderContext) throws -> Bool {
        try value(context)?.isTruthy ?? false
    }

    private func value(_ context: RenderContext) throws -> TemplateValue? {
        switch self {
        case .operand(let expression):
            return try expression.resolve(context, ignoreFailures: true)
        case .not(let inner):
            return .bool(!(try inner.evaluate(context)))
        case .binary(let op, let left, let right):
            switch op {
            case "or":
                let lhs = try left.value(context)
                return lhs?.isTruthy == true ? lhs : try right.value(context)
            case "and":
                let lhs = try left.value(context)
                return lhs?.isTruthy == true ? try right.value(context) : lhs
            default:
                let lhs = try left.value(context) ?? .null
                let rhs = try right.value(context) ?? .null
                return .bool(IfExpression.compare(op, lhs, rhs))
            }
        }
    }

    static func compare(_ op: String, _ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        switch op {
        case "==": return PythonCompare.equal(lhs, rhs)
        case "!=": return !PythonCompare.equal(lhs, rhs)
        case "in": return PythonCompare.contains(rhs, lhs) ?? false
        case "not in": return PythonCompare.contains(rhs, lhs).map { !$0 } ?? false
        case "is": return PythonCompare.identical(lhs, rhs)
        case "is not": return !PythonCompare.identical(lhs, rhs)
        default:
            guard let order = PythonCompare.order(lhs, rhs) else { return false }
            switch op {
            case "<": return order < 0
            case ">": return order > 0
            case "<=": return order <= 0
            default: return order >= 0
            }
        }
    }

    /// Parses the words after `if` / `elif` (Django's `IfParser`, a Pratt parser).
    static func parse(_ words: [String], parser: Parser, token: Token) throws(TemplateSyntaxError) -> IfExpression {
        var items: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "not", index + 1 < words.count, words[index + 1] == "in" {
                items.append("not in")
                index += 2
            } else if word == "is", index + 1 < words.count, words[index + 1] == "not" {
                items.append("is not")
                index += 2
            } else {
                items.append(word)
                index += 1
            }
        }
        var state = PrattState(items: items, parser: parser, token: token)
        let expression = try state.expression(0)
        if state.position < items.count {
            throw TemplateSyntaxError("Unused '\(items[state.position])' at end of if expression.", at: token)
        }
        return expression
    }

    static let precedence: [String: Int] = [
        "or": 6, "and": 7, "not": 8, "in": 9, "not in": 9, "is": 10, "is not": 10,
        "==": 10, "!=": 10, ">": 10, ">=": 10, "<": 10, "<=": 10,
    ]

    private struct PrattState {
        let items: [String]
        let parser: Parser
        let token: Token
        var position = 0

        mutating func expression(_ rightBindingPower: Int) throws(TemplateSyntaxError) -> IfExpression {
            guard position < items.count else {
                throw TemplateSyntaxError("Unexpected end of expression in if tag.", at: token)
            }
            let word = items[position]
            position += 1
            var left: IfExpression
            if word == "not" {
                left = .not(try expression(IfExpression.precedence["not"]!))
            } else if IfExpression.precedence[word] != nil {
                throw TemplateSyntaxError("Not expecting '\(word)' in this position in if tag.", at: token)
            } else {
                left = .operand(try parser.expression(word, at: token))
            }
            while position < items.count, let power = IfExpression.precedence[items[position]],
                power > rightBindingPower
            {
                let op = items[position]
                guard op != "not" else {
                    throw TemplateSyntaxError("Not expecting 'not' as infix operator in if tag.", at: token)
                }
                position += 1
                left = .binary(op, left, try expression(power))
            }
            if position < items.count, IfExpression.precedence[items[position]] == nil {
                throw TemplateSyntaxError("Unused '\(items[position])' at end of if expression.", at: token)
            }
            return left
        }
    }
}

/// Python's comparison rules for the values templates see.
enum PythonCompare {
    static func number(_ value: TemplateValue) -> Double? {
        switch value {
        case .int(let n): Double(n)
        case .double(let n): n
        case .decimal(let n, _): PythonDecimal.double(n)
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    static func equal(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        if case .decimal(let a, _) = lhs { return PythonDecimal.equals(a, rhs) }
        if case .decimal(let b, _) = rhs { return PythonDecimal.equals(b, lhs) }
        if let a = number(lhs), let b = number(rhs) { return a == b }
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.string(let a), .string(let b)), (.string(let a), .safe(let b)), (.safe(let a), .string(let b)),
            (.safe(let a), .safe(let b)):
            return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.dictionary(let a), .dictionary(let b)):
            return a.count == b.count
                && a.entries.allSatisfy { entry in b[entry.key].map { equal(entry.value, $0) } ?? false }
        case (.date(let a), .date(let b)): return a == b
        case (.object(let a as TemplateDay), .object(let b as TemplateDay)): return a == b
        case (.object(let a as TemplateTime), .object(let b as TemplateTime)): return a == b
        default: return false
        }
    }

    /// -1, 0 or 1; `nil` when Python would raise `TypeError`.
    static func order(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Int? {
        if let a = number(lhs), let b = number(rhs) { return a < b ? -1 : a > b ? 1 : 0 }
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.string(let a), .safe(let b)), (.safe(let a), .string(let b)),
            (.safe(let a), .safe(let b)):
            let x = Array(a.unicodeScalars.map(\.value))
            let y = Array(b.unicodeScalars.map(\.value))
            return x.lexicographicallyPrecedes(y) ? -1 : x == y ? 0 : 1
        case (.date(let a), .date(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.object(let a as TemplateDay), .object(let b as TemplateDay)):
            return a.midnightUTC < b.midnightUTC ? -1 : a.midnightUTC > b.midnightUTC ? 1 : 0
        case (.object(let a as TemplateTime), .object(let b as TemplateTime)):
            return a.instant < b.instant ? -1 : a.instant > b.instant ? 1 : 0
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) where !equal(x, y) { return order(x, y) }
            return a.count < b.count ? -1 : a.count > b.count ? 1 : 0
        default: return nil
        }
    }

    /// `needle in haystack`; `nil` when Python would raise `TypeError`.
    static func contains(_ haystack: TemplateValue, _ needle: TemplateValue) -> Bool? {
        switch haystack {
        case .string(let text), .safe(let text):
            switch needle {
            case .string(let part), .safe(let part): return part.isEmpty || text.contains(part)
            default: return nil
            }
        case .array(let values): return values.contains { equal($0, needle) }
        case .object(let object):
            if let container = object as? any TemplateContainer { return container.contains(needle) }
            return object.elements.map { values in values.contains { equal($0, needle) } }
        case .dictionary(let dictionary):
            switch needle {
            case .string(let key), .safe(let key): return dictionary[key] != nil
            default: return false
            }
        default: return nil
        }
    }

    /// `is`: identity, meaningful for `None`, `True` and `False`.
    static func identical(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        default: false
        }
    }
}
