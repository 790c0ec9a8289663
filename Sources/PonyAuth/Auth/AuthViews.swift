internal import Foundation
internal import PonyORM
internal import PonySupport
internal import PonyTemplates
internal import PonyWeb

/// Django's authentication views at Django's default URLs and names: `login`
/// (`/accounts/login/`), `logout` (POST only, as Django 5), `password_change` and
/// `password_change_done`, rendering `registration/*.html`, which an app overrides by name.
/// Login and logout are never cached, as Django's. The password reset pages are in
/// ``PasswordResetViews``.
enum AuthViews {
    static func urlpatterns(_ settings: AuthSettings) -> [URLPattern] {
        let throttle = settings.throttleFailedLogins ? LoginThrottle() : nil
        return [
            URLPattern.path("accounts/login/", methods: [.get, .post], name: "login") { request in
                try await login(request, settings, throttle)
            }.tagged(.loginNotRequired).neverCache(),
            URLPattern.path("accounts/logout/", methods: [.post], name: "logout") { request in
                Auth.logout(request)
                if let target = settings.logoutRedirectURL { return Response.redirect(to: target) }
                return try render(request, "registration/logged_out.html")
            }.tagged(.loginNotRequired).neverCache(),
            URLPattern.path("accounts/password_change/", methods: [.get, .post], name: "password_change") {
                request in try await passwordChange(request, settings)
            }.tagged(.loginRequired),
            URLPattern.path("accounts/password_change/done/", methods: [.get], name: "password_change_done") {
                request in try render(request, "registration/password_change_done.html")
            }.tagged(.loginRequired),
        ]
    }

    /// Django's `AuthenticationForm` message.
    static let invalidLogin =
        "Please enter a correct username and password. Note that both fields may be case-sensitive."

    static func login(_ request: Request, _ settings: AuthSettings, _ throttle: LoginThrottle?) async throws
        -> Response
    {
        let next = (try? request.form["next"]) ?? request.query["next"] ?? ""
        var context: TemplateContext = ["next": next, "username": ""]
        if request.method == .post {
            let username = try request.form["username"] ?? ""
            let password = try request.form["password"] ?? ""
            context["username"] = username
            let client = request.clientAddress ?? ""
            if let wait = throttle?.refusal(username: username, client: client) {
                context["error"] = "Too many failed login attempts. Try again in \(wait) minutes."
                return try render(request, "registration/login.html", context, status: .tooManyRequests)
            }
            if let user = try await Auth.authenticate(username: username, password: password, hashers: settings.hashers)
            {
                throttle?.succeeded(username: username, client: client)
                try await Auth.login(request, user)
                return Response.redirect(to: request.safeRedirectTarget(next) ?? settings.loginRedirectURL)
            }
            throttle?.failed(username: username, client: client)
            context["error"] = invalidLogin
        }
        return try render(request, "registration/login.html", context)
    }

    static func passwordChange(_ request: Request, _ settings: AuthSettings) async throws -> Response {
        let hashers = settings.hashers
        var context: TemplateContext = [:]
        if request.method == .post {
            var user = request.user
            let old = try request.form["old_password"] ?? ""
            let new = try request.form["new_password1"] ?? ""
            if try await !user.checkPassword(old, hashers: hashers) {
                context["error"] = "Your old password was entered incorrectly. Please enter it again."
            } else if new != (try request.form["new_password2"] ?? "") {
                context["error"] = "The two password fields didn’t match."
            } else if new.isEmpty {
                context["error"] = ValidationMessages.required
            } else if let problem = Self.validationProblem(new, user, settings.passwordValidators) {
                context["error"] = problem
            } else {
                await user.setPassword(new, hashers: hashers)
                try await user.save(updateFields: ["password"])
                Auth.updateSessionAuthHash(request, user)
                return Response.redirect(to: try request.reverse("password_change_done"))
            }
        }
        return try render(request, "registration/password_change_form.html", context)
    }

    /// The validators' messages for `password`, one sentence after another, or `nil` when it passes.
    static func validationProblem(_ password: String, _ user: User, _ validators: [any PasswordValidator]) -> String? {
        do {
            try validatePassword(password, user: user, validators: validators)
            return nil
        } catch {
            return error.messages.joined(separator: " ")
        }
    }

    /// A page of the default templates: `title` (template text) in `<title>` and `<h1>`, then
    /// `body`, in the current language's `<html lang>`.
    static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        {% load i18n %}{% get_current_language as LANGUAGE_CODE %}<html lang="{{ LANGUAGE_CODE|default:"en-us" }}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title><link rel="icon" href="data:,"></head>
        <body>
        <main>
        <h1>\(title)</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static let templates: [String: String] = [
        "registration/login.html": page(
            #"{% translate "Log in" %}"#,
            """
            {% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
            <form method="post" action="{% url 'login' %}">{% csrf_token %}
            <p><label for="id_username">{% translate "username"|capfirst %}:</label> <input type="text" name="username" id="id_username" value="{{ username }}" autocomplete="username" autofocus required maxlength="150"></p>
            <p><label for="id_password">{% translate "Password" %}:</label> <input type="password" name="password" id="id_password" autocomplete="current-password" required></p>
            <input type="hidden" name="next" value="{{ next }}">
            <p><button type="submit">{% translate "Log in" %}</button></p>
            </form>
            <p><a href="{% url 'password_reset' %}">{% translate "Forgotten your login credentials?" %}</a></p>
            """),
        "registration/logged_out.html": page(
            #"{% translate "Logged out" %}"#,
            """
            <p>{% translate "Thanks for spending some quality time with the web site today." %}</p>
            <p><a href="{% url 'login' %}">{% translate "Log in again" %}</a></p>
            """),
        "registration/password_change_form.html": page(
            #"{% translate "Password change" %}"#,
            """
            {% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
            <form method="post">{% csrf_token %}
            <p><label for="id_old_password">{% translate "Old password" %}:</label> <input type="password" name="old_password" id="id_old_password" autocomplete="current-password" required></p>
            <p><label for="id_new_password1">{% translate "New password:" %}</label> <input type="password" name="new_password1" id="id_new_password1" autocomplete="new-password" required></p>
            <p><label for="id_new_password2">{% translate "New password confirmation" %}:</label> <input type="password" name="new_password2" id="id_new_password2" autocomplete="new-password" required></p>
            <p><button type="submit">{% translate "Change my password" %}</button></p>
            </form>
            """),
        "registration/password_change_done.html": page(
            #"{% translate "Password change successful" %}"#,
            """
            <p>{% translate "Your password was changed." %}</p>
            """),
    ]
}
