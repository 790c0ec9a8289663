internal import Foundation
internal import PonySupport
internal import PonyWeb

extension API {
    /// `docs`: Swagger UI from Pony's own copy (no CDN); the page runs no inline script, so a
    /// strict Content-Security-Policy (`script-src 'self'`) allows it.
    func docsPage() -> Response {
        let title = escapeHTML(title)
        return .html(
            """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="docs/swagger-ui.css">
            </head>
            <body>
            <div id="swagger-ui" data-openapi-url="openapi.json"></div>
            <script src="docs/swagger-ui-bundle.js"></script>
            <script src="docs/swagger-init.js"></script>
            </body>
            </html>
            """)
    }

    /// The URL patterns of the docs page's assets (under `docs/`).
    var docsAssetPatterns: [URLPattern] {
        [
            .path("docs/swagger-ui-bundle.js", methods: [.get]) { request in
                SwaggerUIAssets.response(SwaggerUIAssets.bundle, type: "text/javascript", request: request)
            },
            .path("docs/swagger-ui.css", methods: [.get]) { request in
                SwaggerUIAssets.response(SwaggerUIAssets.css, type: "text/css", request: request)
            },
            .path("docs/swagger-init.js", methods: [.get]) { _ in
                var response = Response(body: .text(SwaggerUIAssets.initScript))
                response.headers["Content-Type"] = "text/javascript; charset=utf-8"
                return response
            },
        ]
    }
}

/// Swagger UI's files, gzip-compressed and base64-encoded, one generated file per asset
/// (`SwaggerUIFiles+Bundle.swift`, `SwaggerUIFiles+CSS.swift`).
enum SwaggerUIFiles {}

/// Swagger UI's script and stylesheet, vendored unmodified from the `drf-spectacular-sidecar`
/// package (see `Vendor/swagger-ui/`) and kept gzip-compressed in the framework.
enum SwaggerUIAssets {
    static let bundle = decoded(SwaggerUIFiles.bundleGzipBase64)
    static let css = decoded(SwaggerUIFiles.cssGzipBase64)

    /// Starts Swagger UI on the document the page names, with the CSRF cookie sent along for
    /// "Try it out" on session-authenticated endpoints.
    static let initScript = """
        "use strict";
        window.addEventListener("load", function () {
          var root = document.getElementById("swagger-ui");
          window.ui = SwaggerUIBundle({
            url: root.getAttribute("data-openapi-url"),
            dom_id: "#swagger-ui",
            deepLinking: true,
            presets: [SwaggerUIBundle.presets.apis],
            layout: "BaseLayout",
            requestInterceptor: function (request) {
              var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
              if (match) { request.headers["X-CSRFToken"] = match[1]; }
              return request;
            }
          });
        });
        """

    private static func decoded(_ base64: String) -> [UInt8] {
        Data(base64Encoded: base64, options: .ignoreUnknownCharacters).map { [UInt8]($0) } ?? []
    }

    /// The gzip bytes for clients that accept them (all browsers), the plain bytes otherwise.
    static func response(_ gzipped: [UInt8], type: String, request: Request) -> Response {
        var response: Response
        if request.headers["Accept-Encoding"]?.contains("gzip") == true {
            response = Response(body: .bytes(gzipped))
            response.headers["Content-Encoding"] = "gzip"
        } else {
            response = Response(body: .bytes(Gzip.decompress(gzipped) ?? []))
        }
        response.headers["Content-Type"] = "\(type); charset=utf-8"
        response.headers["Cache-Control"] = "public, max-age=86400"
        response.headers.addVary("Accept-Encoding")
        return response
    }
}
