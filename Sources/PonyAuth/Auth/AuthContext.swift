internal import Foundation
internal import PonyORM
internal import PonyTemplates
public import PonyWeb

/// Django's `django.contrib.auth.context_processors.auth`: `user` (the request's, or the
/// anonymous user) and `perms` in every template the auth app's site renders.
///
/// ```html
/// {% if user.is_authenticated %}Hello, {{ user.get_username }}.{% endif %}
/// {% if perms.shop %}…{% if perms.shop.add_task %}<a href="…">Add</a>{% endif %}{% endif %}
/// ```
///
/// A user's permissions are read once per page, and only when `perms` is asked about a
/// user who is neither a superuser nor anonymous.
public enum AuthContext {
    /// The context processor the auth app installs.
    public static let processor: ContextProcessor = { request in
        let user = request.user
        return ["user": .object(UserTemplateValue(user: user)), "perms": .object(PermissionsTemplateValue(user: user))]
    }
}

/// A user as templates see it: its fields, and Django's `is_authenticated`, `is_anonymous`,
/// `get_username`, `get_full_name` and `get_short_name`.
struct UserTemplateValue: TemplateObject {
    let user: User

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "is_authenticated": .bool(user.isAuthenticated)
        case "is_anonymous": .bool(!user.isAuthenticated)
        case "get_username": .string(user.username)
        case "get_full_name": .string("\(user.firstName) \(user.lastName)".trimmingCharacters(in: .whitespaces))
        case "get_short_name": .string(user.firstName)
        default: user.lookup(key)
        }
    }

    /// Django's `str(user)`: the username, or `AnonymousUser`.
    var text: String { user.isAuthenticated ? user.username : "AnonymousUser" }
}

/// Django's `PermWrapper`: `perms.app` is whether the user has any permission in the app,
/// `perms.app.codename` whether they have that one; `"app.codename" in perms` and
/// `"app" in perms` ask the same.
struct PermissionsTemplateValue: TemplateContainer {
    let user: User

    func lookup(_ key: String) -> TemplateValue? { .object(AppPermissionsTemplateValue(user: user, app: key)) }

    /// Django's `"app.codename" in perms` (one permission) and `"app" in perms` (any in the app).
    func contains(_ value: TemplateValue) -> Bool {
        let name = value.text
        guard let dot = name.firstIndex(of: ".") else {
            return AppPermissionsTemplateValue(user: user, app: name).isTruthy
        }
        let app = AppPermissionsTemplateValue(user: user, app: String(name[..<dot]))
        return app.lookup(String(name[name.index(after: dot)...]))?.isTruthy ?? false
    }

    var text: String { "PermWrapper(<User: \(user.isAuthenticated ? user.username : "AnonymousUser")>)" }

    /// The user's permissions (`app.codename`), as this render loaded them, or `nil` until it
    /// has. Superusers and inactive or anonymous users need none.
    static func permissions(of user: User) -> Set<String>? {
        guard let id = user.id else { return [] }
        let loaded = ORM.templateValue(group: "auth.permissions", key: String(id)) {
            .array(try await user.permissions().sorted().map { .string($0) })
        }
        guard case .array(let values)? = loaded else { return nil }
        return Set(values.compactMap { if case .string(let name) = $0 { name } else { nil } })
    }
}

/// Django's `PermLookupDict`: the permissions of one app.
struct AppPermissionsTemplateValue: TemplateObject {
    let user: User
    let app: String

    func lookup(_ codename: String) -> TemplateValue? { .bool(has { $0 == "\(app).\(codename)" }) }

    /// Django's `has_module_perms`.
    var isTruthy: Bool { has { $0.hasPrefix(app + ".") } }

    var text: String { "" }

    /// Django's `has_perm` and `has_module_perms`: every one for an active superuser, none
    /// for an inactive or anonymous user (or until the render loaded them).
    private func has(_ matches: (String) -> Bool) -> Bool {
        guard user.isActive, user.isAuthenticated else { return false }
        if user.isSuperuser { return true }
        return PermissionsTemplateValue.permissions(of: user)?.contains(where: matches) ?? false
    }
}
