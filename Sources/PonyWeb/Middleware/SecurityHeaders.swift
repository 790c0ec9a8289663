internal import HTTPTypes

/// Adds Django's security headers to every response that does not set them itself:
/// `X-Frame-Options`, `X-Content-Type-Options: nosniff`, `Referrer-Policy` and
/// `Cross-Origin-Opener-Policy`.
struct SecurityHeaders: Sendable {
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

    func apply(to response: inout Response) {
        // One pass over the response's fields finds which of ours it already sets.
        var present = 0
        for field in response.headers.fields {
            if let index = fields.firstIndex(where: { $0.name == field.name }) { present |= 1 << index }
        }
        for (index, field) in fields.enumerated() where present & (1 << index) == 0 {
            response.headers.fields.append(field)
        }
    }
}
