/// Turns tokens into nodes; tags parse their own arguments and bodies through it.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    let library: TemplateLibrary
    /// Names of blocks defined so far (a name may appear once per template).
    var blockNames: Set<String> = []
    /// Whether a node other than text came before the current token (`extends` must be first).
    var hasContentBefore = false
    /// The `{% cycle … as name %}` nodes so far, which `{% cycle name %}` and
    /// `{% resetcycle name %}` refer to (Django's `parser._named_cycle_nodes`).
    var namedCycles: [String: CycleNode] = [:]
    /// The last `{% cycle %}` so far, which `{% resetcycle %}` resets.
    var lastCycle: CycleNode?
    /// The template's `{% partialdef %}`s, which its `{% partial %}`s render.
    let partials = PartialDefinitions()
    /// The template's name, for messages that name it.
    var templateName = "<unknown source>"

    init(tokens: [Token], library: TemplateLibrary) {
        self.tokens = tokens
        self.library = library
    }

    /// Parses until one of `endTags` (which is left for the caller to read with
    /// ``nextToken()``), or to the end when `endTags` is empty; an unclosed tag's message
    /// lists `expecting` when given, else `endTags`.
    mutating func parse(
        until endTags: [String] = [], openedBy opener: Token? = nil, expecting: [String]? = nil
    ) throws(TemplateSyntaxError) -> [any Node] {
        var nodes: [any Node] = []
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .text:
                index += 1
                nodes.append(TextNode(text: token.contents))
            case .comment:
                index += 1
            case .variable:
                index += 1
                guard !token.contents.isEmpty else {
                    throw TemplateSyntaxError("Empty variable tag on line \(token.line)", at: token)
                }
                nodes.append(
                    VariableNode(expression: try FilterExpression(token.contents, library: library, at: token)))
                hasContentBefore = true
            case .block:
                guard let command = token.words.first else {
                    throw TemplateSyntaxError("Empty block tag on line \(token.line)", at: token)
                }
                if endTags.contains(command) { return nodes }
                index += 1
                guard let tag = library.tags[command] else {
                    if !endTags.isEmpty {
                        // Django's get_text_list: 'a', 'b' or 'c'.
                        let quoted = endTags.map { "'\($0)'" }
                        let expected =
                            quoted.count == 1
                            ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
                        throw TemplateSyntaxError(
                            "Invalid block tag on line \(token.line): '\(command)', expected \(expected). Did you forget to register or load this tag?",
                            at: token)
                    }
                    throw TemplateSyntaxError(
                        "Invalid block tag on line \(token.line): '\(command)'. Did you forget to register or load this tag?",
                        at: token)
                }
                let node = try tag(&self, token)
                hasContentBefore = true
                nodes.append(node)
            }
        }
        if !endTags.isEmpty {
            let command = opener?.words.first ?? "block"
            throw TemplateSyntaxError(
                "Unclosed tag on line \(opener?.line ?? 0): '\(command)'. Looking for one of: \((expecting ?? endTags).joined(separator: ", ")).",
                at: opener)
        }
        return nodes
    }

    /// The next token as it is, or `nil` at the end (for tags that read text and variables
    /// themselves, as `blocktranslate`).
    mutating func nextRawToken() -> Token? {
        guard index < tokens.count else { return nil }
        defer { index += 1 }
        return tokens[index]
    }

    /// The next token (the end tag that stopped ``parse(until:openedBy:)``).
    mutating func nextToken() -> Token {
        defer { index += 1 }
        return tokens[index]
    }

    /// Skips tokens until the block tag `end`, for tags whose body is not parsed (`comment`).
    mutating func skip(past end: String, openedBy opener: Token) throws(TemplateSyntaxError) {
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.kind == .block, token.contents == end { return }
        }
        throw TemplateSyntaxError(
            "Unclosed tag on line \(opener.line): '\(opener.words.first ?? "")'. Looking for one of: \(end).",
            at: opener)
    }

    /// Raw text of the tokens up to the block tag `end`, for `verbatim`.
    mutating func rawText(until end: String, openedBy opener: Token) throws(TemplateSyntaxError) -> String {
        var text = ""
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.kind == .block, token.contents == end { return text }
            text += token.contents
        }
        throw TemplateSyntaxError(
            "Unclosed tag on line \(opener.line): '\(opener.words.first ?? "")'. Looking for one of: \(end).",
            at: opener)
    }

    /// Removes a trailing `as name` from a tag's words and returns the name (the form many
    /// tags share: `{% url 'x' as link %}`, `{% firstof a b as c %}`).
    static func takeTarget(_ words: inout [String]) -> String? {
        guard words.count >= 2, words[words.count - 2] == "as" else { return nil }
        defer { words.removeLast(2) }
        return words.last
    }

    func expression(_ text: String, at token: Token) throws(TemplateSyntaxError) -> FilterExpression {
        try FilterExpression(text, library: library, at: token)
    }
}
