public import PonyForms
public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// A page with a form that changes the row the URL names: Django's `UpdateView`.
///
/// ```swift
/// app.route("posts/<int:pk>/edit/", UpdateView(PostForm.self) { _ in "/posts/" })
/// ```
///
/// The row is found as ``DetailView`` finds it (a 404 when there is none); the template gets
/// `form`, `object` and `<model>`.
public struct UpdateView<M: Model, F: ModelForm<M>>: GenericView {
    /// The rows the URL may name, for a request (the user's own, say).
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// How the URL names the row.
    public var lookup: ObjectLookup
    /// The template, instead of `<app>/<model>_form.html`.
    public var templateName: String?
    /// Where to go once the row is saved.
    public var successURL: @Sendable (M) throws -> String
    /// A message for the next page once the row is saved (Django's `SuccessMessageMixin`), shown
    /// where the template lists `messages` (with `.messages()` installed).
    public var successMessage: (@Sendable (M) -> String)?

    /// The methods a form page answers: `GET` and `POST`.
    public var methods: [HTTPMethod] { [.get, .post] }

    /// A page editing rows of `query` with the model form `form`.
    public init(
        _ form: F.Type, lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil, query: QuerySet<M>,
        successMessage: (@Sendable (M) -> String)? = nil, successURL: @escaping @Sendable (M) throws -> String
    ) {
        self.init(
            form, lookup: lookup, templateName: templateName, query: { _ in query }, successMessage: successMessage,
            successURL: successURL)
    }

    /// A page editing, with the model form `form`, the rows `query` allows for each request (the
    /// user's own, say); all of the model's rows by default.
    public init(
        _ form: F.Type, lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil,
        query: @escaping @Sendable (Request) async throws -> QuerySet<M> = { _ in M.objects },
        successMessage: (@Sendable (M) -> String)? = nil, successURL: @escaping @Sendable (M) throws -> String
    ) {
        self.query = query
        self.lookup = lookup
        self.templateName = templateName
        self.successURL = successURL
        self.successMessage = successMessage
    }

    /// The form for the row, or the redirect after saving it.
    public func response(for request: Request) async throws -> Response {
        let object = try await SingleObject.object(request, try await query(request), lookup: lookup)
        return try await ModelFormPage<M, F>.respond(
            request, instance: object, initial: [:], context: SingleObject.context(object, name: nil),
            template: templateName ?? SingleObject<M>.templateName("_form"), successURL: successURL,
            successMessage: successMessage)
    }
}
