internal import Foundation
internal import PonyAuth
internal import PonyForms
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

extension ModelRegistration {
    /// The add and change pages (Django's `changeform_view`): the form, its errors, and
    /// after a save the log entry, the message and the redirect the pressed button asks for.
    func changeForm(_ request: Request, _ access: AdminAccess, _ key: String?) async throws -> Response {
        var instance: M?
        if let key {
            guard let row = try await object(request, key) else { return missing(request, access, key) }
            instance = row
        }
        let saveAsNew = try request.method == .post && request.form["_saveasnew"] != nil && admin.saveAs
        if saveAsNew { instance = nil }
        let isAdd = instance == nil
        let canEdit = try await allows(request, access, isAdd ? .add : .change, instance)
        let canView = try await allows(request, access, .view, instance)
        guard canEdit || canView else { throw HTTPError.forbidden() }

        if request.method == .post {
            guard canEdit else { throw HTTPError.forbidden() }
            let (data, files) = (try request.form, try request.files)
            let form = try await makeForm(data: data, files: files, instance: instance)
            var inlines: [InlineFormSet] = []
            for inline in admin.inlines {
                if let formset = try await inline.make(data, files, instance, access) { inlines.append(formset) }
            }
            // NB: every form is checked, so that all errors show at once.
            var valid = try await form.validate()
            for inline in inlines where try await !inline.validate() { valid = false }
            if valid {
                // NB: as Django's `changeform_view`, the row, its inlines and the log entry are
                // saved in one transaction: a failure in any leaves the database as it was.
                let saved = try await inPlaceTransaction {
                    let saved = try await form.save()
                    var changes: [LogEntry.InlineChange] = []
                    for inline in inlines { changes += try await inline.save(parent: saved.pk) }
                    let labels = form.changedLabels
                    try await AdminLogWriter.log(
                        isAdd ? .addition : .change, user: access.user, info: info, key: saved.pk, text: saved.text,
                        message: LogEntry.changeMessage(added: isAdd, changedLabels: labels, inlines: changes))
                    return saved
                }
                if try isPopup(request) { return try popupResponse(request, access, saved, added: isAdd) }
                return try respondAfterSave(request, access, saved, added: isAdd)
            }
            return try await renderForm(request, access, form, instance: instance, editable: true, inlines: inlines)
        }
        let form = try await makeForm(data: nil, files: UploadedFiles(), instance: instance)
        var inlines: [InlineFormSet] = []
        if canEdit {
            for inline in admin.inlines {
                if let formset = try await inline.make(nil, UploadedFiles(), instance, access) {
                    inlines.append(formset)
                }
            }
        }
        return try await renderForm(request, access, form, instance: instance, editable: canEdit, inlines: inlines)
    }

    /// Whether the page is a related-object pop-up (`_popup` in the address or the form).
    private func isPopup(_ request: Request) throws -> Bool {
        try request.query[ChangeListParameter.popup] != nil
            || (request.method == .post && request.form[ChangeListParameter.popup] != nil)
    }

    /// The admin's form for the row: the admin's own form class, or the generated one.
    private func makeForm(data: QueryDict?, files: UploadedFiles, instance: M?) async throws -> ModelForm<M> {
        if let form = admin.form { return try await form.init(data: data, files: files, instance: instance) }
        return try await AdminForm<M>(data: data, files: files, instance: instance)
    }

    /// Django's `response_add`/`response_change`: the message and where each button goes.
    private func respondAfterSave(_ request: Request, _ access: AdminAccess, _ saved: M, added: Bool) throws
        -> Response
    {
        let form = try request.form
        let names = ["name": verboseName, "obj": saved.text]
        let done = added ? "The {name} “{obj}” was added successfully." : "The {name} “{obj}” was changed successfully."
        if form["_continue"] != nil || (form["_saveasnew"] != nil && admin.saveAs) {
            let message =
                added
                ? AdminText.braces(done, names) + " " + AdminText.text("You may edit it again below.")
                : AdminText.braces("The {name} “{obj}” was changed successfully. You may edit it again below.", names)
            request.messages.success(message)
            return Response.redirect(to: changeURL(access, saved))
        }
        if form["_addanother"] != nil {
            let message =
                added
                ? "The {name} “{obj}” was added successfully. You may add another {name} below."
                : "The {name} “{obj}” was changed successfully. You may add another {name} below."
            request.messages.success(AdminText.braces(message, names))
            return Response.redirect(to: base(access) + "add/")
        }
        request.messages.success(AdminText.braces(done, names))
        return Response.redirect(to: access.has(.view, info) ? base(access) : access.site.root)
    }

    private func renderForm(
        _ request: Request, _ access: AdminAccess, _ form: ModelForm<M>, instance: M?, editable: Bool,
        inlines: [InlineFormSet]
    ) async throws -> Response {
        let isAdd = instance == nil
        let formValue = TemplateValue(any: form)
        var widgets: [String: [String: Any]] = [:]
        if editable {
            for field in info.fields where field.relatedModel != nil {
                guard let bound = form[field.name],
                    let widget = try await access.relationWidget(
                        field.name, of: info, in: form, options: admin.relationOptions)
                else { continue }
                // NB: rows are named as the fieldsets name them (Swift) or as the form does (snake case).
                (widgets[field.name], widgets[bound.name]) = (widget, widget)
            }
        }
        let sections =
            admin.fieldsets.isEmpty
            ? [AdminFieldset(nil, form.boundFields.map(\.name) + admin.readonlyFields.filter { form[$0] == nil })]
            : admin.fieldsets
        let fieldsets = sections.enumerated().map { index, section -> [String: Any] in
            let rows = section.fields.compactMap { name -> [String: Any]? in
                guard editable, !admin.readonlyFields.contains(name), form[name] != nil,
                    let field = formValue.lookup(name)
                else {
                    guard let instance else { return nil }
                    return [
                        "is_readonly": true, "label": AdminFields.label(name, in: info),
                        "contents": cell(AdminColumn(stringLiteral: name), instance), "name": name,
                    ]
                }
                return ["is_readonly": false, "field": field, "name": name].merging(widgets[name] ?? [:]) { $1 }
            }
            // NB: Django's `Fieldset.is_collapsible`: a section with an error in it stays open.
            let hasErrors = section.fields.contains { !(form[$0]?.errors.isEmpty ?? true) }
            return [
                "name": section.title.map(AdminText.text) as Any, "rows": rows,
                "classes": section.classes.joined(separator: " "),
                "is_collapsible": section.title != nil && section.classes.contains("collapse") && !hasErrors,
                "description": section.description as Any, "heading_id": "fieldset-0-\(index)-heading",
            ]
        }
        var inlineValues: [TemplateValue] = []
        for inline in inlines { inlineValues.append(try await inline.templateValue(access)) }
        let title = isAdd ? "Add %s" : editable ? "Change %s" : "View %s"
        var context = self.context(request, access, title: AdminText.format(title, verboseName))
        let objectURL = instance.map { base(access) + AdminQuote.quote(AdminFields.display($0.pk)) + "/" } ?? ""
        context.merge([
            "form": form, "fieldsets": fieldsets, "add": isAdd, "change": !isAdd, "editable": editable,
            "is_multipart": form.isMultipart, "errors_count": form.errors.count,
            "object": instance?.text ?? "", "save_as": admin.saveAs && !isAdd,
            "history_url": instance == nil ? "" : objectURL + "history/",
            "delete_url": instance == nil ? "" : objectURL + "delete/",
            "object_tools": instance == nil || !editable
                ? [] : admin.objectTools.map { ["title": AdminText.text($0.title), "url": objectURL + $0.path] },
            "can_delete": !isAdd && access.has(.delete, info), "can_add": access.has(.add, info),
            "inline_admin_formsets": inlineValues,
            "prepopulated_fields": editable
                ? RelationOptions.json(
                    admin.relationOptions.prepopulated(form, of: info) + inlines.flatMap(\.prepopulated)) : "",
            "is_popup": try isPopup(request),
        ])
        return try render(request, "admin/change_form.html", context)
    }

    /// A page with a form of its own (adding a user, changing a password): the change form's
    /// template with one section, an introduction and one button.
    func renderPlainForm(
        _ request: Request, _ access: AdminAccess, _ form: Form, title: String, object: M?, intro: String,
        button: String? = nil
    ) throws -> Response {
        let formValue = TemplateValue(any: form)
        let rows = form.boundFields.compactMap { field -> [String: Any]? in
            formValue.lookup(field.name).map { ["is_readonly": false, "field": $0, "name": field.name] }
        }
        var context = self.context(request, access, title: title)
        context.merge([
            "form": form, "fieldsets": [["name": nil as String? as Any, "rows": rows]], "add": object == nil,
            "change": object != nil, "editable": true, "is_multipart": false, "errors_count": form.errors.count,
            "object": object?.text ?? "", "intro": TemplateValue.safe(intro),
            "submit_label": button ?? AdminText.text("Save"),
        ])
        return try render(request, "admin/change_form.html", context)
    }

    // MARK: - Delete

    /// Django's `delete_view`: the confirmation page, then the delete and its log entry.
    func delete(_ request: Request, _ access: AdminAccess, _ key: String) async throws -> Response {
        guard let row = try await object(request, key) else { return missing(request, access, key) }
        guard try await allows(request, access, .delete, row) else { throw HTTPError.forbidden() }
        let rows = root(request).filter(Q("pk", row.pk))
        let preview = try await rows.deletionPreview()
        if request.method == .post, preview.protected.isEmpty {
            try await ORM.atomic {
                try await AdminLogWriter.log(.deletion, user: access.user, info: info, key: row.pk, text: row.text)
                _ = try await rows.delete()
            }
            request.messages.success(
                AdminText.format(
                    "The %(name)s “%(obj)s” was deleted successfully.", ["name": verboseName, "obj": row.text]))
            return Response.redirect(to: access.has(.view, info) ? base(access) : access.site.root)
        }
        let title =
            preview.protected.isEmpty
            ? AdminText.text("Delete") : AdminText.format("Cannot delete %(name)s", ["name": verboseName])
        var context = self.context(request, access, title: title)
        context.merge(deletionContext(preview))
        context.merge(["object": row.text, "object_url": changeURL(access, row)])
        return try render(request, "admin/delete_confirmation.html", context)
    }
}

/// Runs `body`, which uses the request's forms (not `Sendable`), in a transaction. The
/// transaction awaits `body` in this task and nothing else holds the forms, so they are never
/// used from two places at once.
func inPlaceTransaction<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
    try await withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        return try await ORM.atomic { try await body() }
    }
}
