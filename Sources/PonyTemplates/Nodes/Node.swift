internal import PonySupport

/// A piece of a parsed template that writes its output.
protocol Node: Sendable {
    func render(_ context: RenderContext, into output: inout String) throws
}

extension [any Node] {
    func render(_ context: RenderContext, into output: inout String) throws {
        for node in self { try node.render(context, into: &output) }
    }

    func render(_ context: RenderContext) throws -> String {
        var output = ""
        try render(context, into: &output)
        return output
    }
}

/// Literal text.
struct TextNode: Node {
    let text: String
    func render(_ context: RenderContext, into output: inout String) { output += text }
}

/// `{{ expression }}`: the value, escaped unless autoescape is off or it is marked safe.
struct VariableNode: Node {
    let expression: FilterExpression

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let value = try expression.resolve(context) else { return }
        VariableNode.append(
            value, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping, to: &output)
    }

    /// Django's `render_value_in_context`, appending: safe text as is, numbers and dates
    /// localized (unless `{% localize off %}`; grouped too with `grouping`, the engine's
    /// `useThousandSeparator`), anything else escaped in place when autoescaping.
    static func append(
        _ value: TemplateValue, autoescape: Bool, localize: Bool = true, grouping: Bool = false, to output: inout String
    ) {
        switch value {
        case .safe(let text): output += text
        case .string(let text): if autoescape { appendEscapedHTML(text, to: &output) } else { output += text }
        case .int(let number) where !(grouping && localize): output += String(number)
        case .object(let object) where object.isSafeText: output += object.text
        default:
            let text = L10nTags.localized(value, localize: localize, grouping: grouping) ?? value.text
            if autoescape { appendEscapedHTML(text, to: &output) } else { output += text }
        }
    }

    /// ``append(_:autoescape:localize:grouping:to:)`` into a new string.
    static func display(_ value: TemplateValue, autoescape: Bool, localize: Bool = true, grouping: Bool = false)
        -> String
    {
        var text = ""
        append(value, autoescape: autoescape, localize: localize, grouping: grouping, to: &text)
        return text
    }
}
