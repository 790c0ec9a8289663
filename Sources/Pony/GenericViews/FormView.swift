internal import PonyAuth
public import PonyForms
internal import PonyTemplates
public import PonyWeb

/// A page with a form that does something once it is valid: Django's `FormView`.
///
/// ```swift
/// app.route("contact/", FormView(ContactForm.self, templateName: "contact.html", successURL: "/thanks/") {
///     form, request in
///     try await Mail.send(subject: form.subject, message: form.message, from: form.sender, to: ["team@shop.example"])
/// })
/// ```
///
/// `GET` shows `templateName` with an unbound `form` (with ``initial``'s values); a `POST`
/// binds the form to the request's data and files. When it is valid, ``formValid`` runs and
/// the page redirects to ``successURL``; otherwise the form shows again with its errors, with
/// status 200, as Django's does.
public struct FormView<F: Form>: GenericView {
    /// The template; it gets `form` and ``extraContext``'s values.
    public var templateName: String
    /// Where to go once the form is handled (Django's `success_url`).
    public var successURL: String
    /// The form's initial values for a request (Django's `get_initial`).
    public var initial: @Sendable (Request) async throws -> [String: any Sendable]
    /// The inputs' name prefix (Django's `prefix`).
    public var prefix: String?
    /// More context for a request (Django's `extra_context` and `get_context_data`).
    public var extraContext: @Sendable (Request) async throws -> TemplateContext
    /// A message for the next page once the form is handled (Django's `SuccessMessageMixin`),
    /// shown where the template lists `messages` (with `.messages()` installed).
    public var successMessage: (@Sendable (F) -> String)?
    /// What to do with a valid form (Django's `form_valid`), before the redirect: its typed
    /// properties hold the cleaned values. A thrown ``PonyWeb/HTTPError`` answers instead.
    public var formValid: @Sendable (F, Request) async throws -> Void

    /// The methods a form page answers: `GET` and `POST`.
    public var methods: [HTTPMethod] { [.get, .post] }

    /// A page with the form `form`.
    public init(
        _ form: F.Type, templateName: String, successURL: String, prefix: String? = nil,
        initial: @escaping @Sendable (Request) async throws -> [String: any Sendable] = { _ in [:] },
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] },
        successMessage: (@Sendable (F) -> String)? = nil,
        formValid: @escaping @Sendable (F, Request) async throws -> Void = { _, _ in }
    ) {
        self.templateName = templateName
        self.successURL = successURL
        self.prefix = prefix
        self.initial = initial
        self.extraContext = extraContext
        self.successMessage = successMessage
        self.formValid = formValid
    }

    /// The form, or the redirect once it is handled.
    public func response(for request: Request) async throws -> Response {
        let initial = try await initial(request)
        let form: F
        if request.method == .post {
            form = F(data: try request.form, files: try request.files, initial: initial, prefix: prefix)
            if form.isValid {
                try await formValid(form, request)
                if let message = successMessage?(form) { request.messages.success(message) }
                return Response.redirect(to: successURL)
            }
        } else {
            form = F(initial: initial, prefix: prefix)
        }
        var context = try await extraContext(request)
        context.values["form"] = TemplateValue(any: form)
        return try render(request, templateName, context)
    }
}
