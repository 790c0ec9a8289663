internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

/// The site's own pages: index, an app's index, login, logout, and the CSS and script.
/// As Django's, they are never cached (``PonyWeb/Response/neverCache()``), except the
/// password change pages and the CSS and script (kept a year under names that hold a hash).
enum AdminViews {
    static func urlpatterns(_ site: AdminSite) -> [URLPattern] {
        // NB: as Django's `admin_view`, every page but the password change ones is never cached.
        let pages: [URLPattern] = [
            .path("", methods: [.get], name: "index") { request in try await index(request, site, app: nil) },
            .path("login/", methods: [.get, .post], name: "login") { request in try await login(request, site) },
            .path("logout/", methods: [.post], name: "logout") { request in
                Auth.logout(request)
                var context: TemplateContext = [
                    "title": AdminText.text("Logged out"), "site_title": site.titles.title,
                    "site_header": site.titles.header,
                    "admin_root": site.root, "asset_css": site.root + AdminAssets.cssName,
                    "asset_js": site.root + AdminAssets.jsName,
                ]
                context.values["site_url"] = site.siteURL.map(TemplateValue.string) ?? .null
                return try render(request, "admin/logged_out.html", context)
            },
            .path("autocomplete/", methods: [.get], name: "autocomplete") { request in
                try await withAccess(request, site) { access in try await autocomplete(request, access) }
            },
        ]
        var patterns = pages.map { $0.neverCache() } + passwordChangePages(site)
        for registration in site.registry {
            let info = registration.info
            patterns.append(
                .include("\(info.appLabel)/\(info.name.lowercased())/", registration.urlpatterns(site)).neverCache())
        }
        for (label, _) in grouped(site.registry) {
            patterns.append(
                .path("\(label)/", methods: [.get], name: "app_list_\(label)") { request in
                    try await index(request, site, app: label)
                }.neverCache())
        }
        patterns += [
            .path(AdminAssets.cssName, methods: [.get]) { _ in AdminAssets.response(AdminAssets.css, type: "text/css")
            },
            .path(AdminAssets.jsName, methods: [.get]) { _ in
                AdminAssets.response(AdminAssets.javascript, type: "text/javascript")
            },
        ]
        // NB: the admin checks its own access (staff only), before any view runs.
        return patterns.map { $0.tagged(.loginNotRequired) }
    }

    /// The password change pages (which Django's admin lets browsers cache).
    private static func passwordChangePages(_ site: AdminSite) -> [URLPattern] {
        [
            .path("password_change/", methods: [.get, .post], name: "password_change") { request in
                try await withAccess(request, site) { access in try await passwordChange(request, access) }
            },
            .path("password_change/done/", methods: [.get], name: "password_change_done") { request in
                try await withAccess(request, site) { access in try passwordChangeDone(request, access) }
            },
        ]
    }

    /// The registrations by app label, in the order of first registration.
    static func grouped(_ registry: [any AdminRegistration]) -> [(String, [any AdminRegistration])] {
        var order: [String] = []
        var groups: [String: [any AdminRegistration]] = [:]
        for registration in registry {
            let label = registration.info.appLabel
            if groups[label] == nil { order.append(label) }
            groups[label, default: []].append(registration)
        }
        let names = Dictionary(order.map { ($0, appName($0).lowercased()) }) { first, _ in first }
        return order.sorted { names[$0] ?? $0 < names[$1] ?? $1 }.map { ($0, groups[$0] ?? []) }
    }

    /// An app's name as the admin shows it, in the current language (Django's
    /// `AppConfig.verbose_name`).
    static func appName(_ label: String) -> String {
        let name =
            switch label {
            case "auth": "Authentication and Authorization"
            case "contenttypes": "Content Types"
            case "sessions": "Sessions"
            case "admin": "Administration"
            case "sites": "Sites"
            case "flatpages": "Flat Pages"
            case "redirects": "Redirects"
            default: AdminFields.capitalized(label.replacingOccurrences(of: "_", with: " "))
            }
        return AdminText.text(name)
    }

    /// Django's `redirect_to_login` for the admin's login page.
    static func redirectToLogin(_ request: Request, _ site: AdminSite) -> Response {
        var query = QueryDict()
        query.append("next", request.target)
        return Response.redirect(to: site.root + "login/?" + query.urlEncoded)
    }

    static func index(_ request: Request, _ site: AdminSite, app: String?) async throws -> Response {
        try await withAccess(request, site) { access in try await index(request, access, app: app) }
    }

    static func index(_ request: Request, _ access: AdminAccess, app: String?) async throws -> Response {
        let site = access.site
        let title = app.map { AdminText.format("%(app)s administration", ["app": appName($0)]) }
        var context = access.context(request, title: title ?? AdminText.text(site.indexTitle))
        let apps = access.apps(only: app)
        if let app {
            guard !apps.isEmpty else { throw HTTPError.notFound("No app '\(app)' in the admin.") }
            context.merge(["app_label": app])
        }
        context.merge(["app_list": apps])
        let recent = try await LogEntry.objects.filter(\.user, .exact(ForeignKey(access.user)))
            .selectRelated("contentType").orderBy("-actionTime", "-pk").limit(10).fetch()
        context.merge([
            "recent_actions": recent.map { entry in
                [
                    "repr": entry.objectRepr, "action": Int(entry.actionFlag),
                    "url": entry.actionFlag == 3 ? "" : adminURL(for: entry, site) ?? "",
                    "model": entry.contentType.map { AdminLogWriter.modelName(of: $0) } ?? "",
                ] as [String: Any]
            }
        ])
        return try render(request, app == nil ? "admin/index.html" : "admin/app_index.html", context)
    }

    /// The change page of a log entry's object, when its model is registered.
    static func adminURL(for entry: LogEntry, _ site: AdminSite) -> String? {
        guard let type = entry.contentType, let id = entry.objectID,
            let registration = site.registry.first(where: { AdminLogWriter.contentTypeKey($0.info) == type.key })
        else { return nil }
        let info = registration.info
        return site.root + "\(info.appLabel)/\(info.name.lowercased())/\(AdminQuote.quote(id))/change/"
    }

    /// Django's admin `LoginView`: staff only, with Django's message for everyone else.
    static func login(_ request: Request, _ site: AdminSite) async throws -> Response {
        let next = (try? request.form["next"]) ?? request.query["next"] ?? ""
        if request.method == .get, try await AdminAccess(request, site: site) != nil {
            return Response.redirect(to: site.root)
        }
        var context: TemplateContext = [
            "title": AdminText.text("Log in"), "site_title": site.titles.title, "site_header": site.titles.header,
            "admin_root": site.root,
            "next": next, "username": "", "asset_css": site.root + AdminAssets.cssName,
            "asset_js": site.root + AdminAssets.jsName,
        ]
        context.values["site_url"] = site.siteURL.map(TemplateValue.string) ?? .null
        if request.method == .post {
            let username = try request.form["username"] ?? ""
            let password = try request.form["password"] ?? ""
            context.values["username"] = .string(username)
            if let user = try await Auth.authenticate(request, username: username, password: password), user.isStaff {
                try await Auth.login(request, user)
                return Response.redirect(to: request.safeRedirectTarget(next) ?? site.root)
            }
            context.values["error"] = .string(
                AdminText.format(
                    "Please enter the correct %(username)s and password for a staff account. Note that both fields may"
                        + " be case-sensitive.", ["username": AdminText.text("username")]))
            return try render(request, "admin/login.html", context, status: .ok)
        }
        return try render(request, "admin/login.html", context)
    }
}
