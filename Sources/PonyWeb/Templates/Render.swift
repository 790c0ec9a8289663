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
///
/// Models follow their relations as in Django (`{{ task.owner.name }}`,
/// `{% for t in owner.tasks.all %}`) without `selectRelated`/`prefetchRelated`: what a pass
/// reaches unloaded is loaded when the view returns, with one query per relation for all the
/// rows that reached it (Django runs one per row), and the page is rendered again (at most
/// eight passes in all). A query in the context (`["tasks": Task.objects.filter(…)]`) is run
/// the same way, once, where the page first needs its rows.
public func render(
    _ request: Request, _ template: String, _ context: TemplateContext = [:], status: HTTPStatus = .ok
) throws -> Response {
    let page = try Page(request, template, context)
    let loads = TemplateLoads()
    // NB: a test client's log keeps only the last pass, as if the page rendered once.
    let log = page.engine.logsRenders ? TemplateRenderLog.current : nil
    let logged = log?.count ?? 0
    var response = Response.html(try page.render(with: loads), status: status)
    if loads.hasPending {
        response.pendingBody = {
            var html = ""
            for _ in 1..<maximumRenderPasses where loads.hasPending {
                try await loads.loadPending()
                log?.truncate(to: logged)
                html = try TemplateRenderLog.$current.withValue(log) { try page.render(with: loads) }
            }
            return html
        }
    }
    return response
}

/// How many times ``render(_:_:_:status:)`` renders a page whose relations need loading: each
/// pass after the first follows relations one step further (`task.owner.company.name` needs
/// three).
let maximumRenderPasses = 8

/// Renders a template to text with the request's context (`request`, `MEDIA_URL`, the context
/// processors' values), like Django's `render_to_string(template, context, request)`: a part
/// of a page, an email body. It does not await, so relations show what was loaded with
/// their rows (`selectRelated`, `prefetchRelated`); ``render(_:_:_:status:)`` loads the rest.
public func renderToString(_ request: Request, _ template: String, _ context: TemplateContext = [:]) throws -> String {
    try Page(request, template, context).render(with: nil)
}

/// A template and its whole context (the view's values, `request`, `MEDIA_URL`, the context
/// processors'), ready to render once or in passes.
private struct Page: Sendable {
    let engine: TemplateEngine
    let template: String
    let context: TemplateContext

    init(_ request: Request, _ template: String, _ context: TemplateContext) throws {
        guard let site = request.site else {
            throw HTTPError(
                .internalServerError, "render(request, …) needs a routed request (it carries the site's templates).")
        }
        var context = context
        if context.values["request"] == nil {
            context.values["request"] = .object(RequestTemplateValue(request: request))
        }
        if context.values["MEDIA_URL"] == nil { context.values["MEDIA_URL"] = .string(site.settings.mediaURL) }
        if context.values["csp_nonce"] == nil, let nonce = request.storage[CSPNonceKey.self] {
            context.values["csp_nonce"] = .object(LazyCSPNonce(nonce: nonce))
        }
        for processor in site.contextProcessors {
            for (key, value) in processor(request) where context.values[key] == nil { context.values[key] = value }
        }
        engine = site.templates
        self.template = template
        self.context = context
    }

    /// One pass; relations it reaches unloaded are asked of `loads`.
    func render(with loads: TemplateLoads?) throws -> String {
        try TemplateLoads.$current.withValue(loads) { try engine.render(template, context) }
    }
}

/// What templates see as `request`.
package struct RequestTemplateValue: TemplateObject {
    package let request: Request

    package func lookup(_ key: String) -> TemplateValue? {
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

    package var text: String { "<Request: \(request.method) '\(request.target)'>" }
}

extension URLResolver: URLReversing {
    /// `{% url %}`: positional or keyword arguments, as Django's `reverse(name, args=…, kwargs=…)`.
    public func reverse(_ name: String, positional: [String], keywords: [String: String]) throws -> String {
        positional.isEmpty ? try reverse(name, keywords) : try reverse(name, positional: positional)
    }
}
