import Foundation

struct IfNode: Node {
    let branches: [(condition: IfExpression?, body: [any Node])]

    func render(_ context: RenderContext, into output: inout String) throws {
        for branch in branches {
            if try branch.condition?.evaluate(context) ?? true {
                try branch.body.render(context, into: &output)
                return
            }
        }
    }
}

struct ForNode: Node {
    let variables: [String]
    let sequence: FilterExpression
    let reversed: Bool
    let body: [any Node]
    let empty: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        let value = try sequence.resolve(context, ignoreFailures: true) ?? .null
        var elements = value.iterationElements ?? []
        if reversed { elements.reverse() }
        guard !elements.isEmpty else {
            try empty.render(context, into: &output)
            return
        }
        let parent = context["forloop"] ?? .null
        try context.loopRun {
            try loop(elements, parent: parent, context, into: &output)
        }
    }

    private func loop(
        _ elements: [TemplateValue], parent: TemplateValue, _ context: RenderContext, into output: inout String
    ) throws {
        try context.scoped {
            let count = elements.count
            let parent = parent.isTruthy ? parent : .dictionary(TemplateDictionary())
            for (index, element) in elements.enumerated() {
                context["forloop"] = .object(ForLoop(index: index, count: count, parent: parent))
                if variables.count == 1 {
                    context[variables[0]] = element
                } else {
                    guard let parts = element.iterationElements, parts.count == variables.count else {
                        let got = element.iterationElements?.count ?? 1
                        throw TemplateRenderError("Need \(variables.count) values to unpack in for loop; got \(got). ")
                    }
                    for (name, part) in zip(variables, parts) { context[name] = part }
                }
                try body.render(context, into: &output)
            }
        }
    }
}

/// `forloop`: computed on lookup instead of a dictionary built per iteration.
struct ForLoop: TemplateObject {
    let index: Int
    let count: Int
    let parent: TemplateValue

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "counter": .int(index + 1)
        case "counter0": .int(index)
        case "revcounter": .int(count - index)
        case "revcounter0": .int(count - index - 1)
        case "first": .bool(index == 0)
        case "last": .bool(index == count - 1)
        case "parentloop": parent
        // NB: Django 6.0's; `{{ forloop }}` below prints Django 5.2's dictionary, without it.
        case "length": .int(count)
        default: nil
        }
    }

    /// Django 5.2's dictionary, in its key order.
    var text: String {
        let keys = ["parentloop", "counter0", "counter", "revcounter", "revcounter0", "first", "last"]
        return PythonFormat.repr(.dictionary(TemplateDictionary(keys.map { ($0, lookup($0) ?? .null) })))
    }
}

struct WithNode: Node {
    let assignments: [(String, FilterExpression)]
    let body: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        var scope: [String: TemplateValue] = [:]
        for (name, expression) in assignments { scope[name] = try expression.resolve(context) ?? .string("") }
        try context.scoped(scope) { try body.render(context, into: &output) }
    }
}

struct AutoescapeNode: Node {
    let enabled: Bool
    let body: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        let previous = context.autoescape
        context.autoescape = enabled
        defer { context.autoescape = previous }
        // Django marks the block's output safe when autoescaping is on inside it.
        try body.render(context, into: &output)
    }
}

struct SpacelessNode: Node {
    let body: [any Node]

    /// Django's `strip_spaces_between_tags`: whitespace between `>` and `<` goes, then the
    /// result is stripped.
    func render(_ context: RenderContext, into output: inout String) throws {
        let text = try body.render(context).trimmingWhitespace()
        var result = ""
        var pendingSpace = ""
        var afterTag = false
        for character in text {
            if afterTag, character.isWhitespace {
                pendingSpace.append(character)
                continue
            }
            if afterTag, character != "<" { result += pendingSpace }
            pendingSpace = ""
            result.append(character)
            afterTag = character == ">"
        }
        output += result + pendingSpace
    }
}

struct FirstOfNode: Node {
    let expressions: [FilterExpression]
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        var text = ""
        for expression in expressions {
            if let value = try expression.resolve(context, ignoreFailures: true), value.isTruthy {
                text = VariableNode.display(
                    value, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping)
                break
            }
        }
        if let target { context[target] = .safe(text) } else { output += text }
    }
}

struct FilterNode: Node {
    let expression: FilterExpression
    let body: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        let text = try body.render(context)
        let value = try context.scoped(["var": .safe(text)]) { try expression.resolve(context) } ?? .string("")
        output += VariableNode.display(
            value, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping)
    }
}

final class CycleNode: Node, @unchecked Sendable {
    // NB: a class only for its identity (the position lives in the render context); no state.
    let values: [FilterExpression]
    let target: String?
    let silent: Bool

    init(values: [FilterExpression], target: String?, silent: Bool) {
        self.values = values
        self.target = target
        self.silent = silent
    }

    func render(_ context: RenderContext, into output: inout String) throws {
        var position = 0
        if case .int(let stored) = context.state[stateKey] { position = stored }
        context.state[stateKey] = .int(position + 1)
        let value = try values[position % values.count].resolve(context) ?? .string("")
        if let target { context[target] = value }
        if !silent {
            output += VariableNode.display(
                value, autoescape: context.autoescape, localize: context.localize, grouping: context.grouping)
        }
    }

    /// Where the cycle's position lives in a render.
    var stateKey: RenderContext.StateKey { RenderContext.StateKey(node: ObjectIdentifier(self), loop: -1) }
}

/// `{% resetcycle %}`: the cycle starts again from its first value.
struct ResetCycleNode: Node {
    let cycle: CycleNode

    func render(_ context: RenderContext, into output: inout String) throws {
        context.state[cycle.stateKey] = .int(0)
    }
}

struct WidthRatioNode: Node {
    let value: FilterExpression
    let maximum: FilterExpression
    let width: FilterExpression
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        var text = ""
        if let value = try self.value.resolve(context).flatMap(BuiltinFilters.number),
            let maximum = try self.maximum.resolve(context).flatMap(BuiltinFilters.number),
            let width = try self.width.resolve(context).flatMap(BuiltinFilters.number)
        {
            if maximum == 0 {
                text = "0"
            } else {
                // Python: round() of NaN or an infinity raises, and Django renders "".
                let ratio = (value / maximum) * width
                text = BuiltinFilters.integerText(BuiltinFilters.pythonRound(ratio)) ?? ""
            }
        }
        if let target { context[target] = .string(text) } else { output += text }
    }
}
