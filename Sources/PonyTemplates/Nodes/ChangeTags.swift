import Foundation

/// `ifchanged`, `regroup` and `now`.
enum ChangeTags {
    static let all: [String: TagParser] = ["ifchanged": parseIfChanged, "regroup": parseRegroup, "now": parseNow]

    static func parseIfChanged(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var expressions: [FilterExpression] = []
        for word in token.words.dropFirst() { expressions.append(try parser.expression(word, at: token)) }
        let changed = try parser.parse(until: ["else", "endifchanged"], openedBy: token)
        var unchanged: [any Node] = []
        if parser.nextToken().words.first == "else" {
            unchanged = try parser.parse(until: ["endifchanged"], openedBy: token)
            _ = parser.nextToken()
        }
        return IfChangedNode(expressions: expressions, changed: changed, unchanged: unchanged)
    }

    static func parseRegroup(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 6 else { throw TemplateSyntaxError("'regroup' tag takes five arguments", at: token) }
        guard words[2] == "by" else {
            throw TemplateSyntaxError("second argument to 'regroup' tag must be 'by'", at: token)
        }
        guard words[4] == "as" else {
            throw TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'", at: token)
        }
        let key = try parser.expression(words[5] + "." + words[3], at: token)
        return RegroupNode(target: try parser.expression(words[1], at: token), key: key, name: words[5])
    }

    static func parseNow(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 2 || (words.count == 4 && words[2] == "as") else {
            throw TemplateSyntaxError("'now' statement takes one argument", at: token)
        }
        // Django strips the quotes without unescaping the format.
        return NowNode(format: String(words[1].dropFirst().dropLast()), target: words.count == 4 ? words[3] : nil)
    }
}

/// `{% ifchanged %}`: renders when its content (or the given values) differs from the previous
/// iteration of the enclosing loop.
final class IfChangedNode: Node, @unchecked Sendable {
    // NB: a class for identity only; the last values live in the render context.
    let expressions: [FilterExpression]
    let changed: [any Node]
    let unchanged: [any Node]

    init(expressions: [FilterExpression], changed: [any Node], unchanged: [any Node]) {
        self.expressions = expressions
        self.changed = changed
        self.unchanged = unchanged
    }

    func render(_ context: RenderContext, into output: inout String) throws {
        let key = RenderContext.StateKey(node: ObjectIdentifier(self), loop: context.loopRuns.last ?? -1)
        var rendered: String?
        let current: TemplateValue
        if expressions.isEmpty {
            rendered = try changed.render(context)
            current = .string(rendered!)
        } else {
            current = .array(try expressions.map { try $0.resolve(context, ignoreFailures: true) ?? .null })
        }
        if let previous = context.state[key], PythonCompare.equal(previous, current) {
            try unchanged.render(context, into: &output)
            return
        }
        context.state[key] = current
        output += try rendered ?? changed.render(context)
    }
}

/// `{% regroup list by key as groups %}`: consecutive items with equal keys, as
/// `{grouper, list}` pairs.
struct RegroupNode: Node {
    let target: FilterExpression
    let key: FilterExpression
    let name: String

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let items = try target.resolve(context, ignoreFailures: true)?.iterationElements else {
            context[name] = .array([])
            return
        }
        var groups: [(grouper: TemplateValue, list: [TemplateValue])] = []
        for item in items {
            let grouper = try context.scoped([name: item]) { try key.resolve(context, ignoreFailures: true) } ?? .null
            if let last = groups.last, PythonCompare.equal(last.grouper, grouper) {
                groups[groups.count - 1].list.append(item)
            } else {
                groups.append((grouper, [item]))
            }
        }
        context[name] = .array(groups.map { .object(GroupedResult(grouper: $0.grouper, list: $0.list)) })
    }
}

/// Django's `GroupedResult` namedtuple: `group.grouper`, `group.list`, or `for key, items in groups`.
struct GroupedResult: TemplateObject {
    let grouper: TemplateValue
    let list: [TemplateValue]

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "grouper", "0": grouper
        case "list", "1": .array(list)
        default: nil
        }
    }

    var text: String { "GroupedResult(grouper=\(PythonFormat.repr(grouper)), list=\(PythonFormat.repr(.array(list))))" }
    var elements: [TemplateValue]? { [grouper, .array(list)] }
}

/// `{% now "Y-m-d" %}`: the current date and time in a Django format.
struct NowNode: Node {
    let format: String
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        let text = DateFormat.format(Date(), format)
        if let target { context[target] = .string(text) } else { output += text }
    }
}
