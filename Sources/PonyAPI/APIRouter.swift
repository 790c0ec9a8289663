internal import PonyWeb

/// Where endpoints are added: an ``API`` itself, or a router inside it with its own path
/// prefix, tags and authentication (django-ninja's `Router`).
public protocol APIRoutes: Sendable {
    /// The router endpoints added here go to.
    var router: APIRouter { get }
}

/// Endpoints under a common path, with tags for the docs and authentication of their own
/// (django-ninja's `Router`):
///
/// ```swift
/// let lists = app.api.router("/lists", tags: ["lists"], auth: [TokenAuth()])
/// lists.get("/") { request in try await TodoList.objects.filter("owner", try request.auth(as: User.self).id ?? 0).fetch() }
/// lists.post("/", body: ListIn.self, status: .created) { request, new in … }
/// ```
public struct APIRouter: APIRoutes {
    let api: API
    /// The path prefix, relative to the API's: `""` or `/lists` (django-ninja joins it to each
    /// endpoint's path as written, so `""` is `/lists` and `"/"` is `/lists/`).
    let prefix: String
    let tags: [String]
    /// `nil`: the API's authentication.
    let auth: [any APIAuth]?

    init(api: API, prefix: String, tags: [String], auth: [any APIAuth]?) {
        self.api = api
        self.prefix = prefix
        self.tags = tags
        self.auth = auth
    }

    /// Itself.
    public var router: APIRouter { self }

    /// The endpoint path for `path` under this router.
    func path(_ path: String) -> APIPath { APIPath(prefix + (path.isEmpty || path.hasPrefix("/") ? path : "/" + path)) }

    /// Adds an endpoint; `respond` gets the request and the declaration that a ``Reply`` the
    /// handler returns or throws is checked against.
    func add(
        _ method: HTTPMethod, _ path: String, status: HTTPStatus, output: Any.Type,
        responses: [HTTPStatus: Any.Type] = [:], summary: String?, tags: [String], auth: [any APIAuth]?,
        file: String, line: Int, describe: @escaping @Sendable (APIPath, SchemaComponents) -> Endpoint.Operation,
        respond: @escaping @Sendable (Request, EndpointDeclaration) async throws -> Response
    ) {
        let apiPath = self.path(path)
        let declaration = EndpointDeclaration(
            name: "\(method.rawValue) /\(api.prefix)\(apiPath.openAPI.dropFirst())", status: status, output: output,
            responses: responses, file: file, line: line)
        api.add(
            Endpoint(
                method: method, path: apiPath, status: status, responses: responses, summary: summary,
                tags: tags.isEmpty ? self.tags : tags, auth: auth ?? self.auth ?? api.auth,
                operationID: operationID(method, apiPath), file: file, line: line,
                describe: { components in describe(apiPath, components) },
                respond: { request in
                    do {
                        return try await respond(request, declaration)
                    } catch let reply as Reply {
                        return try reply.response(declaration)
                    }
                }))
    }
}

extension APIRoutes {
    /// A router for endpoints under `prefix` (`"/lists"`), tagged `tags` in the docs, with its
    /// own authentication (`nil`: this one's; `[]`: none).
    public func router(_ prefix: String, tags: [String] = [], auth: [any APIAuth]? = nil) -> APIRouter {
        let trimmed = prefix.split(separator: "/").joined(separator: "/")
        let joined = trimmed.isEmpty ? router.prefix : router.prefix + "/" + trimmed
        return APIRouter(
            api: router.api, prefix: joined, tags: tags.isEmpty ? router.tags : tags, auth: auth ?? router.auth)
    }
}
