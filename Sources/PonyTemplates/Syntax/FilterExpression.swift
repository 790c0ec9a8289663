import Foundation
internal import PonySupport

/// A literal or a variable lookup: the operands of filter expressions and tag arguments.
enum Operand: Sendable {
    case literal(TemplateValue)
    case variable(lookups: [String], source: String)
    /// `_("text")`: the text translated when rendered (its `%` doubled into the message id,
    /// as Django's `Variable` doubles it), marked safe.
    case translated(String)

    /// Parses one operand as Django's `Variable` does: numbers and quoted strings are
    /// literals (strings marked safe), anything else a dotted lookup.
    static func parse(_ text: String, at token: Token?) throws(TemplateSyntaxError) -> Operand {
        if let int = Int(text) { return .literal(.int(int)) }
        if text.contains(".") || text.contains("e") || text.contains("E"),
            text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let double = Double(text)
        {
            return .literal(.double(double))
        }
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return .literal(.safe(unescapeStringLiteral(text)))
        }
        if text.hasPrefix("_("), text.hasSuffix(")"), text.count >= 5 {
            let literal = String(text.dropFirst(2).dropLast())
            return .translated(unescapeStringLiteral(literal).replacingOccurrences(of: "%", with: "%%"))
        }
        let lookups = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for part in lookups where part.hasPrefix("_") || part.isEmpty {
            if part.isEmpty { throw TemplateSyntaxError("Could not parse the remainder: '\(text)'", at: token) }
            throw TemplateSyntaxError(
                "Variables and attributes may not begin with underscores: '\(text)'", at: token)
        }
        return .variable(lookups: lookups, source: text)
    }

    /// The value, or `nil` when a lookup fails (Django's `VariableDoesNotExist`).
    func resolve(_ context: RenderContext) -> TemplateValue? {
        switch self {
        case .literal(let value):
            return value
        case .translated(let message):
            return .safe(Translation.current.translate(message))
        case .variable(let lookups, _):
            guard var value = context.resolve(lookups[0]) else { return nil }
            var index = 1
            while index < lookups.count {
                guard let next = value.lookup(lookups[index]) else { return nil }
                value = next
                index += 1
            }
            return value
        }
    }

    /// Django's `unescape_string_literal`: strips the quotes, then turns `\<quote>` into the
    /// quote and `\\` into one backslash; other backslashes stay (`date:'\Y'` needs them).
    static func unescapeStringLiteral(_ text: String) -> String {
        let quote = String(text.first!)
        return String(text.dropFirst().dropLast())
            .replacingOccurrences(of: "\\" + quote, with: quote)
            .replacingOccurrences(of: "\\\\", with: "\\")
    }
}

/// `value|filter:arg|other`: an operand and the filters applied to it, in order.
struct FilterExpression: Sendable {
    struct Application: Sendable {
        let filter: TemplateFilter
        let argument: Operand?
    }

    let operand: Operand
    let filters: [Application]
    let source: String

    /// Parses Django's filter grammar; throws with Django's messages for leftovers and
    /// unknown filters.
    init(_ text: String, library: TemplateLibrary, at token: Token?) throws(TemplateSyntaxError) {
        source = text
        var scanner = Scanner(text)
        guard let first = scanner.operandText() else {
            throw TemplateSyntaxError("Could not parse some characters: |\(text)|", at: token)
        }
        operand = try Operand.parse(first, at: token)
        var filters: [Application] = []
        while !scanner.isAtEnd {
            scanner.skipSpaces()
            guard scanner.consume("|") else {
                throw TemplateSyntaxError("Could not parse the remainder: '\(scanner.rest)' from '\(text)'", at: token)
            }
            scanner.skipSpaces()
            let name = scanner.word()
            guard !name.isEmpty else {
                throw TemplateSyntaxError("Could not parse the remainder: '|\(scanner.rest)' from '\(text)'", at: token)
            }
            guard let filter = library.filters[name] else {
                throw TemplateSyntaxError("Invalid filter: '\(name)'", at: token)
            }
            var argument: Operand?
            if scanner.consume(":") {
                guard let argumentText = scanner.operandText() else {
                    throw TemplateSyntaxError(
                        "Could not parse the remainder: ':\(scanner.rest)' from '\(text)'", at: token)
                }
                argument = try Operand.parse(argumentText, at: token)
            }
            switch (filter.argument, argument) {
            case (.none, .some):
                throw TemplateSyntaxError("\(name) requires 1 arguments, 2 provided", at: token)
            case (.required, .none):
                throw TemplateSyntaxError("\(name) requires 2 arguments, 1 provided", at: token)
            default:
                break
            }
            filters.append(Application(filter: filter, argument: argument))
        }
        self.filters = filters
    }

    /// The value after every filter; a failed lookup starts the chain from "" (Django's
    /// `string_if_invalid`), so `{{ missing|default:"x" }}` gives "x".
    func resolve(_ context: RenderContext, ignoreFailures: Bool = false) throws -> TemplateValue? {
        if let resolved = operand.resolve(context) { return try filtered(resolved, context) }
        if ignoreFailures {
            guard !filters.isEmpty else { return nil }
            return try filtered(.null, context)
        }
        return try filtered(.string(""), context)
    }

    /// The value after every filter, with `transform` applied to the operand's value first
    /// (`{% translate %}` translates it before the filters run).
    func resolve(_ context: RenderContext, _ transform: (TemplateValue) -> TemplateValue) throws -> TemplateValue? {
        try filtered(operand.resolve(context).map(transform) ?? .string(""), context)
    }

    private func filtered(_ operand: TemplateValue, _ context: RenderContext) throws -> TemplateValue {
        var value = operand
        for application in filters {
            let argument = application.argument.map { $0.resolve(context) ?? .string("") }
            let wasSafe = value.isSafe
            value = try application.filter.apply(value, argument, context.autoescape)
            if application.filter.isSafe, wasSafe, case .string(let text) = value { value = .safe(text) }
        }
        return value
    }
}

/// A cursor over a filter expression's characters.
private struct Scanner {
    let characters: [Character]
    var index = 0

    init(_ text: String) { characters = Array(text) }

    var isAtEnd: Bool { index >= characters.count }
    var rest: String { String(characters[index...]) }

    mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " { index += 1 }
    }

    mutating func consume(_ character: Character) -> Bool {
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    /// `\w+`
    mutating func word() -> String {
        let start = index
        while index < characters.count,
            characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
        {
            index += 1
        }
        return String(characters[start..<index])
    }

    /// A quoted string (with escapes, optionally wrapped in `_( )`) or `[\w.+-]+`.
    mutating func operandText() -> String? {
        guard index < characters.count else { return nil }
        let start = index
        var translated = false
        if characters[index] == "_", index + 1 < characters.count, characters[index + 1] == "(" {
            translated = true
            index += 2
        }
        if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
            let quote = characters[index]
            index += 1
            while index < characters.count, characters[index] != quote {
                if characters[index] == "\\" { index += 1 }
                index += 1
            }
            guard index < characters.count else {
                index = start
                return nil
            }
            index += 1
            if translated {
                guard consume(")") else {
                    index = start
                    return nil
                }
            }
            return String(characters[start..<index])
        }
        if translated { index = start }
        while index < characters.count,
            characters[index].isLetter || characters[index].isNumber || "_.+-".contains(characters[index])
        {
            index += 1
        }
        return index > start ? String(characters[start..<index]) : nil
    }
}
