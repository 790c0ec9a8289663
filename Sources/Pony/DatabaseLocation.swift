internal import PonyWeb

/// Where ``Settings/database`` (or `DATABASE_URL`) puts the app's data, read once for the
/// three that need it: opening the database, `dbshell` and `flush`'s question.
enum DatabaseLocation: Equatable {
    /// A PostgreSQL URL, as it was given.
    case postgres(url: String)
    /// An SQLite database in memory (`sqlite://:memory:`).
    case memory
    /// An SQLite file (`sqlite:///name` is relative to the app's base directory, `sqlite:////abs` absolute).
    case sqlite(path: String)

    init(_ settings: ResolvedSettings) {
        let url = settings.database ?? "sqlite:///db.sqlite3"
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else if url.hasPrefix("sqlite://:memory:") {
            self = .memory
        } else {
            self = .sqlite(
                path: Settings.absolute(String(url.dropFirst("sqlite:///".count)), in: settings.baseDirectory))
        }
    }
}
