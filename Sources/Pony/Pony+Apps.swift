public import PonyAuth
internal import PonyWeb
internal import Synchronization

// Installed apps (Django's INSTALLED_APPS) and the start-up checks of what they provide.
extension Pony {
    /// Installs an app (Django's `INSTALLED_APPS`): its tables are migrated with the app's
    /// own, and its middleware and URLs join the site. Installing an app with the same label
    /// again replaces it.
    ///
    /// ```swift
    /// app.install(.sessions(), .contentTypes(), .auth())
    /// ```
    public func install(_ apps: App...) {
        state.withLock { state in
            for installed in apps {
                state.installed.removeAll { $0.label == installed.label }
                state.installed.append(installed)
                state.uninstalled.remove(installed.label)
            }
            state.site = nil
        }
    }

    /// Takes out an app installed by default (Django's removing it from `INSTALLED_APPS`):
    /// `app.uninstall("admin")` keeps `auth` from bringing the admin along.
    public func uninstall(_ label: String) {
        state.withLock { state in
            state.installed.removeAll { $0.label == label }
            state.uninstalled.insert(label)
            state.site = nil
        }
    }

    /// The installed apps, the defaults they bring included.
    var installedApps: [App] { state.withLock { $0.apps } }

    /// Refuses an app whose required apps are not installed before it (`apps.E001`): its
    /// middleware needs theirs to have run (auth reads the session).
    static func checkRequirements(_ installed: [App]) throws(ConfigurationError) {
        for (position, app) in installed.enumerated() {
            let before = Set(installed.prefix(position).map(\.label))
            for required in app.config.requires where !before.contains(required) {
                let installedLater = installed.contains { $0.label == required }
                let (needed, needing) = (factory(required), factory(app.label))
                throw ConfigurationError(
                    "The app '\(app.label)' needs the app '\(required)' "
                        + (installedLater
                            ? "installed before it: move app.install(\(needed)) above app.install(\(needing))."
                            : "too: add app.install(\(needed)) before app.install(\(needing))."),
                    id: "apps.E001")
            }
        }
    }

    /// How a built-in app is installed, for messages (`.contentTypes()` for `contenttypes`).
    private static func factory(_ label: String) -> String {
        switch label {
        case "contenttypes": ".contentTypes()"
        case "authtoken": ".authToken()"
        default: ".\(label)()"
        }
    }

    /// Refuses a route whose tag needs an app that is not installed (`auth.E001`: a
    /// `loginRequired` route without the auth app would be open to everyone), and CSRF in the
    /// session without the sessions app (`csrf.E001`).
    static func checkCapabilities(_ site: Site, installed: [App], csrf: CSRFSettings?) throws(ConfigurationError) {
        let labels = Set(installed.map(\.label))
        if !labels.contains("auth") {
            for route in site.resolver.resolvedRoutes
            where route.tags.contains(where: { $0 == .loginRequired || $0.name.hasPrefix("permission_required:") }) {
                throw ConfigurationError(
                    "The route \(route.pattern) needs a logged-in user, but the auth app is not installed: add"
                        + " app.install(.sessions(), .contentTypes(), .auth()).", file: route.file, line: route.line,
                    id: "auth.E001")
            }
        }
        if csrf?.useSessions == true, !labels.contains("sessions") {
            throw ConfigurationError(
                "CSRF tokens are kept in the session (csrf.useSessions), but the sessions app is not installed: add"
                    + " app.install(.sessions()).", id: "csrf.E001")
        }
    }

    /// After migrating (Django's `post_migrate`): with contenttypes and auth installed, every
    /// model's content type and default permissions exist.
    func afterMigrate() async throws {
        let labels = Set(installedApps.map(\.label))
        guard labels.contains("contenttypes"), labels.contains("auth") else { return }
        try await AuthCommands.createContentTypesAndPermissions(for: allModels)
    }
}
