public import PonyTemplates

/// Renders a template from the site's `templates/` folder (or the app's in-memory templates)
/// into an HTML response, like Django's `render()`.
///
/// ```swift
/// app.get("/", name: "home") { request in
///     try render(request, "home.html", ["tasks": tasks, "title": "To do"])
/// }
/// ```
///
/// The context also holds `request` (`{{ request.path }}`, `{{ request.GET.q }}`) and
/// `MEDIA_URL` (`{{ MEDIA_URL }}{{ entry.attachment }}` links a stored file). Under
/// `pony run` (DEBUG), templates are reread on every render, so edits show at once; in
/// production each is parsed once.
public func render(
    _ request: Request, _ template: String, _ context: TemplateContext = [:], status: HTTPStatus = .ok
) throws -> Response {
    .html(try renderToString(request, template, context), status: status)
}

/// Renders a template to text with the request's context (`request`, `MEDIA_URL`, the context
/// processors' values), like Django's `render_to_string(template, context, request)`: a part
/// of a page, an email body.
public func renderToString(_ request: Request, _ template: String, _ context: TemplateContext = [:]) throws -> String {
    guard let site = request.site else {
        throw HTTPError(
            .internalServerError, "render(request, …) needs a routed request (it carries the site's templates).")
    }
    var context = context
    if context.values["request"] == nil { context.values["request"] = .object(RequestTemplateValue(request: request)) }
    if context.values["MEDIA_URL"] == nil { context.values["MEDIA_URL"] = .string(site.settings.mediaURL) }
    for processor in site.contextProcessors {
        for (key, value) in processor(request) where context.values[key] == nil { context.values[key] = value }
    }
    return try site.templates.render(template, context)
}

/// What templates see as `request`.
struct RequestTemplateValue: TemplateObject {
    let request: Request

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "path": .string(request.path)
        case "method": .string(request.method.rawValue)
        case "get_full_path": .string(request.target)
        case "GET": .object(TemplateQueryDict(request.query.items))
        case "POST": .object(TemplateQueryDict(((try? request.form) ?? QueryDict()).items))
        case "COOKIES":
            .dictionary(
                TemplateDictionary(request.cookies.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        default: nil
        }
    }

    var text: String { "<Request: \(request.method) '\(request.target)'>" }
}

extension URLResolver: URLReversing {
    /// `{% url %}`: positional or keyword arguments, as Django's `reverse(name, args=…, kwargs=…)`.
    public func reverse(_ name: String, positional: [String], keywords: [String: String]) throws -> String {
        positional.isEmpty ? try reverse(name, keywords) : try reverse(name, positional: positional)
    }
}
