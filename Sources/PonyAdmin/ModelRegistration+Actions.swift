internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

extension ModelRegistration {
    static var deleteSelected: String { "delete_selected" }

    /// The action menu: "Delete selected …" for users who may delete, then the admin's own.
    func actionChoices(_ access: AdminAccess) -> [[String: String]] {
        var choices: [[String: String]] = []
        if access.has(.delete, info) {
            let title = AdminText.format(
                "Delete selected %(verbose_name_plural)s", ["verbose_name_plural": verboseNamePlural])
            choices.append(["name": Self.deleteSelected, "title": title])
        }
        for action in admin.actions where access.has(action.permission, info) {
            choices.append(["name": action.name, "title": AdminText.text(action.title)])
        }
        return choices
    }

    /// Runs the chosen action on the selected rows, or on every row the changelist shows with
    /// `select_across` (Django's `response_action`).
    func runAction(_ request: Request, _ access: AdminAccess, _ list: ChangeList<M>) async throws -> Response {
        let form = try request.form
        let back = Response.redirect(to: request.target)
        let name = form["action"] ?? ""
        let across = form["select_across"] == "1"
        let keys = form.list("_selected_action").compactMap { AdminFields.value($0, for: info.primaryKey) }
        guard !name.isEmpty else {
            request.messages.warning(AdminText.text("No action selected."))
            return back
        }
        guard across || !keys.isEmpty else {
            request.messages.warning(
                AdminText.text(
                    "Items must be selected in order to perform actions on them. No items have been changed."))
            return back
        }
        let rows = across ? list.filtered : list.root.filter(.lookup("pk__in", .list(keys)))
        if name == Self.deleteSelected {
            guard try await allows(request, access, .delete) else { throw HTTPError.forbidden() }
            return try await deleteSelected(request, access, rows, keys: form.list("_selected_action"), across: across)
        }
        guard let action = admin.actions.first(where: { $0.name == name }) else {
            request.messages.warning(AdminText.text("No action selected."))
            return back
        }
        guard try await allows(request, access, action.permission) else { throw HTTPError.forbidden() }
        return try await action.perform(request, rows) ?? back
    }

    /// Django's `delete_selected`: a confirmation page listing what would go, then the delete
    /// (with a log entry per row) when the page is posted back with `post=yes`.
    private func deleteSelected(
        _ request: Request, _ access: AdminAccess, _ rows: QuerySet<M>, keys: [String], across: Bool
    ) async throws -> Response {
        let preview = try await rows.deletionPreview()
        if try request.form["post"] == "yes", preview.protected.isEmpty {
            let doomed = try await rows.fetch()
            guard !doomed.isEmpty else { return Response.redirect(to: request.target) }
            try await ORM.atomic {
                for row in doomed {
                    try await AdminLogWriter.log(.deletion, user: access.user, info: info, key: row.pk, text: row.text)
                }
                _ = try await rows.delete()
            }
            request.messages.success(
                AdminText.format(
                    "Successfully deleted %(count)d %(items)s.",
                    ["count": String(doomed.count), "items": modelName(count: doomed.count)]))
            return Response.redirect(to: request.target)
        }
        let objectsName = modelName(count: across ? try await rows.count() : keys.count)
        let title =
            preview.protected.isEmpty
            ? AdminText.text("Delete multiple objects")
            : AdminText.format("Cannot delete %(name)s", ["name": objectsName])
        var context = self.context(request, access, title: title)
        context.merge(deletionContext(preview))
        context.merge([
            "selected": keys, "select_across": across ? "1" : "0", "action": Self.deleteSelected,
            "objects_name": objectsName,
        ])
        return try render(request, "admin/delete_selected_confirmation.html", context)
    }

    /// What the confirmation pages show: each model's rows to delete, the counts, and the
    /// rows that protect them.
    func deletionContext(_ preview: DeletionPreview) -> [String: Any] {
        [
            "deleted_objects": preview.groups.map { group -> [String: Any] in
                let name = AdminFields.capitalized(AdminText.text(group.model.verboseName))
                return [
                    "name": name, "rows": group.rows.map { "\(name): \($0)" },
                    "more": group.count - group.rows.count,
                ]
            },
            "model_count": preview.groups.map { group -> [String: Any] in
                let plural = AdminText.text(group.model.verboseNamePlural)
                return ["name": AdminFields.capitalized(plural), "count": group.count]
            },
            "protected": preview.protected,
        ]
    }
}
