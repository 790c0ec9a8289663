internal import PonyTemplates
public import PonyWeb

/// A page that is a template: Django's `TemplateView`.
///
/// ```swift
/// app.route("about/", TemplateView("about.html"))
/// app.route("hello/<str:name>/", TemplateView("hello.html"))   // {{ name }} is the URL's
/// ```
///
/// The template gets the URL's parameters by name, then ``extraContext``'s values.
public struct TemplateView: GenericView {
    /// The template.
    public var templateName: String
    /// More context for a request (Django's `extra_context` and `get_context_data`).
    public var extraContext: @Sendable (Request) async throws -> TemplateContext

    /// A page rendering `templateName`.
    public init(
        _ templateName: String,
        extraContext: @escaping @Sendable (Request) async throws -> TemplateContext = { _ in [:] }
    ) {
        self.templateName = templateName
        self.extraContext = extraContext
    }

    /// The rendered template.
    public func response(for request: Request) async throws -> Response {
        var context = TemplateContext()
        for (name, value) in request.parameters { context.values[name] = .string(value) }
        context.values.merge(try await extraContext(request).values) { $1 }
        return try render(request, templateName, context)
    }
}
