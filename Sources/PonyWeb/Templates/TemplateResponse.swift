public import PonyTemplates

/// A response rendered from a template when the view returns it, like Django's
/// `TemplateResponse`: until then its template, context, status and headers can still be
/// changed — by the view, or by a helper that wraps views.
///
/// ```swift
/// func titled(
///     _ view: @escaping @Sendable (Request) throws -> TemplateResponse
/// ) -> @Sendable (Request) throws -> TemplateResponse {
///     { request in
///         var response = try view(request)
///         response.context["title"] = "Pony"
///         return response
///     }
/// }
/// app.get("/", titled { request in TemplateResponse(request, "home.html", ["tasks": tasks]) })
/// ```
public struct TemplateResponse: ResponseConvertible {
    /// The request it answers; templates see it as `request`.
    public let request: Request
    /// The template's name.
    public var template: String
    /// The variables it renders with.
    public var context: TemplateContext
    /// The status code.
    public var status: HTTPStatus
    /// Headers added to the rendered response.
    public var headers: Headers

    /// A response that renders `template` with `context` when returned.
    public init(
        _ request: Request, _ template: String, _ context: TemplateContext = [:], status: HTTPStatus = .ok,
        headers: Headers = [:]
    ) {
        self.request = request
        self.template = template
        self.context = context
        self.status = status
        self.headers = headers
    }

    /// Renders the template, as ``render(_:_:_:status:)`` does.
    public func makeResponse() throws -> Response {
        var response = try render(request, template, context, status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}
