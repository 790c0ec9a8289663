internal import Foundation
public import PonyORM
internal import PonySupport
public import PonyWeb

/// The operations ``APIRoutes/crud(_:path:tags:auth:filters:ordering:pageSize:operations:file:line:)`` adds.
public struct CRUDOperations: OptionSet, Sendable {
    /// The raw bits.
    public let rawValue: Int
    /// An option set from bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `GET /tasks`: a page of rows, `{"items": [...], "count": N}`.
    public static let list = CRUDOperations(rawValue: 1 << 0)
    /// `POST /tasks`: 201 with the new row.
    public static let create = CRUDOperations(rawValue: 1 << 1)
    /// `GET /tasks/{id}`.
    public static let retrieve = CRUDOperations(rawValue: 1 << 2)
    /// `PUT /tasks/{id}`: every field (unsent optional fields go back to their defaults).
    public static let update = CRUDOperations(rawValue: 1 << 3)
    /// `PATCH /tasks/{id}`: only the fields sent.
    public static let partialUpdate = CRUDOperations(rawValue: 1 << 4)
    /// `DELETE /tasks/{id}`: 204.
    public static let delete = CRUDOperations(rawValue: 1 << 5)
    /// All of them.
    public static let all: CRUDOperations = [.list, .create, .retrieve, .update, .partialUpdate, .delete]
    /// Reading only.
    public static let readOnly: CRUDOperations = [.list, .retrieve]
}

/// The endpoints of one model, for adding actions on its rows (in the style of Nitro's
/// `@action`): `POST /tasks/{id}/complete`.
///
/// ```swift
/// app.api.crud(Task.self).action("complete") { task, request in
///     var task = task
///     task.completed = true
///     try await task.save()
///     return task
/// }
/// ```
public struct ModelEndpoints<M: Model>: Sendable {
    let router: APIRouter
    /// `/{int:id}` or `/{id}`.
    let detail: String

    /// Adds `POST /…/{id}/name`: the handler gets the row (404 when there is none) and the request.
    public func action<Output: Encodable & Sendable>(
        _ name: String, status: HTTPStatus = .ok, summary: String? = nil, file: String = #filePath,
        line: Int = #line, _ handler: @escaping @Sendable (M, Request) async throws -> Output
    ) {
        router.add(
            .post, detail + "/" + name, status: status, output: Output.self, summary: summary, tags: [], auth: nil,
            file: file, line: line,
            describe: { path, components in
                Endpoint.Operation(
                    parameters: pathParameters(path, properties: [:]),
                    response: outputSchema(Output.self, into: components))
            },
            respond: { request, declaration in
                let row = try await ModelEndpoints.row(request)
                return try declaration.response(try await handler(row, request))
            })
    }

    /// Adds `POST /…/{id}/name` with a JSON body validated as `Body`.
    public func action<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, body: Body.Type, status: HTTPStatus = .ok, summary: String? = nil, file: String = #filePath,
        line: Int = #line, _ handler: @escaping @Sendable (M, Request, Body) async throws -> Output
    ) {
        let forbids = router.api.forbidsExtraFields
        router.add(
            .post, detail + "/" + name, status: status, output: Output.self, summary: summary, tags: [], auth: nil,
            file: file, line: line,
            describe: { path, components in bodyOperation(Body.self, Output.self, path, components) },
            respond: { request, declaration in
                let body = try validatedBody(Body.self, request, forbidsExtraFields: forbids)
                let row = try await ModelEndpoints.row(request)
                return try declaration.response(try await handler(row, request, body))
            })
    }

    /// The row the path's `id` names: a 404 when there is none (or the key cannot be one).
    static func row(_ request: Request) async throws -> M {
        guard let key = key(request) else {
            throw HTTPError(.notFound, "No \(M.schemaInfo.name) matches the given query.")
        }
        return try await M.objects.get(Q("pk", key))
    }

    /// The path's `id` as the primary key stores it.
    static func key(_ request: Request) -> DatabaseValue? {
        guard let text = request.parameters["id"] else { return nil }
        if keyIsText(M.self) { return .text(text) }
        return Int64(text).map(DatabaseValue.integer)
    }
}
