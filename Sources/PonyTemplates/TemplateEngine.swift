public import Foundation
public import PonySupport
internal import Synchronization

/// Where templates come from.
public protocol TemplateLoader: Sendable {
    /// The source of the template `name`, or `nil` when this loader does not have it.
    func source(named name: String) throws -> String?
}

/// Templates held in memory: `app.templates["base.html"] = "…"`.
public struct DictionaryLoader: TemplateLoader {
    /// The templates by name.
    public var templates: [String: String]

    /// Creates a loader.
    public init(_ templates: [String: String] = [:]) { self.templates = templates }

    /// The template's source, if present.
    public func source(named name: String) -> String? { templates[name] }
}

/// Templates in a folder (`templates/` beside a single-file app).
///
/// Names are relative paths; a name that would leave the folder (`../x`, an absolute path)
/// is never read.
public struct FileSystemLoader: TemplateLoader {
    /// The folder.
    public let directory: String

    /// Creates a loader for a folder.
    public init(directory: String) { self.directory = directory }

    /// The file's contents, or `nil` when there is no such file inside the folder.
    public func source(named name: String) throws -> String? {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let path = URL(fileURLWithPath: root).appendingPathComponent(name).standardizedFileURL.path
        guard path.hasPrefix(root + "/"), !name.contains("\0") else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// Loads, parses (once) and renders templates by name, like Django's template engine.
///
/// ```swift
/// let engine = TemplateEngine(loaders: [DictionaryLoader(["base.html": "<h1>{% block title %}{% endblock %}</h1>"]),
///                                       FileSystemLoader(directory: "templates")])
/// let html = try engine.render("page.html", ["user": "Ann"])
/// ```
public final class TemplateEngine: Sendable {
    /// The loaders, searched in order.
    public let loaders: [any TemplateLoader]
    /// The filters and tags templates can use.
    public let library: TemplateLibrary
    /// Whether output is escaped by default.
    public let autoescape: Bool
    /// Resolves `{% url %}`; the web layer sets it to the site's URL resolver.
    public let urlReverser: (any URLReversing)?
    /// What `{% static "path" %}` prefixes (Django's `STATIC_URL`).
    public let staticURL: String
    /// What `{% get_media_prefix %}` writes (Django's `MEDIA_URL`).
    public let mediaURL: String
    /// Static file names and their content-hashed names, when static files are served with
    /// hashed names (production); `{% static %}` emits the hashed name and fails for a file
    /// that does not exist, as Django's `ManifestStaticFilesStorage` does.
    public let staticNames: [String: String]?
    /// The time zone dates are shown in (Django's `TIME_ZONE`): `date`, `time`, `now` and
    /// printed dates use it; `json_script` keeps UTC.
    public let timeZone: TimeZone
    /// The languages offered and their catalogs, for `{% language %}` and
    /// `{% get_available_languages %}` (the current language is ``Translation/current``).
    public let languages: Languages
    /// Whether printed numbers get the language's thousand separator (Django's
    /// `USE_THOUSAND_SEPARATOR`): `{{ 1234567 }}` is `1,234,567` in English and `1.234.567`
    /// in German, and `floatformat` and `localize` group too; `{% localize off %}` and
    /// `unlocalize` do not. Off by default, as in Django.
    public let useThousandSeparator: Bool
    /// Whether its templates record their renders in the task's ``TemplateRenderLog``: on for
    /// the site of a test client, so that other sites pay one flag check per render, not a
    /// task-local lookup.
    package var logsRenders: Bool { renderLogging.load(ordering: .relaxed) }
    private let renderLogging = Atomic<Bool>(false)

    /// Turns ``logsRenders`` on (the test client, for its site).
    package func startLoggingRenders() { renderLogging.store(true, ordering: .relaxed) }
    private let cache = Mutex<[String: Template]>([:])
    private let caches: Bool

    /// Creates an engine. With `cachesTemplates` off (development), every render rereads the
    /// source so edits show up at once.
    public init(
        loaders: [any TemplateLoader], library: TemplateLibrary = .builtins, autoescape: Bool = true,
        cachesTemplates: Bool = true, urlReverser: (any URLReversing)? = nil, staticURL: String = "/static/",
        mediaURL: String = "/media/", staticNames: [String: String]? = nil,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!, languages: Languages = Languages(),
        useThousandSeparator: Bool = false
    ) {
        self.useThousandSeparator = useThousandSeparator
        self.languages = languages
        self.staticURL = staticURL
        self.mediaURL = mediaURL
        self.staticNames = staticNames
        self.timeZone = timeZone
        self.loaders = loaders
        self.urlReverser = urlReverser
        self.library = library
        self.autoescape = autoescape
        caches = cachesTemplates
    }

    /// The parsed template `name`; throws ``TemplateDoesNotExist`` or ``TemplateSyntaxError``.
    /// `page.html#row` is the `{% partialdef row %}` of `page.html` alone.
    public func template(named name: String) throws -> Template {
        if let hash = name.firstIndex(of: "#") {
            // NB: as Django's, an empty partial name is the whole template.
            let whole = try template(named: String(name[..<hash]))
            let partialName = String(name[name.index(after: hash)...])
            if partialName.isEmpty { return whole }
            guard let partial = whole.partial(partialName) else { throw TemplateDoesNotExist(name: name) }
            return partial
        }
        if caches, let cached = cache.withLock({ $0[name] }) { return cached }
        for loader in loaders {
            if let source = try loader.source(named: name) {
                let template = try Template(source, name: name, library: library)
                if caches { cache.withLock { $0[name] = template } }
                return template
            }
        }
        throw TemplateDoesNotExist(name: name)
    }

    /// Renders the template `name` with a context.
    public func render(_ name: String, _ context: TemplateContext = [:]) throws -> String {
        try template(named: name).render(context, autoescape: autoescape, engine: self)
    }
}

/// No loader has a template by that name.
public struct TemplateDoesNotExist: Error, CustomStringConvertible, Sendable {
    /// The name asked for.
    public let name: String
    /// Django's message.
    public var description: String { "TemplateDoesNotExist: \(name)" }
}
