/// `{% block name %}…{% endblock %}`: a section a child template can replace.
final class BlockNode: Node, @unchecked Sendable {
    // NB: a class for identity only; it holds no mutable state.
    let name: String
    let body: [any Node]

    init(name: String, body: [any Node]) {
        self.name = name
        self.body = body
    }

    var children: [any Node] { body }

    /// Django's `BlockNode.render`: the most-derived override of this block is rendered, with
    /// `{{ block.super }}` reaching the next one up.
    func render(_ context: RenderContext, into output: inout String) throws {
        guard context.blockContext != nil else {
            try context.scoped(["block": .object(BlockReference(node: self, context: context))]) {
                try body.render(context, into: &output)
            }
            return
        }
        let pushed = context.blockContext?[name]?.popLast()
        let block = pushed ?? self
        try context.scoped(["block": .object(BlockReference(node: block, context: context))]) {
            try block.body.render(context, into: &output)
        }
        if let pushed { context.blockContext?[name, default: []].append(pushed) }
    }
}

/// What `{{ block }}` resolves to inside a block: `block.super` renders the parent's version.
struct BlockReference: TemplateObject, @unchecked Sendable {
    // NB: lives only during one render, on the rendering thread.
    let node: BlockNode
    let context: RenderContext

    func lookup(_ key: String) -> TemplateValue? {
        guard key == "super" else { return nil }
        guard context.blockContext?[node.name]?.last != nil else { return .string("") }
        var output = ""
        do { try node.render(context, into: &output) } catch { return .string("") }
        return .safe(output)
    }

    var text: String { "<Block Node: \(node.name)>" }
}

/// `{% extends "base.html" %}`: renders the parent template with this template's blocks.
struct ExtendsNode: Node {
    let parent: FilterExpression
    let blocks: [BlockNode]

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let engine = context.engine else {
            throw TemplateRenderError("{% extends %} needs a TemplateEngine with loaders.")
        }
        let name = try parent.resolve(context)?.text ?? ""
        let template = try engine.template(named: name)
        if engine.logsRenders { TemplateRenderLog.current?.record(name, context) }
        try context.nested {
            if context.blockContext == nil { context.blockContext = [:] }
            // Django's BlockContext.add_blocks: overrides go below the ones already known.
            for block in blocks { context.blockContext?[block.name, default: []].insert(block, at: 0) }
            // The root template (the first non-text node is not an extends) adds its own blocks.
            if let first = template.nodes.first(where: { !($0 is TextNode) }), !(first is ExtendsNode) {
                for block in template.nodes.blockNodes() {
                    context.blockContext?[block.name, default: []].insert(block, at: 0)
                }
            }
            try template.nodes.render(context, into: &output)
        }
    }
}

/// `{% include "name" with a=b only %}`.
struct IncludeNode: Node {
    let template: FilterExpression
    let assignments: [(String, FilterExpression)]
    let only: Bool

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let engine = context.engine else {
            throw TemplateRenderError("{% include %} needs a TemplateEngine with loaders.")
        }
        let name = try template.resolve(context)?.text ?? ""
        let included = try engine.template(named: name)
        var scope: [String: TemplateValue] = [:]
        for (key, expression) in assignments { scope[key] = try expression.resolve(context) ?? .string("") }
        try context.nested {
            // An included template renders with its own block context.
            let saved = context.blockContext
            context.blockContext = nil
            defer { context.blockContext = saved }
            if only {
                let isolated = RenderContext(
                    scope, autoescape: context.autoescape, library: context.library, engine: engine)
                isolated.depth = context.depth
                isolated.grouping = context.grouping
                if engine.logsRenders { TemplateRenderLog.current?.record(name, isolated) }
                try included.nodes.render(isolated, into: &output)
            } else {
                try context.scoped(scope) {
                    if engine.logsRenders { TemplateRenderLog.current?.record(name, context) }
                    try included.nodes.render(context, into: &output)
                }
            }
        }
    }
}

extension [any Node] {
    /// Every `{% block %}` in these nodes, nested ones included (Django's `get_nodes_by_type`).
    func blockNodes() -> [BlockNode] {
        flatMap { node -> [BlockNode] in
            let inner = (node as? any ContainerNode)?.children.blockNodes() ?? []
            if let block = node as? BlockNode { return [block] + block.children.blockNodes() }
            return inner
        }
    }
}

/// A node with nodes inside it, for finding blocks.
protocol ContainerNode: Node {
    var children: [any Node] { get }
}

extension IfNode: ContainerNode {
    var children: [any Node] { branches.flatMap(\.body) }
}
extension ForNode: ContainerNode {
    var children: [any Node] { body + empty }
}
extension WithNode: ContainerNode {
    var children: [any Node] { body }
}
extension AutoescapeNode: ContainerNode {
    var children: [any Node] { body }
}
extension SpacelessNode: ContainerNode {
    var children: [any Node] { body }
}
extension FilterNode: ContainerNode {
    var children: [any Node] { body }
}
extension IfChangedNode: ContainerNode {
    var children: [any Node] { changed + unchanged }
}
