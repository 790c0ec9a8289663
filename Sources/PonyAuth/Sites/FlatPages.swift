public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// A flat page (Django's `flatpages.FlatPage`): HTML kept in the database and served at
/// ``url`` on its sites, through the template `flatpages/default.html` (or
/// ``templateName``).
@Model(table: "django_flatpage", appLabel: "flatpages", ordering: ["url"], verboseName: "flat page")
public struct FlatPage {
    /// The 32-bit key Django's `flatpages` app uses.
    public var id: Int32?
    /// Where it is served, with leading and trailing slashes (`/about/contact/`).
    @Field(maxLength: 100, dbIndex: true, verboseName: "URL") public var url: String
    /// The title, shown unescaped (it is HTML).
    @Field(maxLength: 200) public var title: String
    /// The body, shown unescaped (it is HTML).
    @Field(blank: true) public var content: String = ""
    /// Whether comments are on (for templates; Pony does not use it).
    public var enableComments: Bool = false
    /// The template to render it with, if not `flatpages/default.html`.
    @Field(
        maxLength: 70, blank: true,
        helpText:
            "Example: “flatpages/contact_page.html”. If this isn’t provided, the system will use “flatpages/default.html”."
    )
    public var templateName: String = ""
    /// Whether only logged-in users may see it (others are sent to the login page).
    @Field(helpText: "If this is checked, only logged-in users will be able to view the page.")
    public var registrationRequired: Bool = false
    /// The sites it is on.
    public var sites = ManyToMany<Sites.Site>()

    /// How it prints: `/about/ -- About us` (Django's `__str__`).
    public var text: String { "\(url) -- \(title)" }
}

extension AppConfig {
    /// Django's `django.contrib.flatpages`: `django_flatpage` and `django_flatpage_sites`,
    /// with Django's migration.
    public static let flatPages = AppConfig(
        label: "flatpages", models: [FlatPage.self],
        migrations: BuiltInMigrations.decode([
            "0001_initial": #"""
            {"initial": true, "dependencies": ["sites.0001_initial"], "operations": [
              {"type": "CreateModel", "name": "FlatPage", "table": "django_flatpage", "fields": [
                {"name": "id", "type": "AutoField", "primary_key": true},
                {"name": "url", "type": "CharField", "max_length": 100, "db_index": true},
                {"name": "title", "type": "CharField", "max_length": 200},
                {"name": "content", "type": "TextField"},
                {"name": "enableComments", "type": "BooleanField"},
                {"name": "templateName", "type": "CharField", "max_length": 70},
                {"name": "registrationRequired", "type": "BooleanField"},
                {"name": "sites", "type": "ManyToManyField", "to": "sites.site"}]}]}
            """#
        ]),
        requires: ["sites"])
}

extension App {
    /// Django's `django.contrib.flatpages`: the `django_flatpage` tables, and the pages served
    /// where the site would answer 404 (Django's `FlatpageFallbackMiddleware`), or with
    /// `path`, under that prefix only (Django's `path("pages/", include("django.contrib.flatpages.urls"))`:
    /// the page `/about/` is then at `/pages/about/`). Needs `sites` installed before it.
    ///
    /// ```swift
    /// app.install(.sites(), .flatPages())
    /// ```
    ///
    /// Pages render with `flatpages/default.html` unless they name another template. Django
    /// ships none; Pony ships a plain one, which a `templates/flatpages/default.html` of the
    /// app's replaces. A page whose registration is required sends anonymous visitors to the
    /// auth app's login URL.
    public static func flatPages(path: String? = nil) -> App {
        let patterns: [URLPattern] =
            path.map { prefix in
                [
                    .path(prefix + "<path:url>", methods: [.get, .head, .post], name: FlatPages.viewName) { request in
                        let appendSlash = request.settings?.appendSlash ?? true
                        return try await FlatPages.view(
                            request, url: try request.parameter("url", as: String.self), appendSlash: appendSlash)
                    }
                ]
            } ?? []
        var app = App(config: .flatPages, urlpatterns: patterns, templates: FlatPages.templates) { settings in
            path == nil ? [FlatpageFallbackMiddleware(appendSlash: settings.appendSlash, debug: settings.debug)] : []
        }
        app.templateTags = [FlatPages.getFlatPages]
        return app
    }
}

/// Django's `django.contrib.flatpages.views`.
public enum FlatPages {
    /// Django's URL name of the view.
    public static let viewName = "django.contrib.flatpages.views.flatpage"
    /// The template a page without its own is rendered with.
    public static let defaultTemplate = "flatpages/default.html"

    /// The default template, which the app's own `flatpages/default.html` replaces.
    static let templates = [
        defaultTemplate: """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{{ flatpage.title }}</title><link rel="icon" href="data:,"></head>
        <body>
        {{ flatpage.content }}
        </body>
        </html>

        """
    ]

    /// Django's `flatpage(request, url)`: the page at `url` (a leading slash added) on the
    /// current site; when there is none and `appendSlash`, a `301` to the path with a slash
    /// if the page exists there; else a 404.
    public static func view(_ request: Request, url: String, appendSlash: Bool = true) async throws -> Response {
        let url = url.hasPrefix("/") ? url : "/" + url
        let site = try await Sites.current(request)
        if let page = try await page(at: url, site: site) { return try await render(request, page) }
        if appendSlash, !url.hasSuffix("/"), try await page(at: url + "/", site: site) != nil {
            return Response.redirect(to: request.path + "/", status: .movedPermanently)
        }
        throw HTTPError.notFound("No FlatPage matches the given query.")
    }

    /// The page at `url` on `site`.
    static func page(at url: String, site: Sites.Site) async throws -> FlatPage? {
        try await FlatPage.objects.filter("url", url).filter("sites", site.id).first()
    }

    /// Django's `render_flatpage`, with its `csrf_protect`: a POST must pass the CSRF checks
    /// (403); anonymous visitors to a page whose registration is required go to the login
    /// page; the page renders with its template (the default one
    /// when that does not exist), its title and content unescaped.
    static func render(_ request: Request, _ page: FlatPage) async throws -> Response {
        try request.checkCSRF()
        if page.registrationRequired, !request.user.isAuthenticated {
            let settings = request.storage[AuthStateKey.self]?.settings ?? AuthSettings()
            return AuthChecks.redirectToLogin(next: request.path, settings)
        }
        var template = defaultTemplate
        if !page.templateName.isEmpty, let engine = request.site?.templates {
            do {
                _ = try engine.template(named: page.templateName)
                template = page.templateName
            } catch is TemplateDoesNotExist {}
        }
        let value = FlatPageValue(page: page, absoluteURL: page.absoluteURL(request), marksSafe: true)
        return try PonyWeb.render(request, template, TemplateContext(["flatpage": .object(value)]))
    }
}

extension FlatPages {
    /// Django's `{% get_flatpages ['url_starts_with'] [for user] as context_name %}`: the
    /// current site's pages, by URL, those whose URL starts with the prefix (a string or a
    /// variable), and those whose registration is required only when the `for` user is logged
    /// in. `{% get_flatpages '/about/' as about_pages %}`.
    ///
    /// The pages are read once per page and prefix, in `render(request, …)`'s second pass,
    /// as relations are: `renderToString` and templates rendered without a request see none.
    static let getFlatPages = SimpleTag(
        "get_flatpages",
        check: { words, target in
            let fits = target != nil && words.count <= 3 && (words.count < 2 || words[words.count - 2] == "for")
            return fits
                ? nil : "get_flatpages expects a syntax of get_flatpages ['url_starts_with'] [for user] as context_name"
        }
    ) { arguments in
        let prefix = arguments.words.count % 2 == 1 ? arguments[0]?.text : nil
        let forUser = arguments.words.count >= 2 ? arguments.positional.last : nil
        let onlyPublic = !(forUser?.lookup("is_authenticated")?.isTruthy ?? false)
        guard case .object(let value)? = arguments.variable("request"),
            let request = (value as? RequestTemplateValue)?.request
        else { return .array([]) }
        let key = [request.host ?? "", prefix ?? "", onlyPublic ? "public" : "all"].joined(separator: "\u{0}")
        let pages = ORM.templateValue(group: "flatpages.get_flatpages", key: key) {
            let site = try await Sites.current(request)
            var pages = FlatPage.objects.filter("sites", site.id)
            if let prefix { pages = pages.filter("url__startswith", prefix) }
            if onlyPublic { pages = pages.filter("registrationRequired", false) }
            return .array(
                try await pages.fetch().map {
                    .object(FlatPageValue(page: $0, absoluteURL: $0.absoluteURL(request), marksSafe: false))
                })
        }
        return pages ?? .array([])
    }
}

extension FlatPage {
    /// Django's `get_absolute_url`: where the page is served, under the prefix of
    /// `.flatPages(path:)` (`/pages/about/`), else at its ``url``.
    public func absoluteURL(_ request: Request) -> String {
        for candidate in [String(url.drop { $0 == "/" }), url] {
            if let path = try? request.reverse(FlatPages.viewName, ["url": candidate]) { return path }
        }
        return PercentEncoding.iriToURI(url)
    }
}

/// A page as its template sees it: `get_absolute_url`, and when it is the page being shown,
/// Django's `mark_safe` on the title and content.
struct FlatPageValue: TemplateObject {
    let page: FlatPage
    let absoluteURL: String
    let marksSafe: Bool

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "title" where marksSafe: .safe(page.title)
        case "content" where marksSafe: .safe(page.content)
        case "get_absolute_url": .string(absoluteURL)
        default: page.lookup(key)
        }
    }

    var text: String { page.text }
}

/// Django's `FlatpageFallbackMiddleware`: a 404 answered by the flat page at the request's
/// path, if there is one. Any error in finding or rendering the page keeps the 404 (with
/// DEBUG on, the error shows instead), but a POST that fails the CSRF checks gets their 403,
/// as Django's `csrf_protect` on the view gives. Like every ``PonyWeb/NotFoundFallback``, it
/// runs innermost, before the `APPEND_SLASH` redirect.
public struct FlatpageFallbackMiddleware: NotFoundFallback {
    let appendSlash: Bool
    let debug: Bool

    /// The middleware; `appendSlash` redirects `/about` to a page at `/about/`.
    public init(appendSlash: Bool = true, debug: Bool = false) {
        self.appendSlash = appendSlash
        self.debug = debug
    }

    /// The flat page at the path, if any.
    public func fallback(for request: Request) async throws -> Response? {
        do {
            return try await FlatPages.view(request, url: request.path, appendSlash: appendSlash)
        } catch let error as HTTPError where error.status == .notFound {
            return nil
        } catch let error as HTTPError where error.status == .forbidden {
            throw error  // the CSRF checks' (render's only 403)
        } catch {
            if debug { throw error }
            return nil
        }
    }
}
