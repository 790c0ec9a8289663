/// Turns a route name and arguments into a path, for `{% url %}`; the web layer provides it.
public protocol URLReversing: Sendable {
    /// The path of the route `name`, from positional or keyword arguments (not both).
    func reverse(_ name: String, positional: [String], keywords: [String: String]) throws -> String
}

/// `{% url 'name' arg key=value as variable %}`.
enum URLTag {
    static let all: [String: TagParser] = ["url": parse]

    static func parse(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard !words.isEmpty else {
            throw TemplateSyntaxError("'url' takes at least one argument, a URL pattern name.", at: token)
        }
        let name = try parser.expression(words.removeFirst(), at: token)
        let target = Parser.takeTarget(&words)
        let arguments = try parser.arguments(words, at: token)
        return URLNode(name: name, positional: arguments.positional, keywords: arguments.keywords, target: target)
    }
}

struct URLNode: Node {
    let name: FilterExpression
    let positional: [FilterExpression]
    let keywords: [(String, FilterExpression)]
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let reverser = context.engine?.urlReverser else {
            throw TemplateRenderError(
                "{% url %} needs a site to resolve names: render through the app's template engine.")
        }
        let routeName = try name.resolve(context)?.text ?? ""
        let arguments = try positional.map { try $0.resolve(context)?.text ?? "" }
        var named: [String: String] = [:]
        for (key, expression) in keywords { named[key] = try expression.resolve(context)?.text ?? "" }
        let url: String
        do {
            url = try reverser.reverse(routeName, positional: arguments, keywords: named)
        } catch {
            // Django: with "as", a failed reverse gives "" instead of an error.
            guard target != nil else { throw error }
            url = ""
        }
        if let target {
            context[target] = .string(url)
        } else {
            output += context.autoescape ? Escaping.html(url) : url
        }
    }
}
