internal import PonyAuth
internal import PonyForms
public import PonyORM
internal import PonyTemplates
public import PonyWeb

/// A page that deletes the row the URL names: Django's `DeleteView`.
///
/// ```swift
/// app.route("posts/<int:pk>/delete/", DeleteView(Post.objects.all()) { _ in "/posts/" })
/// ```
///
/// `GET` shows `<app>/<model>_confirm_delete.html` with `object`, `<model>` and an empty
/// `form`; `POST` deletes the row (with its `onDelete` rules) and redirects.
public struct DeleteView<M: Model>: GenericView {
    /// The rows the URL may name, for a request.
    public var query: @Sendable (Request) async throws -> QuerySet<M>
    /// How the URL names the row.
    public var lookup: ObjectLookup
    /// The template, instead of `<app>/<model>_confirm_delete.html`.
    public var templateName: String?
    /// Where to go once the row is deleted.
    public var successURL: @Sendable (M) throws -> String
    /// A message for the next page once the row is deleted (Django's `SuccessMessageMixin`), shown
    /// where the template lists `messages` (with `.messages()` installed).
    public var successMessage: (@Sendable (M) -> String)?

    /// The methods a delete page answers: `GET` and `POST`.
    public var methods: [HTTPMethod] { [.get, .post] }

    /// A page deleting rows of `query`.
    public init(
        _ query: QuerySet<M> = M.objects, lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil,
        successMessage: (@Sendable (M) -> String)? = nil, successURL: @escaping @Sendable (M) throws -> String
    ) {
        self.init(
            lookup: lookup, templateName: templateName, query: { _ in query }, successMessage: successMessage,
            successURL: successURL)
    }

    /// A page deleting the rows `query` allows for each request (the user's own, say).
    public init(
        lookup: ObjectLookup = ObjectLookup(), templateName: String? = nil,
        query: @escaping @Sendable (Request) async throws -> QuerySet<M>,
        successMessage: (@Sendable (M) -> String)? = nil, successURL: @escaping @Sendable (M) throws -> String
    ) {
        self.query = query
        self.lookup = lookup
        self.templateName = templateName
        self.successURL = successURL
        self.successMessage = successMessage
    }

    /// The question, or the redirect after deleting.
    public func response(for request: Request) async throws -> Response {
        let object = try await SingleObject.object(request, try await query(request), lookup: lookup)
        if request.method == .post {
            _ = try await object.delete()
            if let message = successMessage?(object) { request.messages.success(message) }
            return Response.redirect(to: try successURL(object))
        }
        var context = SingleObject.context(object, name: nil)
        context.values["form"] = TemplateValue(any: Form())
        return try render(request, templateName ?? SingleObject<M>.templateName("_confirm_delete"), context)
    }
}
