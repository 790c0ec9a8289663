public import PonyTemplates

/// Templates that ship inside Pony's own modules, searched after the app's in-memory templates
/// and its `templates/` folder, so an app overrides any of them by name (as a Django project's
/// templates override an app's). They are Swift strings, not resource files, so they work
/// wherever the framework library goes.
public enum BundledTemplates {
    /// The loader the site's template engine searches last.
    public static let loader = DictionaryLoader(templates)

    /// Django's production error pages (`django.views.defaults`), as templates: `404.html`
    /// gets `request_path` and `exception`, `403.html` gets `exception`.
    static let templates: [String: String] = [
        "400.html": page(title: "Bad Request (400)", details: ""),
        "403.html": page(title: "403 Forbidden", details: ""),
        "404.html": page(title: "Not Found", details: "The requested resource was not found on this server."),
        "500.html": page(title: "Server Error (500)", details: ""),
    ]

    /// Django's `ERROR_PAGE_TEMPLATE`.
    static func page(title: String, details: String) -> String {
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>\(title)</title>\n</head>\n<body>\n"
            + "  <h1>\(title)</h1><p>\(details)</p>\n</body>\n</html>\n"
    }
}
