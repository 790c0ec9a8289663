internal import Foundation
public import PonyAuth
internal import PonyORM
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

    /// A route whose tag needs an app that is not installed (`auth.E001`: a `loginRequired`
    /// route without the auth app would be open to everyone), and CSRF in the session without
    /// the sessions app (`csrf.E001`).
    static func capabilityProblems(_ site: Site, installed: [App], csrf: CSRFSettings?) -> [ConfigurationError] {
        let labels = Set(installed.map(\.label))
        var problems: [ConfigurationError] = []
        if !labels.contains("auth") {
            for route in site.resolver.resolvedRoutes
            where route.tags.contains(where: { $0 == .loginRequired || $0.name.hasPrefix("permission_required:") }) {
                problems.append(
                    ConfigurationError(
                        "The route \(route.pattern) needs a logged-in user, but the auth app is not installed: add"
                            + " app.install(.sessions(), .contentTypes(), .auth()).", file: route.file,
                        line: route.line, id: "auth.E001"))
            }
        }
        if csrf?.useSessions == true, !labels.contains("sessions") {
            problems.append(
                ConfigurationError(
                    "CSRF tokens are kept in the session (csrf.useSessions), but the sessions app is not installed:"
                        + " add app.install(.sessions()).", id: "csrf.E001"))
        }
        return problems
    }

    /// Django's deployment checks of CSRF protection: none at all (`security.W003`), or a
    /// cookie not marked `Secure` on every response (`security.W016`).
    static func csrfDeploymentProblems(_ csrf: CSRFSettings?) -> [ConfigurationError] {
        guard let csrf else {
            return [
                ConfigurationError(
                    "CSRF protection is off (app.csrf = nil): any site can make a visitor's browser post to this one."
                        + " Turn it back on, and exempt only the routes that need it (tags: [.csrfExempt]).",
                    id: "security.W003", level: .warning)
            ]
        }
        guard !csrf.useSessions, csrf.cookieSecure != true else { return [] }
        return [
            ConfigurationError(
                "The CSRF cookie is not always Secure (CSRF_COOKIE_SECURE): it is marked Secure only on requests that"
                    + " came over HTTPS. Set app.csrf?.cookieSecure = true so that it never travels over plain HTTP.",
                id: "security.W016", level: .warning)
        ]
    }

    /// After migrating (Django's `post_migrate`): each installed app's own step (the default
    /// site), and with contenttypes and auth installed, every model's content type and default
    /// permissions.
    func afterMigrate(
        log: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    ) async throws {
        if !cacheTables.isEmpty, let database = ORM.database { try await createCacheTables(database, log: log) }
        let apps = installedApps
        for app in apps { try await app.afterMigrate() }
        let labels = Set(apps.map(\.label))
        guard labels.contains("contenttypes"), labels.contains("auth") else { return }
        try await AuthCommands.createContentTypesAndPermissions(for: allModels)
    }
}
