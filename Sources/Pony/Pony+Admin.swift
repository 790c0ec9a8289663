public import PonyAdmin
internal import PonyAuth
public import PonyORM
internal import Synchronization

// The admin, as nanodjango's `@app.admin`: one call per model.
extension Pony {
    /// Registers a model with the admin at `/admin/` (nanodjango's `@app.admin`), installing
    /// the apps it needs (`sessions`, `contenttypes`, `auth`, `messages`, `admin`) when they
    /// are not installed yet. `configure` sets the ``ModelAdmin`` options.
    ///
    /// ```swift
    /// app.admin(Task.self) { admin in
    ///     admin.listDisplay = ["name", "owner__name", "completed"]
    ///     admin.searchFields = ["name"]
    /// }
    /// ```
    ///
    /// `pony run` then creates the tables, offers to create a superuser, and staff users
    /// browse, search, filter, add, change and delete rows, as in Django's admin. Users and
    /// groups are registered too.
    public func admin<M: Model>(
        _ model: M.Type, file: String = #filePath, line: Int = #line,
        _ configure: (inout ModelAdmin<M>) -> Void = { _ in }
    ) {
        var options = ModelAdmin<M>()
        configure(&options)
        adminSite.register(model, options, file: file, line: line)
    }

    /// The admin site: its title, header and URL (`app.adminSite.url = "backoffice/"`), and the
    /// registered models. Changing it installs the admin with the apps it needs.
    public var adminSite: AdminSite {
        get { state.withLock { $0.adminSite } ?? AdminSite() }
        set {
            let labels = Set(installedApps.map(\.label))
            let needed: [App] = [
                labels.contains("sessions") ? nil : .sessions(),
                labels.contains("contenttypes") ? nil : .contentTypes(),
                labels.contains("auth") ? nil : .auth(),
                labels.contains("messages") ? nil : .messages(),
            ].compactMap { $0 }
            state.withLock { $0.adminSite = newValue }
            for app in needed { install(app) }
            install(.admin(newValue))
        }
    }
}
