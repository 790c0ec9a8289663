internal import Foundation
internal import PonySupport

/// Django's `{% load i18n %}` tags: `translate` (`trans`), `blocktranslate` (`blocktrans`),
/// `language`, `get_current_language`, `get_current_language_bidi` and
/// `get_available_languages`. They translate with ``Translation/current``.
enum I18nTags {
    static let all: [String: TagParser] = [
        "translate": parseTranslate, "trans": parseTranslate,
        "blocktranslate": parseBlockTranslate, "blocktrans": parseBlockTranslate,
        "language": parseLanguage, "get_current_language": parseCurrentLanguage,
        "get_current_language_bidi": parseCurrentLanguage, "get_available_languages": parseAvailableLanguages,
    ]

    /// Django's `do_translate`: `{% translate "text" [noop] [context "ctx"] [as name] %}`.
    static func parseTranslate(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        let tag = words[0]
        guard words.count >= 2 else { throw TemplateSyntaxError("'\(tag)' takes at least one argument", at: token) }
        let message = try parser.expression(words[1], at: token)
        var remaining = words.dropFirst(2)
        var (noop, name, context): (Bool, String?, FilterExpression?) = (false, nil, nil)
        var seen: Set<String> = []
        while let option = remaining.popFirst() {
            guard !seen.contains(option) else {
                throw TemplateSyntaxError("The '\(option)' option was specified more than once.", at: token)
            }
            switch option {
            case "noop":
                noop = true
            case "context":
                guard let value = remaining.popFirst() else {
                    throw TemplateSyntaxError(
                        "No argument provided to the '\(tag)' tag for the context option.", at: token)
                }
                guard value != "as", value != "noop" else {
                    throw TemplateSyntaxError(
                        "Invalid argument '\(value)' provided to the '\(tag)' tag for the context option", at: token)
                }
                context = try parser.expression(value, at: token)
            case "as":
                guard let value = remaining.popFirst() else {
                    throw TemplateSyntaxError("No argument provided to the '\(tag)' tag for the as option.", at: token)
                }
                name = value
            default:
                throw TemplateSyntaxError(
                    "Unknown argument for '\(tag)' tag: '\(option)'. The only options available are 'noop',"
                        + " 'context' \"xxx\", and 'as VAR'.", at: token)
            }
            seen.insert(option)
        }
        return TranslateNode(message: message, noop: noop, context: context, name: name)
    }

    /// Django's `do_block_translate`: `{% blocktranslate [with a=b …] [count n=x] [context "c"]
    /// [trimmed] [asvar name] %}text {{ var }}[{% plural %}…]{% endblocktranslate %}`.
    static func parseBlockTranslate(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        let tag = words[0]
        var remaining = Array(words.dropFirst())
        var node = BlockTranslateNode(tag: tag)
        var seen: Set<String> = []
        while !remaining.isEmpty {
            let option = remaining.removeFirst()
            guard !seen.contains(option) else {
                throw TemplateSyntaxError("The '\(option)' option was specified more than once.", at: token)
            }
            switch option {
            case "with":
                node.extra = try keywordArguments(&remaining, &parser, token)
                guard !node.extra.isEmpty else {
                    throw TemplateSyntaxError(
                        "\"with\" in '\(tag)' tag needs at least one keyword argument.", at: token)
                }
            case "count":
                let counter = try keywordArguments(&remaining, &parser, token)
                guard counter.count == 1 else {
                    throw TemplateSyntaxError(
                        "\"count\" in '\(tag)' tag expected exactly one keyword argument.", at: token)
                }
                node.counter = counter[0]
            case "context":
                guard !remaining.isEmpty else {
                    throw TemplateSyntaxError("\"context\" in '\(tag)' tag expected exactly one argument.", at: token)
                }
                node.context = try parser.expression(remaining.removeFirst(), at: token)
            case "trimmed":
                node.trimmed = true
            case "asvar":
                guard !remaining.isEmpty else {
                    throw TemplateSyntaxError(
                        "No argument provided to the '\(tag)' tag for the asvar option.", at: token)
                }
                node.name = remaining.removeFirst()
            default:
                throw TemplateSyntaxError("Unknown argument for '\(tag)' tag: '\(option)'.", at: token)
            }
            seen.insert(option)
        }
        var last = try messageParts(&parser, into: &node.singular, opener: token)
        if node.counter != nil {
            guard last.contents == "plural" else {
                throw TemplateSyntaxError("'\(tag)' doesn't allow other block tags inside it", at: last)
            }
            var plural: [BlockTranslateNode.Part] = []
            last = try messageParts(&parser, into: &plural, opener: token)
            node.plural = plural
        }
        guard last.contents == "end" + tag else {
            throw TemplateSyntaxError(
                "'\(tag)' doesn't allow other block tags (seen '\(last.contents)') inside it", at: last)
        }
        return node
    }

    /// Text and `{{ variable }}` tokens up to the next other token, which is returned.
    private static func messageParts(
        _ parser: inout Parser, into parts: inout [BlockTranslateNode.Part], opener: Token
    ) throws(TemplateSyntaxError) -> Token {
        while let next = parser.nextRawToken() {
            switch next.kind {
            case .text: parts.append(.text(next.contents))
            case .variable: parts.append(.variable(next.contents))
            case .block, .comment: return next
            }
        }
        let tag = opener.words.first ?? "blocktranslate"
        throw TemplateSyntaxError(
            "Unclosed tag on line \(opener.line): '\(tag)'. Looking for one of: end\(tag).", at: opener)
    }

    /// Django's `token_kwargs` with its legacy form: `a=b c=d`, or `b as a and d as c`.
    private static func keywordArguments(
        _ words: inout [String], _ parser: inout Parser, _ token: Token
    ) throws(TemplateSyntaxError) -> [(String, FilterExpression)] {
        var result: [(String, FilterExpression)] = []
        let legacy = words.first.map { !isKeyword($0) } ?? false
        if legacy {
            while words.count >= 3, words[1] == "as" {
                result.append((words[2], try parser.expression(words[0], at: token)))
                words.removeFirst(3)
                guard words.first == "and" else { break }
                words.removeFirst()
            }
            return result
        }
        while let word = words.first, isKeyword(word), let equals = word.firstIndex(of: "=") {
            result.append(
                (String(word[..<equals]), try parser.expression(String(word[word.index(after: equals)...]), at: token)))
            words.removeFirst()
        }
        return result
    }

    /// `name=value`, with a word name (Django's `kwarg_re`).
    private static func isKeyword(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && word.index(after: equals) != word.endIndex
    }

    /// `{% language "de" %}…{% endlanguage %}`.
    static func parseLanguage(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else {
            throw TemplateSyntaxError("'\(words[0])' takes one argument (language)", at: token)
        }
        let language = try parser.expression(words[1], at: token)
        let body = try parser.parse(until: ["endlanguage"], openedBy: token)
        _ = parser.nextToken()
        return LanguageNode(language: language, body: body)
    }

    /// `{% get_current_language as name %}` and `{% get_current_language_bidi as name %}`.
    static func parseCurrentLanguage(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let name = try target(token)
        return CurrentLanguageNode(name: name, bidi: token.words[0] == "get_current_language_bidi")
    }

    /// `{% get_available_languages as name %}`: the offered languages, as `(code, name)` pairs.
    static func parseAvailableLanguages(
        _ parser: inout Parser, _ token: Token
    ) throws(TemplateSyntaxError) -> any Node {
        AvailableLanguagesNode(name: try target(token))
    }

    /// The `name` of `{% tag as name %}`, with Django's error for any other form.
    private static func target(_ token: Token) throws(TemplateSyntaxError) -> String {
        let words = token.contents.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 3, words[1] == "as" else {
            let list = words.map { PythonFormat.quote($0) }.joined(separator: ", ")
            throw TemplateSyntaxError("'\(words[0])' requires 'as variable' (got [\(list)])", at: token)
        }
        return words[2]
    }
}

/// Django's `TranslateNode`.
struct TranslateNode: Node {
    let message: FilterExpression
    let noop: Bool
    let context: FilterExpression?
    let name: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        let messageContext = try self.context?.resolve(context).map(\.text)
        let value = try message.resolve(context) { value in
            guard !noop else { return value }
            // NB: Django's Variable doubles `%` into the message id; a safe literal's
            // translation stays safe.
            let translated = Translation.current.translate(
                value.text.replacingOccurrences(of: "%", with: "%%"), context: messageContext)
            return value.isSafe ? .safe(translated) : .string(translated)
        }
        guard let value else { return }
        let rendered = VariableNode.display(
            value, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping
        )
        .replacingOccurrences(of: "%%", with: "%")
        if let name {
            context[name] = value.isSafe || context.autoescape ? .safe(rendered) : .string(rendered)
        } else {
            output += rendered
        }
    }
}

/// Django's `BlockTranslateNode`.
struct BlockTranslateNode: Node {
    enum Part: Sendable {
        case text(String)
        case variable(String)
    }

    let tag: String
    var extra: [(String, FilterExpression)] = []
    var counter: (String, FilterExpression)?
    var context: FilterExpression?
    var trimmed = false
    var name: String?
    var singular: [Part] = []
    var plural: [Part] = []

    init(tag: String) { self.tag = tag }

    func render(_ context: RenderContext, into output: inout String) throws {
        let result = try translated(context, translation: Translation.current, nested: false)
        if let name { context[name] = .safe(result) } else { output += result }
    }

    private func translated(_ context: RenderContext, translation: Translation, nested: Bool) throws -> String {
        let messageContext = try self.context?.resolve(context).map(\.text)
        var scope: [String: TemplateValue] = [:]
        for (name, expression) in extra { scope[name] = try expression.resolve(context) ?? .string("") }
        return try context.scoped(scope) {
            let (singular, singularNames) = message(singular)
            var names = singularNames
            let result: String
            if let (name, expression) = counter {
                let value = try expression.resolve(context) ?? .string("")
                guard let count = Self.count(value) else {
                    throw TemplateRenderError("'\(name)' argument to '\(tag)' tag must be a number.")
                }
                context[name] = value
                let (plural, pluralNames) = message(plural)
                names += pluralNames
                result = translation.translate(singular, plural: plural, count: count, context: messageContext)
            } else {
                result = translation.translate(singular, context: messageContext)
            }
            var values: [String: String] = [:]
            for name in names {
                values[name] = VariableNode.display(
                    context.resolve(name) ?? .string(""), autoescape: context.autoescape, localize: context.localize,
                    grouping: context.grouping)
            }
            if let formatted = pythonInterpolate(result, values, kinds: "s") { return formatted }
            guard !nested else {
                throw TemplateRenderError(
                    "'\(tag)' is unable to format string returned by gettext: \(PythonFormat.quote(result))")
            }
            return try translated(context, translation: .untranslated, nested: true)
        }
    }

    /// The message id of `parts` (`%` doubled, variables as `%(name)s`) and the names it uses.
    private func message(_ parts: [Part]) -> (String, [String]) {
        var text = ""
        var names: [String] = []
        for part in parts {
            switch part {
            case .text(let chunk): text += chunk.replacingOccurrences(of: "%", with: "%%")
            case .variable(let name):
                text += "%(" + name + ")s"
                names.append(name)
            }
        }
        return (trimmed ? Self.trimWhitespace(text) : text, names)
    }

    /// Django's `trim_whitespace`: stripped, and each run of whitespace holding a line break
    /// made one space.
    static func trimWhitespace(_ text: String) -> String {
        var result = ""
        var run = ""
        for character in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character.isWhitespace {
                run.append(character)
                continue
            }
            result += run.contains(where: \.isNewline) ? " " : run
            run = ""
            result.append(character)
        }
        return result
    }

    /// The count a `count` value gives, or `nil` when it is no number (Django's error).
    static func count(_ value: TemplateValue) -> Int? {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .double(let number):
            guard number.isFinite else { return nil }
            return Int(exactly: number.rounded(.towardZero)) ?? (number > 0 ? Int.max : Int.min)
        case .decimal(let number, _): return PythonDecimal.saturatedInteger(number)
        default: return nil
        }
    }
}

/// `{% language %}`: the body rendered in another language.
struct LanguageNode: Node {
    let language: FilterExpression
    let body: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        let code = try language.resolve(context)?.text ?? ""
        let languages = context.engine?.languages ?? Languages()
        try languages.translation(for: code).activate { try body.render(context, into: &output) }
    }
}

/// `{% get_current_language as name %}` (and its `_bidi` form).
struct CurrentLanguageNode: Node {
    let name: String
    let bidi: Bool

    func render(_ context: RenderContext, into output: inout String) {
        let language = Translation.current.language
        context[name] =
            bidi ? .bool(Languages.rightToLeft.contains(String(language.split(separator: "-")[0]))) : .string(language)
    }
}

/// `{% get_available_languages as name %}`: `(code, name)` pairs.
struct AvailableLanguagesNode: Node {
    let name: String

    func render(_ context: RenderContext, into output: inout String) {
        let languages = context.engine?.languages ?? Languages()
        // NB: as Django's, the names are translated (a catalog may name each language in the
        // visitor's).
        let translation = Translation.current
        context[name] = .array(
            languages.offered.map { .array([.string($0.code), .string(translation.translate($0.name))]) })
    }
}
