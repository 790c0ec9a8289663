internal import Foundation
internal import PonyAuth
internal import PonyForms
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

/// A model registered with the admin: its options and its pages (Django's `ModelAdmin`
/// views), under `app_label/model_name/` with Django's URL names (`admin:todo_task_change`).
struct ModelRegistration<M: Model>: AdminRegistration {
    let admin: ModelAdmin<M>
    /// The fields of the forms the admin generates, bound for each request it answers.
    let layouts: AdminFormLayouts
    /// The changelist's counts, kept while the database reports no commit (on SQLite): paging,
    /// sorting and coming back to a list of 100,000 rows do not count them again.
    let counts = CountCache()

    init(admin: ModelAdmin<M>) {
        self.admin = admin
        var layouts = AdminFormLayouts()
        layouts.change = FormLayout(
            fields: admin.formFields, exclude: admin.exclude + admin.readonlyFields,
            inputs: admin.relationOptions.inputs)
        layouts.listEditable = FormLayout(fields: admin.listEditable)
        for inline in admin.inlines { layouts.inlines[inline.layout.model] = inline.layout.form }
        self.layouts = layouts
    }

    /// Answers as a staff user with this registration's forms (see ``AdminFormLayouts``).
    func withAccess(_ request: Request, _ site: AdminSite, _ body: (AdminAccess) async throws -> Response)
        async throws -> Response
    {
        try await AdminFormLayouts.$current.withValue(layouts) {
            try await AdminViews.withAccess(request, site, body)
        }
    }

    var info: SchemaInfo { M.schemaInfo }

    func urlpatterns(_ site: AdminSite) -> [URLPattern] {
        let name = "\(info.appLabel)_\(info.name.lowercased())"
        return admin.extraPatterns(site, self) + [
            .path("", methods: [.get, .post], name: "\(name)_changelist") { request in
                try await withAccess(request, site) { access in try await changelist(request, access) }
            },
            .path("add/", methods: [.get, .post], name: "\(name)_add") { request in
                try await withAccess(request, site) { access in
                    if let addView = admin.addView { return try await addView(request, access, self) }
                    return try await changeForm(request, access, nil)
                }
            },
            .path("<path:object_id>/change/", methods: [.get, .post], name: "\(name)_change") { request in
                try await withAccess(request, site) { access in
                    try await changeForm(request, access, try request.parameter("object_id", as: String.self))
                }
            },
            .path("<path:object_id>/delete/", methods: [.get, .post], name: "\(name)_delete") { request in
                try await withAccess(request, site) { access in
                    try await delete(request, access, try request.parameter("object_id", as: String.self))
                }
            },
            .path("<path:object_id>/history/", methods: [.get], name: "\(name)_history") { request in
                try await withAccess(request, site) { access in
                    try await history(request, access, try request.parameter("object_id", as: String.self))
                }
            },
        ]
    }

    // MARK: - Shared

    /// `/admin/todo/task/`.
    func base(_ access: AdminAccess) -> String { access.site.root + "\(info.appLabel)/\(info.name.lowercased())/" }

    func changeURL(_ access: AdminAccess, _ row: M) -> String {
        base(access) + AdminQuote.quote(AdminFields.display(row.pk)) + "/change/"
    }

    /// The rows this request may reach.
    func root(_ request: Request) -> QuerySet<M> { admin.queryset(request, M.objects.all()) }

    /// The row with the key in the URL, among those the request may reach.
    func object(_ request: Request, _ quotedKey: String) async throws -> M? {
        guard let key = AdminFields.value(AdminQuote.unquote(quotedKey), for: info.primaryKey) else { return nil }
        return try await root(request).filter(Q("pk", key)).first()
    }

    /// Whether the user may do `permission` (to `row`), by model permission and the admin's hook.
    func allows(_ request: Request, _ access: AdminAccess, _ permission: AdminPermission, _ row: M? = nil) async throws
        -> Bool
    {
        guard access.has(permission, info) else { return false }
        return try await admin.permission(request, permission, row)
    }

    /// "task", "tasks", in the current language.
    var verboseName: String { AdminText.text(info.verboseName) }
    var verboseNamePlural: String { AdminText.text(info.verboseNamePlural) }
    /// Django's `model_ngettext`: the verbose name for `count` rows.
    func modelName(count: Int) -> String { count == 1 ? verboseName : verboseNamePlural }

    func context(_ request: Request, _ access: AdminAccess, title: String) -> TemplateContext {
        var context = access.context(request, title: title)
        context.merge([
            "opts": [
                "app_label": info.appLabel, "model_name": info.name.lowercased(), "verbose_name": verboseName,
                "verbose_name_plural": verboseNamePlural, "app_name": AdminViews.appName(info.appLabel),
                "app_url": access.site.root + info.appLabel + "/", "changelist_url": base(access),
            ] as [String: Any],
            "has_view_permission": access.has(.view, info), "has_add_permission": access.has(.add, info),
            "has_change_permission": access.has(.change, info), "has_delete_permission": access.has(.delete, info),
        ])
        return context
    }

    /// The warning and redirect for a key that matches no row (Django's `_get_obj_does_not_exist_redirect`).
    func missing(_ request: Request, _ access: AdminAccess, _ key: String) -> Response {
        request.messages.warning(
            AdminText.format(
                "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?",
                ["name": AdminFields.capitalized(verboseName), "key": AdminQuote.unquote(key)]))
        return Response.redirect(to: access.site.root)
    }

    // MARK: - History

    func history(_ request: Request, _ access: AdminAccess, _ key: String) async throws -> Response {
        guard let row = try await object(request, key) else { return missing(request, access, key) }
        guard try await allows(request, access, .view, row) else { throw HTTPError.forbidden() }
        let type = try await ContentType.for(info.model)
        let entries = try await LogEntry.objects.filter(Q("objectID", AdminFields.display(row.pk)))
            .filter(Q("contentType", type.pk)).selectRelated("user").orderBy("actionTime", "pk").fetch()
        var context = self.context(request, access, title: AdminText.format("Change history: %s", row.text))
        context.merge([
            "object": row.text, "object_url": changeURL(access, row),
            "action_list": entries.map { entry in
                [
                    "action_time": entry.actionTime, "user": entry.user.cached?.username ?? "",
                    "user_full_name": entry.user.cached.map { "\($0.firstName) \($0.lastName)" } ?? "",
                    "message": entry.changeMessageText,
                ] as [String: Any]
            },
        ])
        return try render(request, "admin/object_history.html", context)
    }
}

extension ModelAdmin {
    /// The fields the generated form edits: those of the fieldsets, or ``fields``; `nil` for all.
    var formFields: [String]? {
        let listed = fieldsets.isEmpty ? fields : fieldsets.flatMap(\.fields)
        return listed?.filter { !readonlyFields.contains($0) }
    }
}

extension AdminViews {
    /// Runs `body` for a staff user; anyone else is sent to the login page.
    static func withAccess(
        _ request: Request, _ site: AdminSite, _ body: (AdminAccess) async throws -> Response
    ) async throws -> Response {
        guard let access = try await AdminAccess(request, site: site) else { return redirectToLogin(request, site) }
        return try await body(access)
    }
}
