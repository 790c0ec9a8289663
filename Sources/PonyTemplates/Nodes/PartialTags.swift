/// Template partials (Django 6.0's): `{% partialdef name %}…
/// {% endpartialdef %}` names a piece of a template, `{% partial name %}` renders it, and
/// the template `page.html#name` is that piece alone (for `render`, `include` and `extends`),
/// as htmx views answer with one fragment of a page.
enum PartialTags {
    static let all: [String: TagParser] = ["partialdef": parseDefinition, "partial": parseUse]

    /// `{% partialdef name [inline] %}…{% endpartialdef [name] %}`: rendered in place only
    /// with `inline`.
    static func parseDefinition(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count > 1 else { throw TemplateSyntaxError("'partialdef' tag requires a name", at: token) }
        guard words.count <= 3 else {
            throw TemplateSyntaxError("'partialdef' tag takes at most 2 arguments", at: token)
        }
        guard words.count == 2 || words[2] == "inline" else {
            throw TemplateSyntaxError(
                "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.",
                at: token)
        }
        let name = words[1]
        let inline = words.count == 3
        let ends = ["endpartialdef", "endpartialdef \(name)"]
        let body = try parser.parse(until: ["endpartialdef"], openedBy: token, expecting: ends)
        let end = parser.nextToken()
        guard ends.contains(end.contents) else {
            throw TemplateSyntaxError(
                "Invalid block tag on line \(end.line): 'endpartialdef', expected 'endpartialdef' or 'endpartialdef"
                    + " \(name)'. Did you forget to register or load this tag?", at: end)
        }
        guard parser.partials.nodes[name] == nil else {
            throw TemplateSyntaxError(
                "Partial '\(name)' is already defined in the '\(parser.templateName)' template.", at: token)
        }
        parser.partials.define(name, body)
        return PartialDefinitionNode(body: body, inline: inline)
    }

    /// `{% partial name %}`: the partial of that name in this template, defined before or after.
    static func parseUse(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 else {
            throw TemplateSyntaxError("'partial' tag requires a single argument", at: token)
        }
        return PartialNode(name: words[1], partials: parser.partials)
    }
}

/// The partials a template defines, by name: filled while the template is parsed, read when
/// it renders (a `{% partial %}` may come before its definition).
final class PartialDefinitions: @unchecked Sendable {
    // NB: written only by the parser of one template, before the template is shared; never
    // written after.
    private(set) var nodes: [String: [any Node]] = [:]

    func define(_ name: String, _ body: [any Node]) { nodes[name] = body }
}

/// `{% partialdef %}` where it stands: its body with `inline`, else nothing.
struct PartialDefinitionNode: Node, ContainerNode {
    let body: [any Node]
    let inline: Bool

    var children: [any Node] { body }

    func render(_ context: RenderContext, into output: inout String) throws {
        if inline { try body.render(context, into: &output) }
    }
}

/// `{% partial name %}`: the partial's body, with the context as it is (a level deeper, so
/// that a partial that renders itself stops with an error rather than exhausting the stack).
struct PartialNode: Node {
    let name: String
    let partials: PartialDefinitions

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let body = partials.nodes[name] else {
            throw TemplateRenderError("Partial '\(name)' is not defined in the current template.")
        }
        try context.nested { try body.render(context, into: &output) }
    }
}
