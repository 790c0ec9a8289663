internal import PonySupport

/// Where Django's `{% cache %}` tag keeps rendered fragments; PonyCache's in-memory caches
/// are such stores (rendering is synchronous, so a database cache is not).
public protocol TemplateFragmentCache: Sendable {
    /// The fragment kept for `name` and the values it varies on, if any.
    func fragment(named name: String, varyingOn values: [String]) throws -> String?
    /// Keeps `fragment` for `timeout` seconds (`nil`: until it is culled or deleted).
    func keep(_ fragment: String, named name: String, varyingOn values: [String], timeout: Int?) throws
}

extension TemplateLibrary {
    /// Adds Django's `{% cache timeout name [vary_on …] [using="cache"] %}…{% endcache %}`,
    /// whose fragments go to the store `caches` finds by name (`nil` when the tag names none).
    public mutating func registerCacheTag(
        _ caches: @escaping @Sendable (_ name: String?) -> (any TemplateFragmentCache)?
    ) {
        tags["cache"] = CacheTag(caches: caches).parser
    }
}

/// The `cache` tag's parser, with the caches it finds by name.
struct CacheTag: Sendable {
    let caches: @Sendable (String?) -> (any TemplateFragmentCache)?

    var parser: TagParser {
        { [caches] (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            try CacheNode.parse(&parser, token, caches: caches)
        }
    }
}

/// Django's `CacheNode`: the body, rendered once per timeout and vary-on values.
struct CacheNode: ContainerNode {
    let token: Token
    let timeout: FilterExpression
    let name: String
    let varyOn: [FilterExpression]
    let cacheName: FilterExpression?
    let caches: @Sendable (String?) -> (any TemplateFragmentCache)?
    let children: [any Node]

    /// Django's `do_cache`: the timeout, the fragment's name, the vary-on values and `using=`.
    static func parse(
        _ parser: inout Parser, _ token: Token, caches: @escaping @Sendable (String?) -> (any TemplateFragmentCache)?
    ) throws(TemplateSyntaxError) -> CacheNode {
        var words = Array(token.words.dropFirst())
        var cacheName: FilterExpression?
        if let last = words.last, last.hasPrefix("using=") {
            cacheName = try parser.expression(String(last.dropFirst(6)), at: token)
            words.removeLast()
        }
        guard words.count >= 2 else {
            throw TemplateSyntaxError("''cache'' tag requires at least 2 arguments.", at: token)
        }
        let timeout = try parser.expression(words[0], at: token)
        var varyOn: [FilterExpression] = []
        for word in words.dropFirst(2) { varyOn.append(try parser.expression(word, at: token)) }
        let children = try parser.parse(until: ["endcache"], openedBy: token)
        _ = parser.nextToken()
        return CacheNode(
            token: token, timeout: timeout, name: words[1], varyOn: varyOn, cacheName: cacheName, caches: caches,
            children: children)
    }

    func render(_ context: RenderContext, into output: inout String) throws {
        guard let expiry = try timeout.resolve(context) else {
            throw TemplateSyntaxError("\"cache\" tag got an unknown variable: '\(token.words[1])'", at: token)
        }
        // Django's `int(expire_time)`, `None` keeping the fragment until it is culled.
        let seconds: Int?
        switch expiry {
        case .null: seconds = nil
        case .int(let value): seconds = value
        case .bool(let value): seconds = value ? 1 : 0
        case .double(let value) where value.isFinite:
            // NB: Python's int() takes any finite float; Int(_:) would trap past Int's range.
            seconds = value >= 9.2e18 ? Int.max : value <= -9.2e18 ? Int.min : Int(value)
        case .decimal(let value, _) where PythonDecimal.saturatedInteger(value) != nil:
            seconds = PythonDecimal.saturatedInteger(value)
        case .string(let text) where Int(pythonStripped(text[...])) != nil,
            .safe(let text) where Int(pythonStripped(text[...])) != nil:
            seconds = Int(pythonStripped(text[...]))
        default:
            throw TemplateSyntaxError(
                "\"cache\" tag got a non-integer timeout value: \(PythonFormat.repr(expiry))", at: token)
        }
        var store: (any TemplateFragmentCache)?
        if let cacheName {
            guard let name = try cacheName.resolve(context) else {
                let text = token.words.last.map { String($0.dropFirst(6)) } ?? ""
                throw TemplateSyntaxError("\"cache\" tag got an unknown variable: '\(text)'", at: token)
            }
            store = caches(name.text)
            if store == nil {
                throw TemplateSyntaxError(
                    "Invalid cache name specified for cache tag: \(PythonFormat.repr(name))", at: token)
            }
        } else {
            store = caches(nil)
        }
        let values = try varyOn.map { try ($0.resolve(context) ?? .string("")).text }
        if let store, let kept = try store.fragment(named: name, varyingOn: values) {
            output += kept
            return
        }
        var rendered = ""
        try children.render(context, into: &rendered)
        try store?.keep(rendered, named: name, varyingOn: values, timeout: seconds)
        output += rendered
    }
}
