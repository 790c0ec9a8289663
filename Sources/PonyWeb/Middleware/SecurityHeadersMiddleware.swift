internal import HTTPTypes

/// Adds Django's security headers to every response that does not set them itself:
/// `X-Frame-Options`, `X-Content-Type-Options: nosniff`, `Referrer-Policy` and
/// `Cross-Origin-Opener-Policy`.
struct SecurityHeadersMiddleware: Middleware {
    private let fields: [HTTPField]

    init(settings: ResolvedSettings) {
        var fields: [HTTPField] = []
        func add(_ name: String, _ value: String) {
            if !value.isEmpty, let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        add("X-Frame-Options", settings.frameOptions)
        add("X-Content-Type-Options", "nosniff")
        add("Referrer-Policy", settings.referrerPolicy)
        add("Cross-Origin-Opener-Policy", settings.crossOriginOpenerPolicy)
        self.fields = fields
    }

    func respond(to request: Request, next: Next) async throws -> Response {
        var response = try await next(request)
        for field in fields where !response.headers.fields.contains(field.name) {
            response.headers.fields.append(field)
        }
        return response
    }
}
