internal import Foundation
internal import Logging
internal import PonyMail
internal import PonyORM
internal import PonySupport
internal import PonyTemplates
internal import PonyWeb

/// Django's password reset views at Django's URLs and names, under `accounts/`:
///
/// 1. `password_reset/` (`password_reset`): a form asking for an email address; each active
///    user with that address and a usable password is sent a link, and the page says the same
///    whether or not one exists (`password_reset_done`), so it does not reveal accounts;
/// 2. `reset/<uidb64>/<token>/` (`password_reset_confirm`): a valid link moves the token into
///    the session and redirects to `reset/<uidb64>/set-password/` (so the token does not leak
///    in `Referer` headers), which asks for the new password twice;
/// 3. `reset/done/` (`password_reset_complete`).
///
/// The mail is rendered from `registration/password_reset_subject.txt` and
/// `registration/password_reset_email.html`, which an app overrides by name, and sent
/// through ``PonyMail/Mail``.
enum PasswordResetViews {
    /// Django's `INTERNAL_RESET_SESSION_TOKEN`.
    static let sessionTokenKey = "_password_reset_token"
    /// Django's `reset_url_token`.
    static let setPasswordToken = "set-password"

    static func urlpatterns(_ settings: AuthSettings) -> [URLPattern] {
        [
            URLPattern.path("accounts/password_reset/", methods: [.get, .post], name: "password_reset") { request in
                try await requestReset(request)
            }.tagged(.loginNotRequired),
            URLPattern.path("accounts/password_reset/done/", methods: [.get], name: "password_reset_done") { request in
                try render(request, "registration/password_reset_done.html")
            }.tagged(.loginNotRequired),
            URLPattern.path(
                "accounts/reset/<uidb64>/<token>/", methods: [.get, .post], name: "password_reset_confirm"
            ) { request in
                try await confirm(request, settings)
            }.tagged(.loginNotRequired).neverCache(),
            URLPattern.path("accounts/reset/done/", methods: [.get], name: "password_reset_complete") { request in
                try render(request, "registration/password_reset_complete.html")
            }.tagged(.loginNotRequired),
        ]
    }

    /// `PasswordResetView`: the form, and on a valid address the mail to each matching user.
    static func requestReset(_ request: Request) async throws -> Response {
        guard request.method == .post else { return try render(request, "registration/password_reset_form.html") }
        let email = try request.form["email"] ?? ""
        var context: TemplateContext = ["email": email]
        if email.isEmpty {
            context["error"] = ValidationMessages.required
        } else if email.count > 254 || !EmailAddress.isValid(email) {
            context["error"] = ValidationMessages.email
        }
        if context["error"] != nil { return try render(request, "registration/password_reset_form.html", context) }
        guard let tokens = request.storage[AuthStateKey.self]?.tokens else {
            throw HTTPError(.internalServerError, "Password reset needs the auth app installed (app.install(.auth())).")
        }
        for user in try await users(withEmail: email) {
            await sendResetMail(request, user, tokens)
        }
        return Response.redirect(to: try request.reverse("password_reset_done"))
    }

    /// Django's `PasswordResetForm.get_users`: active users whose address matches ignoring
    /// case (compared again after Unicode case folding, as Django's `_unicode_ci_compare`) and
    /// who can log in with a password.
    static func users(withEmail email: String) async throws -> [User] {
        let folded = caseFolded(email)
        return try await User.objects.filter(\.email, .iexact(email)).filter(\.isActive, .exact(true)).fetch()
            .filter { $0.hasUsablePassword && caseFolded($0.email) == folded }
    }

    private static func caseFolded(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.folding(options: .caseInsensitive, locale: nil)
    }

    /// Renders and sends one user's mail. A failure is logged, not shown: the page must look
    /// the same whether or not the address has an account (Django 5's `send_mail`).
    static func sendResetMail(_ request: Request, _ user: User, _ tokens: PasswordResetTokenGenerator) async {
        let host = request.host ?? "localhost"
        let context: TemplateContext = [
            "email": user.email, "domain": host, "site_name": host,
            "uid": Base64URL.encode(Array(String(user.id ?? 0).utf8)), "user": user,
            "token": tokens.makeToken(for: user), "protocol": request.isSecure ? "https" : "http",
        ]
        do {
            let subject = try renderToString(request, "registration/password_reset_subject.txt", context)
                .split(whereSeparator: \.isNewline).joined()
            let body = try renderToString(request, "registration/password_reset_email.html", context)
            try await Mail.send([EmailMessage(subject: subject, body: body, to: [user.email])])
        } catch {
            Logger(label: "pony.auth").error(
                "Failed to send password reset email to user \(user.id.map(String.init) ?? "?"): \(error)")
        }
    }

    /// `PasswordResetConfirmView`.
    static func confirm(_ request: Request, _ settings: AuthSettings) async throws -> Response {
        let token = try request.parameter("token", as: String.self)
        guard let tokens = request.storage[AuthStateKey.self]?.tokens,
            var user = try await user(uidb64: try request.parameter("uidb64", as: String.self))
        else { return try invalidLink(request) }
        if token != setPasswordToken {
            guard tokens.checkToken(token, for: user) else { return try invalidLink(request) }
            request.session[sessionTokenKey] = .string(token)
            return Response.redirect(to: request.path.replacingOccurrences(of: token, with: setPasswordToken))
        }
        guard case .string(let stored)? = request.session[sessionTokenKey], tokens.checkToken(stored, for: user) else {
            return try invalidLink(request)
        }
        var context: TemplateContext = ["validlink": true]
        if request.method == .post {
            let new = try request.form["new_password1"] ?? ""
            let repeated = try request.form["new_password2"] ?? ""
            if new.isEmpty || repeated.isEmpty {
                context["error"] = ValidationMessages.required
            } else if new != repeated {
                context["error"] = "The two password fields didn’t match."
            } else if let problem = AuthViews.validationProblem(new, user, settings.passwordValidators) {
                context["error"] = problem
            } else {
                await user.setPassword(new, hashers: settings.hashers)
                try await user.save(updateFields: ["password"])
                request.session[sessionTokenKey] = nil
                return Response.redirect(to: try request.reverse("password_reset_complete"))
            }
        }
        return try render(request, "registration/password_reset_confirm.html", context)
    }

    private static func invalidLink(_ request: Request) throws -> Response {
        try render(request, "registration/password_reset_confirm.html", ["validlink": false])
    }

    /// The user whose id `uidb64` encodes (Django's `urlsafe_base64_decode`), or `nil`.
    static func user(uidb64: String) async throws -> User? {
        guard let bytes = Base64URL.decode(uidb64), let text = String(validating: bytes, as: UTF8.self),
            let id = Int32(text)
        else { return nil }
        return try await User.objects.filter(\.id, .exact(id)).first()
    }

    static let templates: [String: String] = [
        "registration/password_reset_form.html": AuthViews.page(
            #"{% translate "Password reset" %}"#,
            """
            <p>{% translate "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one." %}</p>
            {% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
            <form method="post">{% csrf_token %}
            <p><label for="id_email">{% translate "Email address:" %}</label> <input type="email" name="email" id="id_email" value="{{ email }}" autocomplete="email" maxlength="254" required></p>
            <p><button type="submit">{% translate "Reset my password" %}</button></p>
            </form>
            """),
        "registration/password_reset_done.html": AuthViews.page(
            #"{% translate "Password reset sent" %}"#,
            """
            <p>{% translate "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly." %}</p>
            <p>{% translate "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder." %}</p>
            """),
        "registration/password_reset_confirm.html": AuthViews.page(
            #"{% if validlink %}{% translate "Enter new password" %}{% else %}{% translate "Password reset unsuccessful" %}{% endif %}"#,
            """
            {% if validlink %}<p>{% translate "Please enter your new password twice so we can verify you typed it in correctly." %}</p>
            {% if error %}<p class="errornote" role="alert">{{ error }}</p>{% endif %}
            <form method="post">{% csrf_token %}
            <p><label for="id_new_password1">{% translate "New password:" %}</label> <input type="password" name="new_password1" id="id_new_password1" autocomplete="new-password" required></p>
            <p><label for="id_new_password2">{% translate "Confirm password:" %}</label> <input type="password" name="new_password2" id="id_new_password2" autocomplete="new-password" required></p>
            <p><button type="submit">{% translate "Change my password" %}</button></p>
            </form>{% else %}<p>{% translate "The password reset link was invalid, possibly because it has already been used.  Please request a new password reset." %}</p>
            <p><a href="{% url 'password_reset' %}">{% translate "Password reset" %}</a></p>{% endif %}
            """),
        "registration/password_reset_complete.html": AuthViews.page(
            #"{% translate "Password reset complete" %}"#,
            """
            <p>{% translate "Your password has been set.  You may go ahead and log in now." %}</p>
            <p><a href="{% url 'login' %}">{% translate "Log in" %}</a></p>
            """),
        "registration/password_reset_subject.txt":
            "{% load i18n %}{% blocktranslate %}Password reset on {{ site_name }}{% endblocktranslate %}",
        "registration/password_reset_email.html": """
        {% load i18n %}{% autoescape off %}
        {% blocktranslate %}You're receiving this email because you requested a password reset for your user account at {{ site_name }}.{% endblocktranslate %}

        {% translate "Please go to the following page and choose a new password:" %}

        {{ protocol }}://{{ domain }}{% url 'password_reset_confirm' uidb64=uid token=token %}

        {% translate "In case you’ve forgotten, you are:" %} {{ user.username }}

        {% translate "Thanks for using our site!" %}

        {% blocktranslate %}The {{ site_name }} team{% endblocktranslate %}

        {% endautoescape %}
        """,
    ]
}
