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
    /// What to reserve for the output: loops usually make it larger than the source.
    let capacityHint: Int
    /// Its `{% partialdef %}`s, by name.
    let partials: PartialDefinitions

    /// Parses `source`; throws ``TemplateSyntaxError`` naming the line and column.
    public init(_ source: String, name: String = "<template>", library: TemplateLibrary = .builtins)
        throws(TemplateSyntaxError)
    {
        self.name = name
        self.library = library
        capacityHint = max(256, source.utf8.count * 2)
        var parser = Parser(tokens: Lexer.tokenize(source), library: library)
        partials = parser.partials
        parser.templateName = name
        do {
            nodes = try parser.parse()
        } catch {
            throw error.located(in: name, source: source)
        }
    }

    /// The partial `partial` of `template` as a template of its own (`page.html#row`).
    private init(partial nodes: [any Node], of template: Template, named name: String) {
        self.name = name
        self.nodes = nodes
        library = template.library
        partials = template.partials
        capacityHint = 256
    }

    /// The `{% partialdef name %}` of this template as a template of its own (what the name
    /// `page.html#name` loads), or `nil` when it defines none of that name.
    public func partial(_ name: String) -> Template? {
        partials.nodes[name].map { Template(partial: $0, of: self, named: "\(self.name)#\(name)") }
    }

    /// Renders with a context; autoescaping is on unless `autoescape` is false.
    public func render(_ context: TemplateContext = [:], autoescape: Bool = true) throws -> String {
        try render(context, autoescape: autoescape, engine: nil)
    }

    /// Renders for an engine, which `extends`, `include` and `url` use.
    ///
    /// NB: the engine is passed in rather than stored: the engine's cache holds its templates,
    /// and a template holding its engine would keep both alive forever (found by fuzzing).
    func render(_ context: TemplateContext, autoescape: Bool, engine: TemplateEngine?) throws -> String {
        let renderContext = RenderContext(context.values, autoescape: autoescape, library: library, engine: engine)
        if let engine, engine.logsRenders { TemplateRenderLog.current?.record(name, renderContext) }
        // NB: filters read the setting from the task-local, set only for an engine that groups.
        // A template of an engine that does not (a form's widgets), or of none, prints its own
        // values ungrouped and leaves the page's setting to its filters, as it keeps UTC for
        // dates: reading the task-local here would cost every render.
        renderContext.grouping = engine?.useThousandSeparator ?? false
        return try DateFormat.$timeZone.withValue(engine?.timeZone ?? DateFormat.utc) {
            var output = ""
            output.reserveCapacity(capacityHint)
            if engine?.useThousandSeparator == true {
                try NumberFormat.$useThousandSeparator.withValue(true) {
                    try nodes.render(renderContext, into: &output)
                }
            } else {
                try nodes.render(renderContext, into: &output)
            }
            return output
        }
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

    /// Creates a context from Swift values (converted at once, so a value need not be
    /// `Sendable`: a form is read here, on the view's task).
    public init(dictionaryLiteral elements: (String, Any)...) {
        values = [:]
        for (key, value) in elements { values[key] = TemplateValue(any: value) }
    }

    /// Sets a variable from any Swift value.
    public subscript(key: String) -> (any Sendable)? {
        get { values[key] }
        set { values[key] = newValue.map { TemplateValue(any: $0) } }
    }
}
