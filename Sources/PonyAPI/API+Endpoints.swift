internal import PonySupport
public import PonyWeb

// `get`, `post`, `put`, `patch` and `delete`, each with a handler that takes the request
// alone, the request and a typed input (path, query and body fields), or the request and a
// typed JSON body.

extension APIRoutes {
    /// Adds an endpoint whose handler takes the request alone; see ``get(_:status:responses:summary:tags:auth:file:line:_:)``.
    public func endpoint<Output: Encodable & Sendable>(
        _ method: HTTPMethod, _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        router.add(
            method, path, status: status, output: Output.self, responses: responses, summary: summary, tags: tags,
            auth: auth, file: file, line: line,
            describe: { path, components in
                Endpoint.Operation(
                    parameters: pathParameters(path, properties: [:]),
                    response: outputSchema(Output.self, into: components))
            },
            respond: { request, declaration in try declaration.response(try await handler(request)) })
    }

    /// Adds an endpoint whose handler takes a typed input: its fields named in the path are path
    /// parameters, fields of an object type are the JSON body, and the rest are query
    /// parameters (django-ninja's rule). Optional fields may be left out.
    public func endpoint<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ method: HTTPMethod, _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil,
        tags: [String] = [], auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        let layout = InputLayout(Input.self, path: router.path(path))
        router.api.checkInput(Input.self, readsHeaders: true, file: file, line: line)
        let forbids = router.api.forbidsExtraFields
        router.add(
            method, path, status: status, output: Output.self, responses: responses, summary: summary, tags: tags,
            auth: auth, file: file, line: line,
            describe: { path, components in
                var operation = layout.describe(Input.self, path: path, components)
                operation.response = outputSchema(Output.self, into: components)
                return operation
            },
            respond: { request, declaration in
                let values = try layout.values(of: request)
                let input = try validate(
                    Input.self, .object(values), loc: [], sources: layout.sources, forbidsExtraFields: forbids)
                return try declaration.response(try await handler(request, input))
            })
    }

    /// Adds an endpoint whose handler takes the JSON body decoded as `Body`; issues are
    /// located as `["body", field, …]`.
    public func endpoint<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ method: HTTPMethod, _ path: String, body: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil,
        tags: [String] = [], auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        let forbids = router.api.forbidsExtraFields
        router.api.checkInput(Body.self, readsHeaders: false, file: file, line: line)
        router.add(
            method, path, status: status, output: Output.self, responses: responses, summary: summary, tags: tags,
            auth: auth, file: file, line: line,
            describe: { path, components in bodyOperation(Body.self, Output.self, path, components) },
            respond: { request, declaration in
                let body = try validatedBody(Body.self, request, forbidsExtraFields: forbids)
                return try declaration.response(try await handler(request, body))
            })
    }

    /// Adds an endpoint whose handler takes the form body (`application/x-www-form-urlencoded`
    /// or `multipart/form-data`) decoded as `Body`, read leniently from the fields' text
    /// (django-ninja's `Form`); an array field takes every value of its name, and an
    /// `UploadedFile` field (optional, or an array) the files sent under its name (ninja's
    /// `File`). Issues are located as `["form", field]`, or `["file", field]`; a JSON body is a 415.
    public func endpoint<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ method: HTTPMethod, _ path: String, form: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil,
        tags: [String] = [], auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        let forbids = router.api.forbidsExtraFields
        let layout = FormLayout(Body.self)
        router.api.checkInput(Body.self, readsHeaders: false, file: file, line: line)
        router.add(
            method, path, status: status, output: Output.self, responses: responses, summary: summary, tags: tags,
            auth: auth, file: file, line: line,
            describe: { path, components in layout.describe(Body.self, Output.self, path, components) },
            respond: { request, declaration in
                let (values, uploads) = try layout.values(of: request)
                let body = try validate(
                    Body.self, values, loc: ["form"], sources: layout.sources, forbidsExtraFields: forbids,
                    uploads: uploads)
                return try declaration.response(try await handler(request, body))
            })
    }

    /// Adds a `GET` endpoint; the handler's `Encodable` result is the JSON response (``NoContent`` for 204).
    ///
    /// Paths use django-ninja's syntax: `"/todos/{int:id}"` (or `{id}` for text).
    public func get<Output: Encodable & Sendable>(
        _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        endpoint(
            .get, path, status: status, responses: responses, summary: summary, tags: tags, auth: auth, file: file,
            line: line, handler)
    }

    /// Adds a `GET` endpoint with a typed input (see ``endpoint(_:_:input:status:responses:summary:tags:auth:file:line:_:)``).
    public func get<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        endpoint(
            .get, path, input: input, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `POST` endpoint; the handler's `Encodable` result is the JSON response (``NoContent`` for 204).
    ///
    /// Paths use django-ninja's syntax: `"/todos/{int:id}"` (or `{id}` for text).
    public func post<Output: Encodable & Sendable>(
        _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        endpoint(
            .post, path, status: status, responses: responses, summary: summary, tags: tags, auth: auth, file: file,
            line: line, handler)
    }

    /// Adds a `POST` endpoint with a typed input (see ``endpoint(_:_:input:status:responses:summary:tags:auth:file:line:_:)``).
    public func post<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        endpoint(
            .post, path, input: input, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `POST` endpoint whose handler takes the JSON body as `Body`.
    public func post<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, body: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .post, path, body: body, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `POST` endpoint whose handler takes the form body as `Body`.
    public func post<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, form: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .post, path, form: form, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `PUT` endpoint; the handler's `Encodable` result is the JSON response (``NoContent`` for 204).
    ///
    /// Paths use django-ninja's syntax: `"/todos/{int:id}"` (or `{id}` for text).
    public func put<Output: Encodable & Sendable>(
        _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        endpoint(
            .put, path, status: status, responses: responses, summary: summary, tags: tags, auth: auth, file: file,
            line: line, handler)
    }

    /// Adds a `PUT` endpoint with a typed input (see ``endpoint(_:_:input:status:responses:summary:tags:auth:file:line:_:)``).
    public func put<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        endpoint(
            .put, path, input: input, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `PUT` endpoint whose handler takes the JSON body as `Body`.
    public func put<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, body: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .put, path, body: body, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `PUT` endpoint whose handler takes the form body as `Body`.
    public func put<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, form: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .put, path, form: form, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `PATCH` endpoint; the handler's `Encodable` result is the JSON response (``NoContent`` for 204).
    ///
    /// Paths use django-ninja's syntax: `"/todos/{int:id}"` (or `{id}` for text).
    public func patch<Output: Encodable & Sendable>(
        _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        endpoint(
            .patch, path, status: status, responses: responses, summary: summary, tags: tags, auth: auth, file: file,
            line: line, handler)
    }

    /// Adds a `PATCH` endpoint with a typed input (see ``endpoint(_:_:input:status:responses:summary:tags:auth:file:line:_:)``).
    public func patch<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        endpoint(
            .patch, path, input: input, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file,
            line: line, handler)
    }

    /// Adds a `PATCH` endpoint whose handler takes the JSON body as `Body`.
    public func patch<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, body: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .patch, path, body: body, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `PATCH` endpoint whose handler takes the form body as `Body`.
    public func patch<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, form: Body.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Body) async throws -> Output
    ) {
        endpoint(
            .patch, path, form: form, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file, line: line,
            handler)
    }

    /// Adds a `DELETE` endpoint; the handler's `Encodable` result is the JSON response (``NoContent`` for 204).
    ///
    /// Paths use django-ninja's syntax: `"/todos/{int:id}"` (or `{id}` for text).
    public func delete<Output: Encodable & Sendable>(
        _ path: String, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        endpoint(
            .delete, path, status: status, responses: responses, summary: summary, tags: tags, auth: auth, file: file,
            line: line, handler)
    }

    /// Adds a `DELETE` endpoint with a typed input (see ``endpoint(_:_:input:status:responses:summary:tags:auth:file:line:_:)``).
    public func delete<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, input: Input.Type, status: HTTPStatus = .ok,
        responses: [HTTPStatus: Any.Type] = [:], summary: String? = nil, tags: [String] = [],
        auth: [any APIAuth]? = nil, file: String = #filePath, line: Int = #line,
        _ handler: @escaping @Sendable (Request, Input) async throws -> Output
    ) {
        endpoint(
            .delete, path, input: input, status: status, responses: responses, summary: summary, tags: tags, auth: auth,
            file: file,
            line: line, handler)
    }
}

/// `post_lists_id_todos` for `POST /lists/{id}/todos`.
func operationID(_ method: HTTPMethod, _ path: APIPath) -> String {
    let words = path.openAPI.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    return ([method.rawValue.lowercased()] + words.map(String.init)).joined(separator: "_")
}

/// The path parameters, with the schema of the input field of the same name when there is one.
func pathParameters(_ path: APIPath, properties: JSONObject) -> [JSONValue] {
    path.parameters.map { parameter in
        [
            "in": "path", "name": .string(parameter.name), "required": true,
            "schema": properties[parameter.name] ?? .object(APIPath.schema(converter: parameter.converter)),
        ]
    }
}

/// An OpenAPI `requestBody` for JSON described by `schema`.
func requestBodySchema(_ schema: JSONValue?, required: Bool) -> JSONObject {
    ["content": ["application/json": ["schema": schema ?? [:]]], "required": .bool(required)]
}
