internal import Foundation
public import PonyORM
internal import PonySupport
internal import PonyWeb

extension APIRoutes {
    /// Adds the endpoints of a model (list, create, retrieve, update, partial update, delete),
    /// validated from its fields and documented in the OpenAPI document.
    ///
    /// ```swift
    /// app.api.crud(Task.self, filters: ["completed", "owner"], ordering: ["createdAt", "name"])
    /// ```
    ///
    /// - `GET /tasks?limit=&offset=&ordering=-createdAt&completed=true`: `{"items": [...], "count": N}`
    ///   (django-ninja's limit-offset pagination), filtered by exact values of the `filters` fields.
    /// - `POST /tasks`: 201 with the row; `PUT`/`PATCH /tasks/{id}`; `DELETE /tasks/{id}`: 204.
    /// - A missing row is 404 `{"detail": "No Task matches the given query."}`; invalid
    ///   fields are 422 in django-ninja's shape, checked as Django's `full_clean()` checks them.
    @discardableResult
    public func crud<M: Model>(
        _ model: M.Type, path: String? = nil, tags: [String] = [], auth: [any APIAuth]? = nil,
        filters: [String] = [], ordering: [String] = [], pageSize: Int = 100, operations: CRUDOperations = .all,
        file: String = #filePath, line: Int = #line
    ) -> ModelEndpoints<M> {
        let info = M.schemaInfo
        let router = router(
            path ?? "/" + info.name.lowercased() + "s", tags: tags.isEmpty ? [info.name] : tags, auth: auth)
        let endpoints = ModelEndpoints<M>(router: router, detail: keyIsText(M.self) ? "/{id}" : "/{int:id}")
        let input = ModelInput<M>()
        let list = ListQuery<M>(filters: filters, ordering: ordering, pageSize: pageSize)
        let forbids = router.api.forbidsExtraFields
        for problem in list.problems + ModelInput<M>.unknown(filters + ordering, allowed: info.fields.map(\.name)) {
            router.api.report(ConfigurationError(problem, file: file, line: line, id: "api.E003"))
        }
        func add(
            _ operation: CRUDOperations, _ method: HTTPMethod, _ path: String, _ status: HTTPStatus,
            _ summary: String, describe: @escaping @Sendable (APIPath, SchemaComponents) -> Endpoint.Operation,
            respond: @escaping @Sendable (Request) async throws -> Response
        ) {
            guard operations.contains(operation) else { return }
            router.add(
                method, path, status: status, output: M.self, summary: summary, tags: [], auth: nil, file: file,
                line: line, describe: describe, respond: { request, _ in try await respond(request) })
        }
        add(.list, .get, "", .ok, "List \(info.name) rows", describe: list.describe) { request in
            try await list.respond(request)
        }
        add(
            .create, .post, "", .created, "Create a \(info.name)",
            describe: { path, components in input.describe(path, components, body: .create) }
        ) { request in
            let values = try await input.validated(
                try requestBody(request), partial: false, forbidsExtraFields: forbids)
            let row = try await input.saved(input.makeRow(values, over: nil))
            return try encodeResult(row, status: .created)
        }
        add(.retrieve, .get, endpoints.detail, .ok, "Get a \(info.name)", describe: input.describeRow) { request in
            try encodeResult(try await ModelEndpoints<M>.row(request), status: .ok)
        }
        add(
            .update, .put, endpoints.detail, .ok, "Replace a \(info.name)",
            describe: { path, components in input.describe(path, components, body: .create) }
        ) { request in
            let existing = try await ModelEndpoints<M>.row(request)
            let values = try await input.validated(
                try requestBody(request), partial: false, forbidsExtraFields: forbids)
            return try encodeResult(try await input.saved(input.makeRow(values, over: existing)), status: .ok)
        }
        add(
            .partialUpdate, .patch, endpoints.detail, .ok, "Change a \(info.name)",
            describe: { path, components in input.describe(path, components, body: .patch) }
        ) { request in
            let existing = try await ModelEndpoints<M>.row(request)
            let values = try await input.validated(try requestBody(request), partial: true, forbidsExtraFields: forbids)
            let row = try input.makeRow(values, over: existing, keepingUnsent: true)
            return try encodeResult(
                try await input.saved(row, fields: values.keys.map { info.fields[$0].name }), status: .ok)
        }
        add(.delete, .delete, endpoints.detail, .noContent, "Delete a \(info.name)", describe: input.describeDelete) {
            request in
            let row = try await ModelEndpoints<M>.row(request)
            do {
                _ = try await row.delete()
            } catch let error as ProtectedError {
                throw HTTPError(.conflict, error.description)
            }
            return Response(status: .noContent)
        }
        return endpoints
    }
}
