public import PonyWeb

/// Where login lives, with Django's names and defaults (`LOGIN_URL`, `LOGIN_REDIRECT_URL`,
/// `LOGOUT_REDIRECT_URL`).
public struct AuthSettings: Sendable {
    /// `LOGIN_URL`: where a page that needs a user sends anonymous visitors.
    public var loginURL: String
    /// `LOGIN_REDIRECT_URL`: where a login without `next` goes.
    public var loginRedirectURL: String
    /// `LOGOUT_REDIRECT_URL`: where logout goes (`nil`: show the "logged out" page).
    public var logoutRedirectURL: String?
    /// `PASSWORD_HASHERS`: how passwords are hashed and checked.
    public var hashers: PasswordHashers
    /// Refuse logins for a while after 5 failures in 15 minutes for one user name or from one
    /// address (beyond Django, which leaves it to packages such as django-axes).
    public var throttleFailedLogins: Bool
    /// `AUTH_PASSWORD_VALIDATORS`: the rules a new password must pass on the password change
    /// pages, the admin's user pages and `changepassword`. None by default, as Django's global
    /// default; `.django` gives those of Django's `startproject` settings.
    public var passwordValidators: [any PasswordValidator]
    /// `PASSWORD_RESET_TIMEOUT`: how long a password reset link works, in seconds (three days).
    public var passwordResetTimeout: Int

    /// Django's defaults, changed by any argument given.
    public init(
        loginURL: String = "/accounts/login/", loginRedirectURL: String = "/accounts/profile/",
        logoutRedirectURL: String? = nil, hashers: PasswordHashers = .django, throttleFailedLogins: Bool = true,
        passwordValidators: [any PasswordValidator] = [], passwordResetTimeout: Int = 259_200
    ) {
        self.passwordValidators = passwordValidators
        self.passwordResetTimeout = passwordResetTimeout
        self.loginURL = loginURL
        self.loginRedirectURL = loginRedirectURL
        self.logoutRedirectURL = logoutRedirectURL
        self.hashers = hashers
        self.throttleFailedLogins = throttleFailedLogins
    }
}

extension RouteTag {
    /// Only logged-in users (Django's `@login_required`): others are sent to the login page.
    public static let loginRequired = RouteTag("login_required")
    /// Open to anonymous visitors even under ``LoginRequiredMiddleware`` (Django's
    /// `@login_not_required`).
    public static let loginNotRequired = RouteTag("login_not_required")

    /// Only users with `permission` (`"app_label.codename"`, Django's `@permission_required`):
    /// anonymous visitors go to the login page, logged-in users without it get 403.
    public static func permissionRequired(_ permission: String) -> RouteTag {
        RouteTag(permissionPrefix + permission)
    }

    static let permissionPrefix = "permission_required:"
}

/// Every page needs a logged-in user unless its route is tagged
/// ``PonyWeb/RouteTag/loginNotRequired`` (Django 5.1's `LoginRequiredMiddleware`); the login
/// page itself is open.
///
/// ```swift
/// app.middleware(LoginRequiredMiddleware())
/// app.loginNotRequired.get("/about/") { _ in "Anyone may read this" }
/// ```
public struct LoginRequiredMiddleware: ViewMiddleware {
    let settings: AuthSettings

    /// A middleware sending anonymous visitors to `settings.loginURL`.
    public init(settings: AuthSettings = AuthSettings()) { self.settings = settings }

    public func respond(to request: Request, next: Next) async throws -> Response { try await next(request) }

    public func beforeView(_ request: Request, route: ResolvedRoute) async throws -> Response? {
        guard !route.tags.contains(.loginNotRequired), !request.user.isAuthenticated,
            request.path != settings.loginURL
        else { return nil }
        return AuthChecks.redirectToLogin(request, settings)
    }
}

/// The checks of routes tagged ``PonyWeb/RouteTag/loginRequired`` and
/// ``PonyWeb/RouteTag/permissionRequired(_:)``, made by ``AuthenticationMiddleware``.
package enum AuthChecks {
    static func check(_ request: Request, _ route: ResolvedRoute, _ settings: AuthSettings) async throws -> Response? {
        let permissions = route.tags.compactMap { tag -> String? in
            tag.name.hasPrefix(RouteTag.permissionPrefix)
                ? String(tag.name.dropFirst(RouteTag.permissionPrefix.count)) : nil
        }
        guard route.tags.contains(.loginRequired) || !permissions.isEmpty else { return nil }
        let user = request.user
        guard user.isAuthenticated else { return redirectToLogin(request, settings) }
        for permission in permissions where try await !user.hasPerm(permission) {
            throw HTTPError(.forbidden, "This page needs the permission \(permission).")
        }
        return nil
    }

    /// Django's `redirect_to_login` for the request's page, to `loginURL` or the login URL of
    /// the auth app installed on the request's site.
    package static func redirectToLogin(_ request: Request, loginURL: String?) -> Response {
        var settings = request.storage[AuthStateKey.self]?.settings ?? AuthSettings()
        if let loginURL { settings.loginURL = loginURL }
        return redirectToLogin(request, settings)
    }

    /// Django's `redirect_to_login`: the login URL with `next` set to the page asked for.
    static func redirectToLogin(_ request: Request, _ settings: AuthSettings) -> Response {
        redirectToLogin(next: request.target, settings)
    }

    /// Django's `redirect_to_login(next)`.
    static func redirectToLogin(next: String, _ settings: AuthSettings) -> Response {
        let separator = settings.loginURL.contains("?") ? "&" : "?"
        return Response.redirect(to: settings.loginURL + separator + "next=" + quote(next))
    }

    /// Python's `urllib.parse.quote(text, safe="/")`.
    static func quote(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
