public import PonyForms
public import PonyORM
internal import PonyTemplates
public import PonyWeb

// Django's editing views: `CreateView` and `UpdateView` show a model form on GET, and on POST
// save it and redirect, or show it again with its errors; `DeleteView` asks on GET and
// deletes on POST. Each renders `<app>/<model>_form.html` or `_confirm_delete.html`.

/// A page with a form that adds a row: Django's `CreateView`.
///
/// ```swift
/// app.route("posts/new/", CreateView(PostForm.self) { "/posts/\($0.id!)/" })
/// ```
///
/// `GET` shows `<app>/<model>_form.html` with `form`; a valid `POST` saves the row and
/// redirects to `successURL` of it; an invalid one shows the form again with its errors.
public struct CreateView<M: Model, F: ModelForm<M>>: GenericView {
    /// The template, instead of `<app>/<model>_form.html`.
    public var templateName: String?
    /// The form's initial values for a request (Django's `get_initial`).
    public var initial: @Sendable (Request) async throws -> [String: any Sendable]
    /// Where to go once the row is saved (Django's `success_url`).
    public var successURL: @Sendable (M) throws -> String
    /// A message for the next page once the row is saved (Django's `SuccessMessageMixin`), shown
    /// where the template lists `messages` (with `.messages()` installed).
    public var successMessage: (@Sendable (M) -> String)?

    /// The methods a form page answers: `GET` and `POST`.
    public var methods: [HTTPMethod] { [.get, .post] }

    /// A page with the model form `form`.
    public init(
        _ form: F.Type, templateName: String? = nil,
        initial: @escaping @Sendable (Request) async throws -> [String: any Sendable] = { _ in [:] },
        successMessage: (@Sendable (M) -> String)? = nil, successURL: @escaping @Sendable (M) throws -> String
    ) {
        self.templateName = templateName
        self.initial = initial
        self.successURL = successURL
        self.successMessage = successMessage
    }

    /// The form, or the redirect after saving it.
    public func response(for request: Request) async throws -> Response {
        try await ModelFormPage<M, F>.respond(
            request, instance: nil, initial: try await initial(request), context: TemplateContext(),
            template: templateName ?? SingleObject<M>.templateName("_form"), successURL: successURL,
            successMessage: successMessage)
    }
}
