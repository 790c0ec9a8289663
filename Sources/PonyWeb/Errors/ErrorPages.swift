internal import Logging
internal import PonySupport
internal import PonyTemplates

/// The pages Pony answers with when a request fails: detailed in DEBUG, plain otherwise.
///
/// Production pages are the templates `400.html`, `403.html`, `404.html` and `500.html`, as
/// in Django: the app's own when it has them, Django's plain defaults (bundled with Pony)
/// otherwise, so they give nothing away about the application.
struct ErrorPages: Sendable {
    let debug: Bool
    let resolver: URLResolver
    let appName: String
    let templates: TemplateEngine

    /// The response for an error thrown while handling `request`.
    func response(for error: any Error, request: Request) -> Response {
        let httpError = error as? any HTTPResponseError
        let status = httpError?.status ?? .internalServerError
        let page = debug ? debugPage(error, httpError, request) : plainPage(status, request, httpError?.message ?? "")
        var response = Response.html(page, status: status)
        if let headers = httpError?.headers {
            for (name, value) in headers { response.headers.add(name, value) }
        }
        return response
    }

    /// The 404 for a path that no route matches, listing the patterns tried in DEBUG.
    func notFound(_ request: Request) -> Response {
        guard debug else { return .html(plainPage(.notFound, request, ""), status: .notFound) }
        let patterns = resolver.patternDescriptions
        let list =
            patterns.isEmpty
            ? "<p>No URL patterns are defined yet: add one with <code>app.route(\"/\") { request in … }</code>.</p>"
            : "<ol>" + patterns.map { "<li>\(escapeHTML($0))</li>" }.joined() + "</ol>"
        let page = DebugPage(
            title: "Page not found (404)",
            summary: "\(request.method) \(request.target)",
            sections: [
                "<p>Using the URL patterns defined in <code>\(escapeHTML(appName))</code>, Pony tried these, in this order:</p>"
                    + list
                    + "<p>The current path, <code>\(escapeHTML(String(request.path.dropFirst())))</code>, didn't match any of these.</p>"
            ],
            isWarning: true
        )
        return .html(page.html, status: .notFound)
    }

    /// The status's template, or Django's page when it is missing or fails to render (the
    /// failure is logged: an error page must not fail).
    private func plainPage(_ status: HTTPStatus, _ request: Request, _ message: String) -> String {
        let fallback = BundledTemplates.page(title: "\(status)", details: "")
        guard [400, 403, 404, 500].contains(status.code) else { return fallback }
        var context: TemplateContext = [:]
        if status.code == 404 { context["request_path"] = PercentEncoding.encodePath(request.path, keepSlash: true) }
        if status.code == 403 || status.code == 404 { context["exception"] = message }
        do {
            return try templates.render("\(status.code).html", context)
        } catch {
            Logger(label: "pony.request").error("\(status.code).html failed to render: \(error)")
            return BundledTemplates.templates["\(status.code).html"] ?? fallback
        }
    }

    private func debugPage(_ error: any Error, _ httpError: (any HTTPResponseError)?, _ request: Request) -> String {
        let status = httpError?.status ?? .internalServerError
        var sections: [String] = []
        // The place to show: where an HTTPError was created when that is the view's file,
        // otherwise the route's declaration.
        var location: (file: String, line: Int)?
        let raised = (error as? HTTPError).map { (file: $0.file, line: $0.line) }
        if let raised, raised.file == request.route?.file { location = raised }
        if location == nil, let route = request.route { location = (route.file, route.line) }
        if let templateError = error as? TemplateSyntaxError {
            sections.append(
                "<h2>Template error in <span>\(escapeHTML(templateError.templateName)):\(templateError.line)</span></h2>"
                    + "<pre class=\"source\">\(escapeHTML(templateError.description))</pre>")
        }
        if let location {
            let heading =
                raised?.file == location.file && raised?.line == location.line
                ? "Raised at" : "In the view declared at"
            var section = "<h2>\(heading) <span>\(escapeHTML(location.file)):\(location.line)</span></h2>"
            section += DebugPage.sourceExcerpt(file: location.file, line: location.line) ?? ""
            sections.append(section)
        }
        var rows: [(String, String)] = [
            ("Request Method", request.method.rawValue),
            ("Request URL", request.target),
            ("Exception Type", error is HTTPError ? "HTTPError" : String(reflecting: type(of: error))),
            ("Exception Value", httpError?.message ?? String(describing: error)),
        ]
        if let route = request.route {
            rows.append(("Route", route.pattern + (route.name.map { " [name='\($0)']" } ?? "")))
        }
        if let client = request.clientAddress { rows.append(("Client", client)) }
        sections.append(table("Request information", rows))
        let sensitive: Set<String> = ["cookie", "authorization", "proxy-authorization", "x-csrftoken"]
        let headers = request.headers.map {
            ($0.name, sensitive.contains($0.name.lowercased()) ? "********************" : $0.value)
        }
        sections.append(table("Headers", headers))
        if !request.query.isEmpty { sections.append(table("GET", request.query.map { ($0.key, $0.value) })) }
        let form = (try? request.form) ?? QueryDict()
        if !form.isEmpty { sections.append(table("POST", form.map { ($0.key, $0.value) })) }
        let summary = httpError?.message ?? String(describing: error)
        let title =
            error is HTTPError
            ? "\(status) at \(request.path)" : "\(String(reflecting: type(of: error))) at \(request.path)"
        return DebugPage(title: title, summary: summary, sections: sections, isWarning: status.code < 500).html
    }

    private func table(_ title: String, _ rows: [(String, String)]) -> String {
        "<h2>\(escapeHTML(title))</h2><table>"
            + rows.map { "<tr><th>\(escapeHTML($0.0))</th><td><pre>\(escapeHTML($0.1))</pre></td></tr>" }.joined()
            + "</table>"
    }
}
