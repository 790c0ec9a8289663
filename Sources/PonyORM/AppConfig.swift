/// An installed app as the ORM sees it (Django's `AppConfig`): a label, its models, and the
/// migrations that make their tables.
///
/// The single file is one app (its migrations are the files in `migrations/`); Pony's
/// batteries are others, with Django's labels and tables, and ship their migrations in code
/// under Django's names, so a database Django made has nothing pending for them:
///
/// ```swift
/// app.install(.sessions)          // django_session, migration sessions.0001_initial
/// ```
public struct AppConfig: Sendable {
    /// The label migrations and content types use (`sessions`).
    public let label: String
    /// The app's models.
    public let models: [any Model.Type]
    /// The app's migrations, in order.
    public let migrations: [Migration]
    /// Apps that must be installed with this one (their labels).
    public let requires: [String]

    /// An app.
    public init(label: String, models: [any Model.Type], migrations: [Migration], requires: [String] = []) {
        self.label = label
        self.models = models
        self.migrations = migrations
        self.requires = requires
    }
}
