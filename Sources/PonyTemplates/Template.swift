/// A parsed template, ready to render any number of times.
///
/// ```swift
/// let template = try Template("<h1>{{ title|upper }}</h1>{% for task in tasks %}<p>{{ task }}</p>{% endfor %}")
/// let html = try template.render(["title": "Tasks", "tasks": ["a < b", "c"]])
/// // <h1>TASKS</h1><p>a &lt; b</p><p>c</p>
/// ```
public struct Template: Sendable {
    /// The template's name, for error messages.
    public let name: String
    let nodes: [any Node]
    let library: TemplateLibrary
    let engine: TemplateEngine?

    /// Parses `source`; throws ``TemplateSyntaxError`` naming the line and column.
    public init(_ source: String, name: String = "<template>", library: TemplateLibrary = .builtins)
        throws(TemplateSyntaxError)
    {
        try self.init(source, name: name, library: library, engine: nil)
    }

    init(_ source: String, name: String, library: TemplateLibrary, engine: TemplateEngine?) throws(TemplateSyntaxError)
    {
        self.name = name
        self.library = library
        self.engine = engine
        var parser = Parser(tokens: Lexer.tokenize(source), library: library)
        do {
            nodes = try parser.parse()
        } catch {
            throw error.located(in: name, source: source)
        }
    }

    /// Renders with a context; autoescaping is on unless `autoescape` is false.
    public func render(_ context: TemplateContext = [:], autoescape: Bool = true) throws -> String {
        let renderContext = RenderContext(context.values, autoescape: autoescape, library: library, engine: engine)
        return try nodes.render(renderContext)
    }
}

/// The variables a template renders with.
///
/// Write it as a dictionary literal of Swift values: strings, numbers, booleans, dates,
/// optionals, arrays and dictionaries of them, ``TemplateRepresentable`` types, and any
/// `Encodable` value (encoded without reflection).
public struct TemplateContext: Sendable, ExpressibleByDictionaryLiteral {
    /// The variables, converted.
    public var values: [String: TemplateValue]

    /// Creates a context from converted values.
    public init(_ values: [String: TemplateValue] = [:]) { self.values = values }

    /// Creates a context from Swift values.
    public init(dictionaryLiteral elements: (String, any Sendable)...) {
        values = [:]
        for (key, value) in elements { values[key] = TemplateValue(any: value) }
    }

    /// Sets a variable from any Swift value.
    public subscript(key: String) -> (any Sendable)? {
        get { values[key] }
        set { values[key] = newValue.map { TemplateValue(any: $0) } }
    }
}
