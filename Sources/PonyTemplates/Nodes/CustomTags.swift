/// What a custom tag receives: its arguments, resolved, and the variables of the template
/// rendering it (Django's `takes_context`).
///
/// `{% greet user.name "!" shout=True %}` gives `arguments[0]`, `arguments[1]` and
/// `arguments["shout"]`.
public struct TagArguments {
    /// The arguments without a name, in order.
    public let positional: [TemplateValue]
    /// The `name=value` arguments, in order.
    public let keywords: [(name: String, value: TemplateValue)]
    /// The arguments as written, before any `as name` (Django's `token.split_contents()`
    /// without the tag's name): `["'/about/'", "for", "user"]`.
    public let words: [String]
    private let context: RenderContext

    init(
        positional: [TemplateValue], keywords: [(name: String, value: TemplateValue)], words: [String],
        context: RenderContext
    ) {
        self.positional = positional
        self.keywords = keywords
        self.words = words
        self.context = context
    }

    /// The positional argument at `index`, or `nil` past the end.
    public subscript(index: Int) -> TemplateValue? { positional.indices.contains(index) ? positional[index] : nil }

    /// The keyword argument `name`, or `nil` when it was not given.
    public subscript(name: String) -> TemplateValue? { keywords.last { $0.name == name }?.value }

    /// The first positional argument.
    public var first: TemplateValue? { positional.first }

    /// A variable of the rendering template (`request`, `user`, loop variables…).
    public func variable(_ name: String) -> TemplateValue? { context[name] }

    /// Whether the template autoescapes where the tag is.
    public var autoescape: Bool { context.autoescape }
}

/// A tag computed by a Swift closure, like Django's `@register.simple_tag`:
/// `{% greet user.name "!" %}` or `{% greet user.name as greeting %}`. The result is escaped
/// unless it is `.safe`.
public struct SimpleTag: Sendable {
    /// The tag's name.
    public let name: String
    let body: @Sendable (TagArguments) throws -> TemplateValue
    let check: @Sendable (_ words: [String], _ target: String?) -> String?

    /// Creates a tag from a closure over its arguments. `check` sees the words as written
    /// (without `as name`) and the name, when the template is parsed: a message it returns is
    /// the template's syntax error (Django's checks in a tag's compile function).
    public init(
        _ name: String, check: @escaping @Sendable (_ words: [String], _ target: String?) -> String? = { _, _ in nil },
        _ body: @escaping @Sendable (TagArguments) throws -> TemplateValue
    ) {
        self.name = name
        self.body = body
        self.check = check
    }

    var parser: TagParser {
        { [body, check] (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            var words = Array(token.words.dropFirst())
            let target = Parser.takeTarget(&words)
            if let message = check(words, target) { throw TemplateSyntaxError(message, at: token) }
            let arguments = try parser.arguments(words, at: token)
            return SimpleTagNode(
                function: { arguments, _ in try body(arguments) }, arguments: arguments, target: target, body: nil)
        }
    }
}

/// A tag with a body, like Django 5.2's `@register.simple_block_tag`: the closure gets the
/// rendered body and the arguments. `{% card title="Hi" %}…{% endcard %}`.
public struct SimpleBlockTag: Sendable {
    /// The tag's name.
    public let name: String
    /// The closing tag's name (`end` + name unless given).
    public let endName: String
    let body: @Sendable (String, TagArguments) throws -> TemplateValue

    /// Creates a block tag; `body` gets the rendered content (HTML, already escaped where the
    /// template autoescapes) and the arguments. Return content inside `.safe(…)`, or it is
    /// escaped a second time.
    public init(
        _ name: String, endName: String? = nil,
        _ body: @escaping @Sendable (_ content: String, TagArguments) throws -> TemplateValue
    ) {
        self.name = name
        self.endName = endName ?? "end\(name)"
        self.body = body
    }

    var parser: TagParser {
        { [body, endName] (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            var words = Array(token.words.dropFirst())
            let target = Parser.takeTarget(&words)
            let arguments = try parser.arguments(words, at: token)
            let children = try parser.parse(until: [endName], openedBy: token)
            _ = parser.nextToken()
            return SimpleTagNode(
                function: { arguments, content in try body(content ?? "", arguments) }, arguments: arguments,
                target: target, body: children)
        }
    }
}

/// A tag that renders a template with a context computed from its arguments, like Django's
/// `@register.inclusion_tag("results.html")`.
public struct InclusionTag: Sendable {
    /// The tag's name.
    public let name: String
    /// The template it renders, loaded like `{% include %}`.
    public let template: String
    let body: @Sendable (TagArguments) throws -> TemplateContext

    /// Creates a tag rendering `template` with the context `body` returns.
    public init(_ name: String, template: String, _ body: @escaping @Sendable (TagArguments) throws -> TemplateContext)
    {
        self.name = name
        self.template = template
        self.body = body
    }

    var parser: TagParser {
        { [body, template] (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            let arguments = try parser.arguments(Array(token.words.dropFirst()), at: token)
            return InclusionTagNode(template: template, body: body, arguments: arguments)
        }
    }
}

/// Arguments as parsed: positional expressions and `name=expression` pairs, and the words.
struct ParsedArguments {
    var positional: [FilterExpression] = []
    var keywords: [(String, FilterExpression)] = []
    var words: [String] = []

    func resolve(_ context: RenderContext) throws -> TagArguments {
        TagArguments(
            positional: try positional.map { try $0.resolve(context) ?? .string("") },
            keywords: try keywords.map { ($0.0, try $0.1.resolve(context) ?? .null) }, words: words, context: context)
    }
}

extension Parser {
    /// Splits a tag's words into positional and `name=value` arguments, as Django's
    /// `token_kwargs` does.
    func arguments(_ words: [String], at token: Token) throws(TemplateSyntaxError) -> ParsedArguments {
        var parsed = ParsedArguments(words: words)
        for word in words {
            if let equals = word.firstIndex(of: "="), equals != word.startIndex,
                word[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                let value = try expression(String(word[word.index(after: equals)...]), at: token)
                parsed.keywords.append((String(word[..<equals]), value))
            } else {
                parsed.positional.append(try expression(word, at: token))
            }
        }
        return parsed
    }
}

/// A simple tag, or (with `body`) a simple block tag.
struct SimpleTagNode: ContainerNode {
    let function: @Sendable (TagArguments, _ content: String?) throws -> TemplateValue
    let arguments: ParsedArguments
    let target: String?
    let body: [any Node]?

    var children: [any Node] { body ?? [] }

    func render(_ context: RenderContext, into output: inout String) throws {
        var content: String?
        if let body {
            var rendered = ""
            try body.render(context, into: &rendered)
            content = rendered
        }
        let result = try function(try arguments.resolve(context), content)
        if let target {
            context[target] = result
        } else {
            output += VariableNode.display(
                result, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping)
        }
    }
}

struct InclusionTagNode: Node {
    let template: String
    let body: @Sendable (TagArguments) throws -> TemplateContext
    let arguments: ParsedArguments

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let engine = context.engine else {
            throw TemplateRenderError("Inclusion tags need a TemplateEngine with loaders (to load '\(template)').")
        }
        var values = try body(arguments.resolve(context)).values
        if values["csrf_token"] == nil, let token = context["csrf_token"] { values["csrf_token"] = token }
        let included = try engine.template(named: template)
        let isolated = RenderContext(values, autoescape: context.autoescape, library: context.library, engine: engine)
        isolated.depth = context.depth
        isolated.grouping = context.grouping
        if engine.logsRenders { TemplateRenderLog.current?.record(template, isolated) }
        try isolated.nested { try included.nodes.render(isolated, into: &output) }
    }
}

extension TemplateLibrary {
    /// Adds (or replaces) a simple tag.
    public mutating func register(_ tag: SimpleTag) { tags[tag.name] = tag.parser }
    /// Adds (or replaces) a block tag.
    public mutating func register(_ tag: SimpleBlockTag) { tags[tag.name] = tag.parser }
    /// Adds (or replaces) an inclusion tag.
    public mutating func register(_ tag: InclusionTag) { tags[tag.name] = tag.parser }
}
