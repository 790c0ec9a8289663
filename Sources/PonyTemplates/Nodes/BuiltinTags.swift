/// Django's built-in tags that need no loader or request: `if`, `for`, `with`, `comment`,
/// `autoescape`, `verbatim`, `templatetag`, `spaceless`, `firstof`, `filter`, `cycle`,
/// `resetcycle`, `widthratio` and `load`.
enum BuiltinTags {
    static let all: [String: TagParser] = [
        "if": parseIf, "for": parseFor, "with": parseWith, "comment": parseComment,
        "autoescape": parseAutoescape, "verbatim": parseVerbatim, "templatetag": parseTemplateTag,
        "spaceless": parseSpaceless, "firstof": parseFirstOf, "filter": parseFilter, "cycle": parseCycle,
        "widthratio": parseWidthRatio, "load": parseLoad, "resetcycle": parseResetCycle,
    ]

    static func parseIf(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var branches: [(IfExpression?, [any Node])] = []
        var condition: IfExpression? = try IfExpression.parse(
            Array(token.words.dropFirst()), parser: parser, token: token)
        while true {
            let body = try parser.parse(until: ["elif", "else", "endif"], openedBy: token)
            branches.append((condition, body))
            let next = parser.nextToken()
            switch next.words.first {
            case "elif":
                condition = try IfExpression.parse(Array(next.words.dropFirst()), parser: parser, token: next)
            case "else":
                branches.append((nil, try parser.parse(until: ["endif"], openedBy: token)))
                _ = parser.nextToken()
                return IfNode(branches: branches)
            default:
                return IfNode(branches: branches)
            }
        }
    }

    static func parseFor(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard words.count >= 3 else {
            throw TemplateSyntaxError("'for' statements should have at least four words: \(token.contents)", at: token)
        }
        let reversed = words.last == "reversed"
        if reversed { words.removeLast() }
        guard words.count >= 3, words[words.count - 2] == "in" else {
            throw TemplateSyntaxError(
                "'for' statements should use the format 'for x in y': \(token.contents)", at: token)
        }
        let loopVariables = words[..<(words.count - 2)].joined(separator: " ")
            .split(separator: ",").map { $0.trimmingWhitespace() }
        for name in loopVariables where name.isEmpty || name.contains(" ") {
            throw TemplateSyntaxError("'for' tag received an invalid argument: \(token.contents)", at: token)
        }
        let sequence = try parser.expression(words[words.count - 1], at: token)
        let body = try parser.parse(until: ["empty", "endfor"], openedBy: token)
        var empty: [any Node] = []
        if parser.nextToken().words.first == "empty" {
            empty = try parser.parse(until: ["endfor"], openedBy: token)
            _ = parser.nextToken()
        }
        return ForNode(
            variables: loopVariables, sequence: sequence, reversed: reversed, body: body, empty: empty)
    }

    static func parseWith(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = Array(token.words.dropFirst())
        var assignments: [(String, FilterExpression)] = []
        if words.count == 3, words[1] == "as" {
            assignments.append((words[2], try parser.expression(words[0], at: token)))
        } else {
            for word in words {
                guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                    throw TemplateSyntaxError("'with' expected at least one variable assignment", at: token)
                }
                let value = String(word[word.index(after: equals)...])
                assignments.append((String(word[..<equals]), try parser.expression(value, at: token)))
            }
        }
        guard !assignments.isEmpty else {
            throw TemplateSyntaxError("'with' expected at least one variable assignment", at: token)
        }
        let body = try parser.parse(until: ["endwith"], openedBy: token)
        _ = parser.nextToken()
        return WithNode(assignments: assignments, body: body)
    }

    static func parseComment(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        try parser.skip(past: "endcomment", openedBy: token)
        return TextNode(text: "")
    }

    static func parseAutoescape(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else {
            throw TemplateSyntaxError("'autoescape' tag requires exactly one argument.", at: token)
        }
        guard words[1] == "on" || words[1] == "off" else {
            throw TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'", at: token)
        }
        let body = try parser.parse(until: ["endautoescape"], openedBy: token)
        _ = parser.nextToken()
        return AutoescapeNode(enabled: words[1] == "on", body: body)
    }

    static func parseVerbatim(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        TextNode(text: try parser.rawText(until: "end" + token.contents, openedBy: token))
    }

    static let templateTags = [
        "openblock": "{%", "closeblock": "%}", "openvariable": "{{", "closevariable": "}}",
        "openbrace": "{", "closebrace": "}", "opencomment": "{#", "closecomment": "#}",
    ]

    static func parseTemplateTag(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else {
            throw TemplateSyntaxError("'templatetag' statement takes one argument", at: token)
        }
        guard let text = templateTags[words[1]] else {
            let known = templateTags.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw TemplateSyntaxError(
                "Invalid templatetag argument: '\(words[1])'. Must be one of: [\(known)]", at: token)
        }
        return TextNode(text: text)
    }

    static func parseSpaceless(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let body = try parser.parse(until: ["endspaceless"], openedBy: token)
        _ = parser.nextToken()
        return SpacelessNode(body: body)
    }

    static func parseFirstOf(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard !words.isEmpty else {
            throw TemplateSyntaxError("'firstof' statement requires at least one argument", at: token)
        }
        let target = Parser.takeTarget(&words)
        var expressions: [FilterExpression] = []
        for word in words { expressions.append(try parser.expression(word, at: token)) }
        return FirstOfNode(expressions: expressions, target: target)
    }

    static func parseFilter(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let chain = token.contents.dropFirst("filter".count).trimmingWhitespace()
        for name in ["escape", "safe"]
        where chain.split(separator: "|").contains(where: { $0.trimmingWhitespace() == name }) {
            throw TemplateSyntaxError(
                "\"filter \(name)\" is not permitted.  Use the \"autoescape\" tag instead.", at: token)
        }
        let expression = try parser.expression("var|" + chain, at: token)
        let body = try parser.parse(until: ["endfilter"], openedBy: token)
        _ = parser.nextToken()
        return FilterNode(expression: expression, body: body)
    }

    static func parseCycle(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard !words.isEmpty else {
            throw TemplateSyntaxError("'cycle' tag requires at least two arguments", at: token)
        }
        if words.count == 1 {
            // NB: `{% cycle name %}` is the named cycle itself, advanced where it stands.
            let name = words[0]
            guard !parser.namedCycles.isEmpty else {
                throw TemplateSyntaxError("No named cycles in template. '\(name)' is not defined", at: token)
            }
            guard let node = parser.namedCycles[name] else {
                throw TemplateSyntaxError("Named cycle '\(name)' does not exist", at: token)
            }
            return node
        }
        var silent = false
        if words.last == "silent", words.count >= 3, words[words.count - 3] == "as" {
            silent = true
            words.removeLast()
        }
        let target = Parser.takeTarget(&words)
        var values: [FilterExpression] = []
        for word in words { values.append(try parser.expression(word, at: token)) }
        let node = CycleNode(values: values, target: target, silent: silent)
        if let target { parser.namedCycles[target] = node }
        parser.lastCycle = node
        return node
    }

    /// `{% resetcycle %}` (the last cycle) or `{% resetcycle name %}`: starts the cycle over.
    static func parseResetCycle(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = Array(token.words.dropFirst())
        guard words.count <= 1 else {
            throw TemplateSyntaxError("'resetcycle' tag accepts at most one argument.", at: token)
        }
        if let name = words.first {
            guard let node = parser.namedCycles[name] else {
                throw TemplateSyntaxError("Named cycle '\(name)' does not exist.", at: token)
            }
            return ResetCycleNode(cycle: node)
        }
        guard let node = parser.lastCycle else { throw TemplateSyntaxError("No cycles in template.", at: token) }
        return ResetCycleNode(cycle: node)
    }

    static func parseWidthRatio(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = Array(token.words.dropFirst())
        guard words.count == 3 || (words.count == 5 && words[3] == "as") else {
            throw TemplateSyntaxError("widthratio takes at least three arguments", at: token)
        }
        return WidthRatioNode(
            value: try parser.expression(words[0], at: token), maximum: try parser.expression(words[1], at: token),
            width: try parser.expression(words[2], at: token), target: words.count == 5 ? words[4] : nil)
    }

    /// `{% load %}`: the built-in libraries are always loaded; app filters are registered globally.
    static func parseLoad(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        TextNode(text: "")
    }
}
