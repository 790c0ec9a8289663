public import PonyORM
public import PonyWeb

/// A redirect (Django's `redirects.Redirect`): on its site, a path that would be a 404 answers
/// `301 Moved Permanently` to ``newPath``, or `410 Gone` when that is empty.
@Model(table: "django_redirect", appLabel: "redirects", ordering: ["oldPath"], verboseName: "redirect")
public struct Redirect {
    /// The 32-bit key Django's `redirects` app uses.
    public var id: Int32?
    /// The site it applies on.
    @Field(verboseName: "site", onDelete: .cascade) public var site: ForeignKey<Sites.Site>
    /// The path it answers for, with its query string (`/events/search/`).
    @Field(
        maxLength: 200, dbIndex: true, verboseName: "redirect from",
        helpText: "This should be an absolute path, excluding the domain name. Example: “/events/search/”.")
    public var oldPath: String
    /// Where it sends the visitor: a path or a full URL; empty for `410 Gone`.
    @Field(
        maxLength: 200, blank: true, verboseName: "redirect to",
        helpText:
            "This can be either an absolute path (as above) or a full URL starting with a scheme such as “https://”.")
    public var newPath: String = ""

    /// How it prints: `/old/ ---> /new/` (Django's `__str__`).
    public var text: String { "\(oldPath) ---> \(newPath)" }
}

extension AppConfig {
    /// Django's `django.contrib.redirects`: `django_redirect`, with Django's two migrations.
    public static let redirects = AppConfig(
        label: "redirects", models: [Redirect.self],
        migrations: BuiltInMigrations.decode([
            "0001_initial": #"""
            {"initial": true, "dependencies": ["sites.0001_initial"], "operations": [
              {"type": "CreateModel", "name": "Redirect", "table": "django_redirect", "fields": [
                {"name": "id", "type": "AutoField", "primary_key": true},
                {"name": "site", "type": "ForeignKey", "to": "sites.site", "on_delete": "CASCADE", "db_index": true},
                {"name": "oldPath", "type": "CharField", "max_length": 200, "db_index": true},
                {"name": "newPath", "type": "CharField", "max_length": 200}],
               "unique_together": [["site", "oldPath"]]}]}
            """#,
            // NB: a new help text only, which changes no table.
            "0002_alter_redirect_new_path_help_text": #"""
            {"dependencies": ["0001_initial"], "operations": [{"type": "RunSQL", "sql": [], "reverse_sql": []}]}
            """#,
        ]),
        requires: ["sites"])
}

extension App {
    /// Django's `django.contrib.redirects`: the `django_redirect` table and
    /// ``RedirectFallbackMiddleware``. Needs `sites` installed before it.
    ///
    /// ```swift
    /// app.install(.sites(), .redirects())
    /// ```
    public static func redirects() -> App {
        App(config: .redirects) { settings in [RedirectFallbackMiddleware(appendSlash: settings.appendSlash)] }
    }
}

/// Django's `RedirectFallbackMiddleware`: a 404 whose full path (or, with
/// ``PonyWeb/Settings/appendSlash``, the path with a slash added) is a ``Redirect``'s
/// `oldPath` on the current site becomes a `301` to its `newPath`, or `410 Gone` when that is
/// empty. Other answers pass untouched, without a query. Like every ``PonyWeb/NotFoundFallback``,
/// it runs innermost, before the `APPEND_SLASH` redirect.
public struct RedirectFallbackMiddleware: NotFoundFallback {
    let appendSlash: Bool

    /// The middleware; `appendSlash` also tries the path with a slash added.
    public init(appendSlash: Bool = true) { self.appendSlash = appendSlash }

    /// The redirect stored for the path, if any.
    public func fallback(for request: Request) async throws -> Response? {
        let site = try await Sites.current(request)
        let paths = [request.fullPath] + (appendSlash && !request.path.hasSuffix("/") ? [Self.slashed(request)] : [])
        for path in paths {
            guard let redirect = try await Redirect.objects.filter("site", site.id).filter("oldPath", path).first()
            else { continue }
            return redirect.newPath.isEmpty
                ? Response(status: .gone) : Response.redirect(to: redirect.newPath, status: .movedPermanently)
        }
        return nil
    }

    /// Django's `get_full_path(force_append_slash=True)`: the path with a slash added before
    /// the query string.
    static func slashed(_ request: Request) -> String {
        let full = request.fullPath
        guard let question = full.firstIndex(of: "?") else { return full + "/" }
        return full[..<question] + "/" + full[question...]
    }
}
