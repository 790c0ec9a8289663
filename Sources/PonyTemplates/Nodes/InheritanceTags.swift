/// Parsers for `block`, `extends` and `include`.
enum InheritanceTags {
    static let all: [String: TagParser] = ["block": parseBlock, "extends": parseExtends, "include": parseInclude]

    static func parseBlock(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else { throw TemplateSyntaxError("'block' tag takes only one argument", at: token) }
        let name = words[1]
        guard !parser.blockNames.contains(name) else {
            throw TemplateSyntaxError("'block' tag with name '\(name)' appears more than once", at: token)
        }
        parser.blockNames.insert(name)
        let body = try parser.parse(until: ["endblock"], openedBy: token)
        let end = parser.nextToken()
        if end.words.count > 1, end.words[1] != name {
            throw TemplateSyntaxError(
                "Invalid block tag on line \(end.line): '\(end.contents)', expected 'endblock'. Did you forget to register or load this tag?",
                at: end)
        }
        return BlockNode(name: name, body: body)
    }

    static func parseExtends(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else { throw TemplateSyntaxError("'extends' takes one argument", at: token) }
        guard !parser.hasContentBefore else {
            throw TemplateSyntaxError("{% \(token.contents) %} must be the first tag in the template.", at: token)
        }
        let parent = try parser.expression(words[1], at: token)
        let body = try parser.parse()
        if body.contains(where: { $0 is ExtendsNode }) {
            throw TemplateSyntaxError("'extends' cannot appear more than once in the same template", at: token)
        }
        return ExtendsNode(parent: parent, blocks: body.blockNodes())
    }

    static func parseInclude(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard !words.isEmpty else {
            throw TemplateSyntaxError(
                "'include' tag takes at least one argument: the name of the template to be included.", at: token)
        }
        let name = words.removeFirst()
        var only = false
        var assignments: [(String, FilterExpression)] = []
        while !words.isEmpty {
            let option = words.removeFirst()
            switch option {
            case "only":
                only = true
            case "with":
                while let next = words.first, next.contains("=") {
                    words.removeFirst()
                    let equals = next.firstIndex(of: "=")!
                    assignments.append(
                        (
                            String(next[..<equals]),
                            try parser.expression(String(next[next.index(after: equals)...]), at: token)
                        ))
                }
                guard !assignments.isEmpty else {
                    throw TemplateSyntaxError(
                        "\"with\" in 'include' tag needs at least one keyword argument.", at: token)
                }
            default:
                throw TemplateSyntaxError("Unknown argument for 'include' tag: '\(option)'.", at: token)
            }
        }
        return IncludeNode(template: try parser.expression(name, at: token), assignments: assignments, only: only)
    }
}
