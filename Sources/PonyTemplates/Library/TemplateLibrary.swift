/// A filter: transforms a value, optionally with one argument.
public struct TemplateFilter: Sendable {
    /// Whether the filter takes an argument.
    public enum Argument: Sendable {
        case none, optional, required
    }

    /// The name used in templates.
    public let name: String
    /// Django's `is_safe`: when the input was safe, text output stays safe.
    public let isSafe: Bool
    /// What the filter accepts after `:`.
    public let argument: Argument
    let body: @Sendable (TemplateValue, TemplateValue?, Bool) throws -> TemplateValue

    /// Creates a filter. `body` gets the value, the argument (if any) and whether autoescaping
    /// is on (Django's `needs_autoescape`); it returns `.safe` text to stop further escaping.
    public init(
        _ name: String,
        isSafe: Bool = false,
        argument: Argument = .none,
        _ body: @escaping @Sendable (TemplateValue, TemplateValue?, Bool) throws -> TemplateValue
    ) {
        self.name = name
        self.isSafe = isSafe
        self.argument = argument
        self.body = body
    }

    func apply(_ value: TemplateValue, _ argument: TemplateValue?, _ autoescape: Bool) throws -> TemplateValue {
        try body(value, argument, autoescape)
    }
}

/// The filters and tags templates can use: Django's built-ins plus any registered by the app.
public struct TemplateLibrary: Sendable {
    /// Filters by name.
    public internal(set) var filters: [String: TemplateFilter]
    /// Tag parsers by name.
    var tags: [String: TagParser]

    /// Django's built-in filters and tags.
    public static let builtins = TemplateLibrary(
        filters: BuiltinFilters.all,
        tags: BuiltinTags.all.merging(InheritanceTags.all) { $1 }.merging(ChangeTags.all) { $1 }
            .merging(URLTag.all) { $1 }.merging(WebFilters.tags) { $1 }.merging(LoremTag.all) { $1 }
            .merging(QuerystringTag.all) { $1 }.merging(I18nTags.all) { $1 }.merging(L10nTags.all) { $1 }
            .merging(LanguageInfoTags.all) { $1 }.merging(PartialTags.all) { $1 })

    init(filters: [String: TemplateFilter], tags: [String: TagParser]) {
        self.filters = filters
        self.tags = tags
    }

    /// Adds (or replaces) a filter.
    public mutating func register(_ filter: TemplateFilter) { filters[filter.name] = filter }
}

/// Parses a tag's token (and its body, through the parser) into a node.
typealias TagParser = @Sendable (inout Parser, Token) throws(TemplateSyntaxError) -> any Node
