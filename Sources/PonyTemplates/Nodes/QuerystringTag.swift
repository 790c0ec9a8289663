/// A query string as templates see it (`request.GET`, `request.POST`): several values per key
/// in order. `{{ request.GET.q }}` is the last value for `q`; `{% for key in request.GET %}`
/// visits the keys, as with Django's `QueryDict`.
public struct TemplateQueryDict: TemplateObject {
    /// The keys and values, in order.
    public let items: [(key: String, value: String)]

    /// Creates one from key-value pairs.
    public init(_ items: [(key: String, value: String)]) { self.items = items }

    /// The distinct keys in first-seen order.
    var keys: [String] {
        var seen: Set<String> = []
        return items.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }

    /// The last value for `key`.
    public func lookup(_ key: String) -> TemplateValue? { items.last { $0.key == key }.map { .string($0.value) } }

    /// Python's repr: `<QueryDict: {'q': ['a', 'b']}>`.
    public var text: String {
        let lists = keys.map { key in
            let values = items.filter { $0.key == key }.map { PythonFormat.quote($0.value) }
            return "\(PythonFormat.quote(key)): [\(values.joined(separator: ", "))]"
        }
        return "<QueryDict: {\(lists.joined(separator: ", "))}>"
    }

    /// Empty query strings are false.
    public var isTruthy: Bool { !items.isEmpty }

    /// The keys.
    public var elements: [TemplateValue]? { keys.map { .string($0) } }
}

/// Django 5.1's `{% querystring %}`: the current query (or a given one) with parameters
/// added, replaced (`page=2`), set to several values (a list) or removed (`None`), as
/// `?a=1&amp;b=2`.
enum QuerystringTag {
    static let all: [String: TagParser] = ["querystring": parse]

    static func parse(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        let target = Parser.takeTarget(&words)
        let arguments = try parser.arguments(words, at: token)
        guard arguments.positional.count <= 1 else {
            throw TemplateSyntaxError("'querystring' takes at most one positional argument (a QueryDict).", at: token)
        }
        return SimpleTagNode(
            function: { arguments, _ in query(arguments) }, arguments: arguments, target: target, body: nil)
    }

    static func query(_ arguments: TagArguments) -> TemplateValue {
        let base = arguments.first ?? arguments.variable("request").flatMap { $0.lookup("GET") }
        let original = base.map(items) ?? []
        var params = original
        for (key, value) in arguments.keywords {
            switch value {
            case .null: params.removeAll { $0.key == key }
            case .array(let values): set(&params, key, values.map(\.text))
            default: set(&params, key, [value.text])
            }
        }
        if params.isEmpty && original.isEmpty { return .string("") }
        return .string(
            "?"
                + params.map { BuiltinFilters.quotePlus($0.key) + "=" + BuiltinFilters.quotePlus($0.value) }.joined(
                    separator: "&"))
    }

    /// `QueryDict.setlist`: the key keeps its place; its values become `values`.
    private static func set(_ params: inout [(key: String, value: String)], _ key: String, _ values: [String]) {
        guard let first = params.firstIndex(where: { $0.key == key }) else {
            params += values.map { (key, $0) }
            return
        }
        params.removeAll { $0.key == key }
        params.insert(contentsOf: values.map { (key, $0) }, at: min(first, params.count))
    }

    private static func items(_ value: TemplateValue) -> [(key: String, value: String)] {
        switch value {
        case .object(let object as TemplateQueryDict): object.items
        case .dictionary(let dictionary):
            dictionary.entries.flatMap { entry in
                (entry.value.iterationElements.flatMap { entry.value.isText ? nil : $0 } ?? [entry.value]).map {
                    (entry.key, $0.text)
                }
            }
        default: []
        }
    }
}
