internal import Foundation
internal import PonyAuth
public import PonySupport
public import PonyWeb
internal import Synchronization

/// A JSON API with typed endpoints, validation in django-ninja's shapes, and an OpenAPI 3.1
/// document with a docs page (django-ninja's `NinjaAPI`).
///
/// ```swift
/// struct TodoIn: Decodable, Sendable, Constrained {
///     var title: String
///     var done: Bool?
///     static let constraints: [String: Constraint] = ["title": .length(1...100)]
/// }
///
/// let api = API(title: "Todos")
/// api.post("/todos", body: TodoIn.self, status: .created) { request, todo in
///     try await Todo(title: todo.title, done: todo.done ?? false).save()
/// }
/// ```
///
/// Bad input never reaches the handler: a missing, mistyped or out-of-range field is a 422
/// listing every failing field, malformed JSON a 400, another content type a 415, an unknown
/// path under the API a 404 and another method a 405, all as `{"detail": …}` JSON.
/// `GET /api/openapi.json` describes every endpoint and `GET /api/docs` shows it.
public final class API: APIRoutes {
    /// Where the API is mounted (`"api/"`).
    public let prefix: String
    /// The document's title.
    public let title: String
    /// The API's version (not OpenAPI's).
    public let version: String
    /// A longer description (Markdown) for the document.
    public let description: String?
    /// Whether a member no field reads is refused (pydantic's `extra="forbid"`); django-ninja
    /// ignores them, and so does Pony by default.
    public let forbidsExtraFields: Bool
    /// Whether `openapi.json` and `docs` are served.
    public let servesDocs: Bool
    /// The authentication of every endpoint that does not set its own (none: all requests).
    public let auth: [any APIAuth]

    private let state = Mutex(State())

    private struct State {
        var endpoints: [Endpoint] = []
        var problems: [ConfigurationError] = []
        var document: JSONValue?
    }

    /// An API mounted at `prefix`.
    public init(
        prefix: String = "api/", title: String = "Pony API", version: String = "1.0.0", description: String? = nil,
        auth: [any APIAuth] = [], forbidsExtraFields: Bool = false, servesDocs: Bool = true
    ) {
        self.auth = auth
        let trimmed = prefix.drop { $0 == "/" }
        self.prefix = trimmed.isEmpty || trimmed.hasSuffix("/") ? String(trimmed) : trimmed + "/"
        self.title = title
        self.version = version
        self.description = description
        self.forbidsExtraFields = forbidsExtraFields
        self.servesDocs = servesDocs
    }

    /// The API's own router: endpoints added to the API go here.
    public var router: APIRouter { APIRouter(api: self, prefix: "", tags: [], auth: nil) }

    func add(_ endpoint: Endpoint) {
        state.withLock {
            $0.endpoints.append(endpoint)
            $0.document = nil
        }
    }

    var endpoints: [Endpoint] { state.withLock { $0.endpoints } }

    /// Reports constraints of `T` on keys it does not have (`api.E002`), ``Header`` fields of a
    /// type read from the body (`api.E004`), and patterns that do not compile, in `T` or the
    /// types of its fields (`api.E005`).
    func checkInput<T: Decodable>(_ type: T.Type, readsHeaders: Bool, file: String, line: Int) {
        let components = SchemaComponents()
        let (properties, _) = objectProperties(T.self, components)
        for problem in components.invalidPatterns {
            report(ConfigurationError(problem, file: file, line: line, id: "api.E005"))
        }
        if !readsHeaders {
            for key in components.headerKeys(of: T.self).sorted() {
                report(
                    ConfigurationError(
                        "\(T.self).\(key) is a @Header field, but \(T.self) is read from the request's body:"
                            + " headers are read into an input: type only (pass `input: \(T.self).self`).",
                        file: file, line: line, id: "api.E004"))
            }
        }
        guard let constrained = T.self as? any Constrained.Type else { return }
        for key in constrained.constraints.keys.sorted() where properties[key] == nil {
            report(
                ConfigurationError(
                    "\(T.self).constraints names '\(key)', which is not one of its fields (\(properties.keys.joined(separator: ", "))).",
                    file: file, line: line, id: "api.E002"))
        }
    }

    /// Records a mistake found while endpoints were added, reported when the site starts.
    func report(_ problem: ConfigurationError) { state.withLock { $0.problems.append(problem) } }

    /// The URL patterns that serve the API: include them in a structured project's URLs
    /// (the single-file `app.api` is included for you).
    public var urlpatterns: [URLPattern] {
        var byPattern: [String: [Endpoint]] = [:]
        var order: [String] = []
        for endpoint in endpoints {
            if byPattern[endpoint.path.pattern] == nil { order.append(endpoint.path.pattern) }
            byPattern[endpoint.path.pattern, default: []].append(endpoint)
        }
        var patterns = order.map { pattern in
            let endpoints = byPattern[pattern] ?? []
            let first = endpoints.first
            return URLPattern.path(pattern, file: first?.file ?? #filePath, line: first?.line ?? #line) {
                request async throws -> Response in try await Self.dispatch(request, endpoints)
            }
        }
        if servesDocs {
            patterns.append(
                .path("openapi.json", methods: [.get], name: "api-openapi") { [self] _ in
                    Response.json(encoded: openAPIDocument.pythonJSONBytes(asciiOnly: false))
                })
            patterns.append(.path("docs", methods: [.get], name: "api-docs") { [self] _ in docsPage() })
            patterns += docsAssetPatterns
        }
        // Anything else under the prefix is an API path: a JSON 404, not the site's HTML page.
        patterns.append(.path("", { _ in detail("Not Found", status: .notFound) }))
        patterns.append(.path("<path:rest>", { _ in detail("Not Found", status: .notFound) }))
        return [URLPattern.include(prefix, patterns).tagged(.csrfExempt)]
    }

    /// Runs the endpoint for the request's method, or answers 405 with `Allow`.
    private static func dispatch(_ request: Request, _ endpoints: [Endpoint]) async throws -> Response {
        let method = request.method == .head ? HTTPMethod.get : request.method
        // NB: the endpoint's two members are read in place rather than copying the whole
        // `Endpoint` (a dozen references), and `authenticated` is not asked when there is no
        // scheme: both showed in `perf` on every request.
        guard let index = endpoints.firstIndex(where: { $0.method == method }) else {
            var response = detail("Method Not Allowed", status: .methodNotAllowed)
            response.headers["Allow"] = endpoints.map(\.method.rawValue).joined(separator: ", ")
            return response
        }
        let respond = endpoints[index].respond
        do {
            let schemes = endpoints[index].auth
            if schemes.isEmpty { return try await respond(request) }
            switch try await authenticated(request, schemes) {
            case .success(let request): return try await respond(request)
            case .failure(let error): throw error
            }
        } catch {
            return try errorResponse(error)
        }
    }

    /// Configuration problems: an endpoint whose authentication needs an app that is not
    /// installed (`api.E001`: ``TokenAuth`` needs `authtoken`, ``SessionAuth`` needs `auth`), a
    /// constraint on a field its type does not have (`api.E002`), a `crud` filter or ordering on
    /// a field the model does not have (`api.E003`), a ``Header`` field in a `body:` or `form:`
    /// type (`api.E004`), a pattern that does not compile (`api.E005`).
    public func problems(installedApps labels: Set<String>) -> [ConfigurationError] {
        var problems = state.withLock { $0.problems }
        for endpoint in endpoints {
            for scheme in endpoint.auth {
                let (label, install) =
                    scheme is TokenAuth
                    ? ("authtoken", ".authToken()") : scheme is SessionAuth ? ("auth", ".auth()") : ("", "")
                guard !label.isEmpty, !labels.contains(label) else { continue }
                problems.append(
                    ConfigurationError(
                        "\(endpoint.method) \(endpoint.path.openAPI) uses \(scheme.schemeName), which needs the app '\(label)':"
                            + " add app.install(\(install)).", file: endpoint.file, line: endpoint.line, id: "api.E001")
                )
            }
        }
        return problems
    }

    /// The OpenAPI 3.1 document (built once, after the last endpoint was added).
    public var openAPIDocument: JSONValue {
        if let document = state.withLock({ $0.document }) { return document }
        let document = OpenAPIDocument(api: self).json
        state.withLock { $0.document = document }
        return document
    }
}
