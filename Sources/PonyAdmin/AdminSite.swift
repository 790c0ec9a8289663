internal import Foundation
public import PonyAuth
public import PonyORM
internal import PonyTemplates
internal import PonyWeb

// How the admin answers (Django's `AdminSite.admin_view`): every page but the login page
// first checks that the user is an active staff member (else a redirect to the login page,
// with `next`), then reads the user's permissions once, and each page shows or allows only
// what they permit. The pages are templates (`admin/*.html`) an app overrides by name.

/// The admin site (Django's `AdminSite`): where it lives, what it is called, and the models
/// registered with it.
///
/// ```swift
/// app.adminSite.siteHeader = "Tasks administration"
/// app.admin(Task.self) { $0.listDisplay = ["name", "completed"] }
/// ```
public struct AdminSite: Sendable {
    /// The `<title>` suffix (Django's `site_title`). Like the header and the index title, it is
    /// a message id: the current language's catalog translates it.
    public var siteTitle = AdminSite.defaultTitle
    /// The header on every page (Django's `site_header`).
    public var siteHeader = AdminSite.defaultHeader
    /// The index page's title (Django's `index_title`).
    public var indexTitle = "Site administration"

    static let defaultTitle = "Pony site admin"
    static let defaultHeader = "Pony administration"

    /// The title and header in the current language. Left as they are by default, they are
    /// Django's ("Django site admin", "Django administration") with Pony's name, so that
    /// Django's catalogs translate them too.
    var titles: (title: String, header: String) {
        func branded(_ django: String) -> String {
            AdminText.text(django).replacingOccurrences(of: "Django", with: "Pony")
        }
        return (
            siteTitle == Self.defaultTitle ? branded("Django site admin") : AdminText.text(siteTitle),
            siteHeader == Self.defaultHeader ? branded("Django administration") : AdminText.text(siteHeader)
        )
    }

    /// Where the admin lives, without leading slash (`admin/`; nanodjango's `ADMIN_URL`).
    public var url = "admin/"
    /// The "View site" link in the header; `nil` for none.
    public var siteURL: String? = "/"
    /// The registered models, in order.
    var registry: [any AdminRegistration] = []

    /// An admin site with Django's defaults, serving users and groups.
    public init() {
        register(User.self, UserAdmin.options)
        register(Group.self, GroupAdmin.options)
    }

    /// Registers a model (Django's `admin.site.register`); registering it again replaces
    /// its options. A field the options name that the model lacks stops start-up with
    /// Django's check id (`admin.E108`), pointing at `file:line`.
    public mutating func register<M: Model>(
        _ model: M.Type, _ admin: ModelAdmin<M> = ModelAdmin(), file: String = #filePath, line: Int = #line
    ) {
        var admin = admin
        (admin.file, admin.line) = (file, line)
        let registration = ModelRegistration(admin: admin)
        if let index = registry.firstIndex(where: { $0.info === M.schemaInfo }) {
            registry[index] = registration
        } else {
            registry.append(registration)
        }
    }

    /// Whether a model is registered.
    public func isRegistered<M: Model>(_ model: M.Type) -> Bool { registry.contains { $0.info === M.schemaInfo } }

    /// The URL path of the admin's index (`/admin/`).
    var root: String { "/" + url }
}

extension App {
    /// Django's `django.contrib.admin` at `site.url`: the log of changes in
    /// `django_admin_log`, and the pages to browse, search, filter, add, change and delete the
    /// registered models' rows. Needs `sessions`, `contenttypes`, `auth` and `messages`
    /// installed before it (``Pony`` installs them with the first `app.admin(…)`).
    public static func admin(_ site: AdminSite = AdminSite()) -> App {
        let config = AppConfig.admin
        var app = App(
            config: AppConfig(
                label: config.label, models: config.models, migrations: config.migrations,
                requires: config.requires + ["sessions", "messages"]),
            urlpatterns: [.include(site.url, AdminViews.urlpatterns(site), namespace: "admin")],
            templates: AdminTemplates.all)
        app.checks = { site.registry.flatMap { $0.problems(in: site) } }
        return app
    }
}

/// A registered model, its type erased.
protocol AdminRegistration: Sendable {
    var info: SchemaInfo { get }
    /// The model's pages, under `app_label/model_name/`.
    func urlpatterns(_ site: AdminSite) -> [URLPattern]
    /// What is wrong with the registration's options (Django's admin checks).
    func problems(in site: AdminSite) -> [ConfigurationError]
    /// Whether the admin searches (so that autocomplete fields may point to the model).
    var hasSearchFields: Bool { get }
    /// The model `field` points to, when it is an autocomplete field of `model` (in `app`) on
    /// this admin's change form (its own, or one of its inlines').
    func autocompleteTarget(app: String, model: String, field: String) -> (any Model.Type)?
    /// The rows a search on this model finds for another model's autocomplete field.
    func search(_ request: Request, term: String, page: Int) async throws -> AutocompleteResults
}

/// The request's user and what they may do, read once per request.
struct AdminAccess: Sendable {
    let site: AdminSite
    let user: User
    let permissions: Set<String>

    /// The staff user of `request` and their permissions, or `nil` when the request may not
    /// use the admin (not logged in, inactive, or not staff).
    init?(_ request: Request, site: AdminSite) async throws {
        let user = request.user
        guard user.isAuthenticated, user.isActive, user.isStaff else { return nil }
        self.site = site
        self.user = user
        permissions = user.isSuperuser ? [] : try await user.permissions()
    }

    /// Django's `has_*_permission`: the model permission (`app.change_task`); change implies view.
    func has(_ permission: AdminPermission, _ info: SchemaInfo) -> Bool {
        if user.isSuperuser { return true }
        let name = info.name.lowercased()
        if permissions.contains("\(info.appLabel).\(permission.rawValue)_\(name)") { return true }
        return permission == .view && permissions.contains("\(info.appLabel).change_\(name)")
    }

    /// Whether the user may see the model in the admin at all (Django's `has_module_permission`).
    func hasAny(_ info: SchemaInfo) -> Bool { AdminPermission.allCases.contains { has($0, info) } }

    /// The values every admin page's template uses.
    func context(_ request: Request, title: String) -> TemplateContext {
        [
            "title": title, "site_title": site.titles.title, "site_header": site.titles.header,
            "site_url": site.siteURL as Any,
            "admin_root": site.root, "username": user.username, "available_apps": apps(),
            "user_display": user.firstName.isEmpty ? user.username : user.firstName,
            "has_password_change": !user.password.hasPrefix("!"), "password_change_url": site.root + "password_change/",
            "asset_css": site.root + AdminAssets.cssName, "asset_js": site.root + AdminAssets.jsName,
        ]
    }

    /// The apps with models the user may see, and those models (Django's `get_app_list`).
    func apps(only label: String? = nil) -> [[String: Any]] {
        var apps: [[String: Any]] = []
        for (app, registrations) in AdminViews.grouped(site.registry) where label == nil || label == app {
            let models = registrations.filter { hasAny($0.info) }.map { modelEntry($0.info) }
            guard !models.isEmpty else { continue }
            apps.append([
                "app_label": app, "name": AdminViews.appName(app), "app_url": site.root + app + "/", "models": models,
            ])
        }
        return apps
    }

    /// A model in the index and the navigation.
    func modelEntry(_ info: SchemaInfo) -> [String: Any] {
        let base = site.root + "\(info.appLabel)/\(info.name.lowercased())/"
        return [
            "name": AdminFields.capitalized(AdminText.text(info.verboseNamePlural)),
            "object_name": info.name, "admin_url": base, "add_url": has(.add, info) ? base + "add/" : "",
            "view_only": !has(.change, info), "perms": ["view": has(.view, info), "add": has(.add, info)],
        ]
    }
}

extension TemplateContext {
    /// Adds values.
    mutating func merge(_ values: [String: Any]) {
        for (key, value) in values { self.values[key] = TemplateValue(any: value) }
    }
}
