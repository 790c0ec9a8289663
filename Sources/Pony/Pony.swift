internal import Foundation
internal import PonyAPI
internal import PonyAdmin
public import PonyAuth
internal import PonyCache
internal import PonyMail
internal import PonyORM
public import PonyTemplates
public import PonyWeb
internal import Synchronization

/// A Pony web application, declared in one file.
///
/// ```swift
/// import Pony
///
/// let app = Pony()
///
/// app.route("/") { request in "<p>Hello, world</p>" }
/// app.get("/hello/<str:name>/", name: "hello") { request in
///     "<p>Hello, \(try request.parameter("name", as: String.self))</p>"
/// }
///
/// app.run()
/// ```
///
/// `pony run app.swift` compiles and serves it for development; `app.run()` also makes the
/// compiled program its own command line (`./app run`, `./app serve 0.0.0.0:8000`).
///
/// A structured project uses the same pieces directly: a `[URLPattern]` list, ``Settings``
/// and a ``Site``; every facade call is one entry there (see ``RouteBuilder``).
public final class Pony: RouteBuilder, Sendable {
    struct State {
        var urlpatterns: [URLPattern] = []
        var converters: [PathConverter] = []
        var middleware: [any Middleware] = []
        var templates: [String: String] = [:]
        var templateLibrary = TemplateLibrary.builtins
        var settings: Settings
        var site: Site?
        var models: [any Model.Type] = []
        var installed: [App] = []
        var commands: [Command] = []
        var csrf: CSRFSettings? = CSRFSettings()
        var signals = Signals()
        var adminSite: AdminSite?
        var api: API?
        /// Labels of default apps the app took out (``Pony/uninstall(_:)``).
        var uninstalled: Set<String> = []
        var startupHooks: [LifecycleHook] = []
        var shutdownHooks: [LifecycleHook] = []
        var backgroundTasks: [LifecycleHook] = []
        var mail: MailSettings?
        var caches: [String: Cache] = ["default": Cache()]
        /// ``Pony/cacheSite(_:cache:keyPrefix:)``'s settings.
        var siteCache: (seconds: Int, cache: String, keyPrefix: String)?

        /// The installed apps, with Django's default admin: installing `auth` serves the
        /// admin for users and groups at `/admin/` (installing `messages` too when missing), as
        /// a Django project does, unless `uninstall("admin")` took it out. The admin of
        /// ``adminSite`` also shows the installed sites, redirects and flat pages.
        var apps: [App] {
            let labels = Set(installed.map(\.label))
            var apps = installed
            if labels.contains("auth"), !labels.contains("admin"), !uninstalled.contains("admin") {
                apps += (labels.contains("messages") ? [] : [.messages()]) + [.admin(adminSite ?? AdminSite())]
            }
            // NB: an admin installed with a site of its own (`install(.admin(site))`) is left as it is.
            if !labels.isDisjoint(with: ["sites", "redirects", "flatpages"]),
                adminSite != nil || !labels.contains("admin"),
                let index = apps.firstIndex(where: { $0.label == "admin" })
            {
                apps[index] = .admin((adminSite ?? AdminSite()).registeringContribModels(installed: labels))
            }
            return apps
        }
    }

    let state: Mutex<State>
    /// The app's name: its file name without `.swift`, unless given (Django's app label for a
    /// single-file app).
    public let name: String
    /// The app's source file, for error pages.
    public let file: String

    /// Creates an app with nanodjango's default settings, changed by any argument given.
    ///
    /// Environment variables (`PONY_DEBUG`, `PONY_SECRET_KEY`, `PONY_ALLOWED_HOSTS`,
    /// `PONY_BASE_DIR`, `PONY_TIME_ZONE`, `DATABASE_URL`, `PONY_MIGRATIONS_DIR`) override these
    /// values at start-up; see ``Settings``. `database` is a URL (`sqlite:///db.sqlite3`,
    /// `sqlite://:memory:`, `postgres://…`; see ``Settings/database``).
    ///
    /// `name` defaults to the file's name, and `baseDirectory` (where `templates/`,
    /// `static/`, `migrations/` and `db.sqlite3` are) to the file's folder; a relative
    /// `baseDirectory` is taken from that folder. A project that `pony convert` wrote passes
    /// both: `Pony(name: "counter", baseDirectory: "../..")` in `Sources/counter/main.swift`.
    public init(
        debug: Bool? = nil,
        secretKey: String? = nil,
        allowedHosts: ListSetting<String> = .default,
        appendSlash: Bool = true,
        maxBodySize: Int = 10 * 1024 * 1024,
        timeZone: String = "UTC",
        database: String? = nil,
        migrationsDirectory: String = "migrations",
        name: String? = nil,
        baseDirectory: String? = nil,
        file: String = #filePath
    ) {
        self.file = file
        let url = URL(fileURLWithPath: file)
        self.name = name ?? url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent()
        let base = baseDirectory.map { URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL } ?? folder
        var settings = Settings(
            debug: debug, secretKey: secretKey, allowedHosts: allowedHosts,
            baseDirectory: Self.builtBinaryFolder ?? base.path, appendSlash: appendSlash,
            timeZone: timeZone,
            maxBodySize: maxBodySize
        )
        settings.database = database
        settings.migrationsDirectory = migrationsDirectory
        state = Mutex(State(settings: settings))
    }

    /// Creates an app from complete ``Settings`` (the structured-project form); `name`
    /// defaults to the file's name.
    public init(settings: Settings, name: String? = nil, file: String = #filePath) {
        self.file = file
        self.name = name ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        state = Mutex(State(settings: settings))
    }

    /// The settings as configured in code (before environment overrides).
    public var settings: Settings {
        get { state.withLock { $0.settings } }
        set { state.withLock { $0.settings = newValue } }
    }

    /// Templates defined in the app's file, by name; they are searched before `templates/`
    /// beside it, and can extend or include files there (and the other way round).
    ///
    /// ```swift
    /// app.templates["base.html"] = "<html><body>{% block content %}{% endblock %}</body></html>"
    /// ```
    public var templates: [String: String] {
        get { state.withLock { $0.templates } }
        set {
            state.withLock {
                $0.templates = newValue
                $0.site = nil
            }
        }
    }

    /// Registers a template filter, like Django's `@register.filter`:
    ///
    /// ```swift
    /// app.filter("shout") { value, _ in .string(value.text.uppercased() + "!") }   // {{ name|shout }}
    /// app.filter("times", argument: .required) { value, times in                  // {{ word|times:3 }}
    ///     .string(String(repeating: value.text, count: Int(times?.text ?? "") ?? 1))
    /// }
    /// ```
    /// Return `.safe(…)` for output that must not be escaped; with `isSafe`, safe input keeps
    /// text output safe (Django's `is_safe`).
    public func filter(
        _ name: String,
        isSafe: Bool = false,
        argument: TemplateFilter.Argument = .none,
        _ body: @escaping @Sendable (TemplateValue, TemplateValue?) throws -> TemplateValue
    ) {
        register {
            $0.register(
                TemplateFilter(name, isSafe: isSafe, argument: argument) { value, argument, _ in
                    try body(value, argument)
                })
        }
    }

    /// Registers a simple tag, like Django's `@register.simple_tag`: `{% name arg key=value %}`
    /// or `{% name arg … as variable %}`. The result is escaped unless it is `.safe`.
    ///
    /// ```swift
    /// app.simpleTag("greet") { arguments in .string("Hello, \(arguments.first?.text ?? "you")") }
    /// ```
    ///
    /// `check` sees the tag's words (without `as variable`) and the variable's name when a
    /// template is parsed; a message it returns is the template's syntax error.
    public func simpleTag(
        _ name: String, check: @escaping @Sendable (_ words: [String], _ target: String?) -> String? = { _, _ in nil },
        _ body: @escaping @Sendable (TagArguments) throws -> TemplateValue
    ) {
        register { $0.register(SimpleTag(name, check: check, body)) }
    }

    /// Registers a tag with a body, like Django's `@register.simple_block_tag`: the closure gets
    /// the rendered content between `{% name … %}` and `{% endname %}`.
    ///
    /// ```swift
    /// app.blockTag("card") { content, arguments in
    ///     .safe("<div class=\"card\"><h2>\(escapeHTML(arguments["title"]?.text ?? ""))</h2>\(content)</div>")
    /// }
    /// ```
    public func blockTag(
        _ name: String, endName: String? = nil,
        _ body: @escaping @Sendable (_ content: String, TagArguments) throws -> TemplateValue
    ) {
        register { $0.register(SimpleBlockTag(name, endName: endName, body)) }
    }

    /// Registers an inclusion tag, like Django's `@register.inclusion_tag`: `{% name args %}`
    /// renders `template` with the context the closure returns.
    ///
    /// ```swift
    /// app.inclusionTag("task_list", template: "task_list.html") { arguments in
    ///     ["tasks": tasks(for: arguments.first?.text ?? "")]
    /// }
    /// ```
    public func inclusionTag(
        _ name: String, template: String, _ body: @escaping @Sendable (TagArguments) throws -> TemplateContext
    ) {
        register { $0.register(InclusionTag(name, template: template, body)) }
    }

    private func register(_ change: (inout TemplateLibrary) -> Void) {
        state.withLock {
            change(&$0.templateLibrary)
            $0.site = nil
        }
    }

    /// The URL patterns declared so far, in order.
    public var urlpatterns: [URLPattern] { state.withLock { $0.urlpatterns } }

    /// Adds a URL pattern; see ``RouteBuilder`` for the convenient forms.
    public func add(_ pattern: URLPattern) {
        state.withLock {
            $0.urlpatterns.append(pattern)
            $0.site = nil
        }
    }

    /// Registers a custom path converter for `<name:parameter>` in patterns.
    public func converter(_ converter: PathConverter) {
        state.withLock {
            $0.converters.append(converter)
            $0.site = nil
        }
    }

    /// Adds a middleware; middleware added first runs outermost (first on the way in).
    public func middleware(_ middleware: any Middleware) {
        state.withLock {
            $0.middleware.append(middleware)
            $0.site = nil
        }
    }

    /// Adds a middleware written as a closure.
    ///
    /// ```swift
    /// app.middleware { request, next in
    ///     var response = try await next(request)
    ///     response.headers["X-Served-By"] = "Pony"
    ///     return response
    /// }
    /// ```
    public func middleware(_ body: @escaping @Sendable (Request, Next) async throws -> Response) {
        middleware(ClosureMiddleware(body))
    }

    /// Builds the site for a mode, applying environment overrides (the process environment when
    /// `environment` is `nil`) and checking the configuration.
    public func makeSite(
        mode: ServerMode,
        environment: [String: String]? = nil
    ) throws(ConfigurationError) -> Site {
        let (site, problems) = try checkedSite(mode: mode, environment: environment)
        if let problem = problems.first(where: { $0.level == .error }) { throw problem }
        return site
    }

    /// The site and what the system checks of its apps, routes and API say about it
    /// (`pony check`); throws for a mistake that stops the site being built at all.
    func checkedSite(
        mode: ServerMode, environment: [String: String]?
    ) throws(ConfigurationError) -> (site: Site, problems: [ConfigurationError]) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let snapshot = state.withLock { $0 }
        let apps = snapshot.apps
        let settings = try snapshot.settings.applyingEnvironment(environment).resolved(for: mode)
        try Pony.checkRequirements(apps)
        // NB: installed apps' middleware runs outside the app's own, as Django lists
        // SessionMiddleware before the project's middleware.
        let site = try Site(
            name: URL(fileURLWithPath: file).lastPathComponent,
            urlpatterns: snapshot.urlpatterns + (snapshot.api?.urlpatterns ?? []) + apps.flatMap(\.urlpatterns),
            converters: snapshot.converters,
            middleware: try Pony.siteCacheMiddleware(snapshot, settings) + apps.flatMap { $0.middleware(settings) }
                + (snapshot.csrf.map { [CSRFMiddleware(settings: $0)] } ?? []) + snapshot.middleware,
            templates: snapshot.templates,
            appTemplates: apps.reduce(into: [:]) { all, app in all.merge(app.templates) { old, _ in old }
            },
            templateLibrary: apps.flatMap(\.templateTags).reduce(into: snapshot.templateLibrary) { $0.register($1) }
                .withCacheTag(snapshot.caches),
            contextProcessors: (snapshot.csrf == nil ? [] : [CSRFMiddleware.contextProcessor])
                + apps.flatMap(\.contextProcessors), settings: settings
        )
        let problems =
            Pony.capabilityProblems(site, installed: apps, csrf: snapshot.csrf) + Pony.cacheProblems(snapshot.caches)
            + apps.flatMap { $0.checks() }
            + (apps.contains { $0.label == "auth" } ? Permission.problems(allModels) : [])
            + (snapshot.api?.problems(installedApps: Set(apps.map(\.label))) ?? [])
        return (site, problems)
    }

    /// CSRF protection (Django's `CsrfViewMiddleware`), on by default: every POST, PUT,
    /// PATCH and DELETE needs the token that `{% csrf_token %}` or `request.csrfToken` gives.
    /// Change its settings here (`app.csrf.trustedOrigins = ["https://example.com"]`), exempt
    /// routes with ``RouteBuilder/csrfExempt``, or set `nil` to turn it off.
    public var csrf: CSRFSettings? {
        get { state.withLock { $0.csrf } }
        set {
            state.withLock {
                $0.csrf = newValue
                $0.site = nil
            }
        }
    }

    /// Builds the path of a named route, like Django's `reverse()`:
    /// `try app.reverse("blog:post", ["slug": "hello"])` → `"/blog/hello/"`; with Django 5.2's
    /// `query` and `fragment`, `try app.reverse("search", query: ["q": "a b"], fragment: "top")`
    /// → `"/search/?q=a+b#top"`.
    public func reverse(
        _ name: String, _ arguments: [String: any Sendable] = [:], query: QueryDict? = nil, fragment: String? = nil
    ) throws -> String {
        let site = try state.withLock { state throws(ConfigurationError) -> Site in
            if let site = state.site { return site }
            let site = try Site(
                name: self.name,
                urlpatterns: state.urlpatterns + (state.api?.urlpatterns ?? []) + state.apps.flatMap(\.urlpatterns),
                converters: state.converters,
                settings: state.settings.resolved(for: .development))
            state.site = site
            return site
        }
        return try site.resolver.reverse(name, arguments, query: query, fragment: fragment)
    }
}

extension Pony {
    /// The executable's folder when `pony build` made it: it copies the app's `templates/`,
    /// `static/`, `public/` and `migrations/` there and marks the binary with a
    /// `pony_built_binary` symbol (see PonyCommands/Compiler).
    static var builtBinaryFolder: String? {
        guard let handle = dlopen(nil, RTLD_NOW), dlsym(handle, "pony_built_binary") != nil,
            let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        else { return nil }
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }
}
