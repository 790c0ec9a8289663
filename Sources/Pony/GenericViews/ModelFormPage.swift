internal import PonyAuth
internal import PonyForms
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

/// The model form step of the create and update views (Django's `ProcessFormView` with
/// `ModelFormMixin`).
enum ModelFormPage<M: Model, F: ModelForm<M>> {
    static func respond(
        _ request: Request, instance: M?, initial: [String: any Sendable], context: TemplateContext,
        template: String, successURL: (M) throws -> String, successMessage: ((M) -> String)?
    ) async throws -> Response {
        let form: F
        if request.method == .post {
            form = try await F(data: try request.form, files: try request.files, instance: instance, initial: initial)
            if try await form.validate() {
                let saved = try await form.save()
                if let message = successMessage?(saved) { request.messages.success(message) }
                return Response.redirect(to: try successURL(saved))
            }
        } else {
            form = try await F(instance: instance, initial: initial)
        }
        var context = context
        context.values["form"] = TemplateValue(any: form)
        return try render(request, template, context)
    }
}
