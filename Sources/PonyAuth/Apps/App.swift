public import PonyORM
public import PonyTemplates
public import PonyWeb

/// An installable app (Django's entry in `INSTALLED_APPS`): its models and migrations
/// (``AppConfig``), and the middleware and URL patterns it adds to the site.
///
/// ```swift
/// app.install(.sessions())        // django_session + SessionMiddleware
/// ```
///
/// Middleware is made when the site is built, from the settings in force then (the secret
/// key after environment overrides, say).
public struct App: Sendable {
    /// The models and migrations.
    public var config: AppConfig
    /// The middleware the app adds, outermost first, made from the resolved settings.
    public var middleware: @Sendable (ResolvedSettings) -> [any Middleware]
    /// URL patterns the app adds.
    public var urlpatterns: [URLPattern]
    /// Templates the app ships, by name; the site's own templates override them.
    public var templates: [String: String]
    /// Values the app adds to every template's context (`messages`).
    public var contextProcessors: [ContextProcessor]
    /// Management commands the app adds (`createsuperuser`).
    public var commands: [Command]
    /// Template tags the app adds (Django's app `templatetags`): the flat pages app's
    /// `get_flatpages`.
    public var templateTags: [SimpleTag] = []
    /// The app's system checks (Django's `checks`), run when the site is built: any problem
    /// stops start-up with its message and stable id (`admin.E108`).
    public var checks: @Sendable () -> [ConfigurationError] = { [] }
    /// The app's deployment checks (Django's `deploy=True` checks), run by
    /// `pony check --deploy` and by `serve` at start: settings fine for development but not
    /// for production (`security.W012`, a session cookie that is not always `Secure`).
    public var deploymentChecks: @Sendable () -> [ConfigurationError] = { [] }
    /// What the app does after `migrate` (Django's `post_migrate` receivers), with the
    /// database set: the sites app makes its default site.
    public var afterMigrate: @Sendable () async throws -> Void = {}

    /// The label (`sessions`).
    public var label: String { config.label }

    /// An app.
    public init(
        config: AppConfig, urlpatterns: [URLPattern] = [], templates: [String: String] = [:],
        contextProcessors: [ContextProcessor] = [], commands: [Command] = [],
        middleware: @escaping @Sendable (ResolvedSettings) -> [any Middleware] = { _ in [] }
    ) {
        self.config = config
        self.urlpatterns = urlpatterns
        self.templates = templates
        self.contextProcessors = contextProcessors
        self.commands = commands
        self.middleware = middleware
    }

    /// Django's `django.contrib.sessions` with `settings`: the `django_session` table (unless
    /// the engine is ``SessionEngine/signedCookies``, which needs none) and ``SessionMiddleware``.
    public static func sessions(_ settings: SessionSettings = SessionSettings()) -> App {
        var app = App(config: .sessions, commands: [AuthCommands.clearSessionsCommand]) { site in
            let store: any SessionStore =
                switch settings.engine {
                case .database:
                    DatabaseSessionStore(secretKey: site.secretKey, fallbackKeys: site.secretKeyFallbacks)
                case .signedCookies:
                    SignedCookieSessionStore(
                        secretKey: site.secretKey, fallbackKeys: site.secretKeyFallbacks, maxAge: settings.cookieAge)
                case .cache(let cache):
                    CacheSessionStore(cache: cache)
                case .cachedDatabase(let cache):
                    CachedDatabaseSessionStore(
                        cache: cache, secretKey: site.secretKey, fallbackKeys: site.secretKeyFallbacks)
                }
            return [SessionMiddleware(store: store, settings: settings)]
        }
        app.deploymentChecks = { settings.deploymentProblems }
        return app
    }

    /// Django's `django.contrib.contenttypes`: the `django_content_type` table.
    public static func contentTypes() -> App {
        App(config: .contentTypes, commands: [ContentType.removeStaleCommand])
    }

    /// Django's `django.contrib.auth`: users, groups and permissions in Django's tables, and
    /// ``AuthenticationMiddleware`` for `request.user`. Needs `contenttypes` and `sessions`
    /// installed before it.
    public static func auth(_ settings: AuthSettings = AuthSettings()) -> App {
        let config = AppConfig.auth
        return App(
            config: AppConfig(
                label: config.label, models: config.models, migrations: config.migrations,
                requires: config.requires + ["sessions"]),
            urlpatterns: AuthViews.urlpatterns(settings) + PasswordResetViews.urlpatterns(settings),
            templates: AuthViews.templates.merging(PasswordResetViews.templates) { own, _ in own },
            contextProcessors: [AuthContext.processor],
            commands: [
                AuthCommands.createSuperuserCommand(hashers: settings.hashers, validators: settings.passwordValidators),
                AuthCommands.changePasswordCommand(hashers: settings.hashers, validators: settings.passwordValidators),
            ]
        ) { site in
            [
                AuthenticationMiddleware(
                    secretKey: site.secretKey, fallbackKeys: site.secretKeyFallbacks, settings: settings,
                    timeZone: site.timeZone)
            ]
        }
    }

    /// Django's `django.contrib.messages`: ``MessagesMiddleware`` (a signed cookie, the
    /// session for what does not fit) and `messages` in templates. Needs `sessions` before it.
    public static func messages(level: MessageLevel = .info) -> App {
        App(
            config: AppConfig(label: "messages", models: [], migrations: [], requires: ["sessions"]),
            contextProcessors: [MessagesMiddleware.contextProcessor]
        ) { site in
            [MessagesMiddleware(secretKey: site.secretKey, fallbackKeys: site.secretKeyFallbacks, level: level)]
        }
    }
}
