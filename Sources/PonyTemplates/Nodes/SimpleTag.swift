/// A tag computed by a Swift closure from its arguments, like Django's `@register.simple_tag`:
/// `{% greet user.name "!" %}` or `{% greet user.name as greeting %}`.
public struct SimpleTag: Sendable {
    /// The tag's name.
    public let name: String
    let body: @Sendable ([TemplateValue]) throws -> TemplateValue

    /// Creates a tag; `body` gets the resolved arguments and returns the output, which is
    /// escaped unless it is `.safe`.
    public init(_ name: String, _ body: @escaping @Sendable ([TemplateValue]) throws -> TemplateValue) {
        self.name = name
        self.body = body
    }

    var parser: TagParser {
        { (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            var words = Array(token.words.dropFirst())
            let target = Parser.takeTarget(&words)
            var arguments: [FilterExpression] = []
            for word in words { arguments.append(try parser.expression(word, at: token)) }
            return SimpleTagNode(tag: self, arguments: arguments, target: target)
        }
    }
}

struct SimpleTagNode: Node {
    let tag: SimpleTag
    let arguments: [FilterExpression]
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        let values = try arguments.map { try $0.resolve(context) ?? .string("") }
        let result = try tag.body(values)
        if let target {
            context[target] = result
        } else {
            output += VariableNode.display(result, autoescape: context.autoescape)
        }
    }
}

extension TemplateLibrary {
    /// Adds (or replaces) a simple tag.
    public mutating func register(_ tag: SimpleTag) { tags[tag.name] = tag.parser }
}
