internal import Foundation
internal import PonyORM
internal import PonySupport
internal import PonyWeb

/// One operation of an ``API``: a method on a path, its handler and what OpenAPI says of it.
struct Endpoint: Sendable {
    var method: HTTPMethod
    var path: APIPath
    var status: HTTPStatus
    /// Other responses the endpoint declares, by status (django-ninja's `response={404: Message}`).
    var responses: [HTTPStatus: Any.Type]
    var summary: String?
    var tags: [String]
    /// The schemes that admit a request (none: all requests).
    var auth: [any APIAuth]
    var operationID: String
    var file: String
    var line: Int
    /// Parameters, request body and responses for the OpenAPI document.
    var describe: @Sendable (SchemaComponents) -> Operation
    /// Validates the request, calls the handler and encodes its result.
    var respond: @Sendable (Request) async throws -> Response

    struct Operation {
        var parameters: [JSONValue] = []
        var requestBody: JSONObject?
        var response: JSONObject?
    }
}

/// Where each field of an endpoint's input comes from, as django-ninja decides it: a field
/// named in the path is a path parameter, a ``Header`` field a header, a field whose type is
/// an object is the JSON body, and any other field is a query parameter.
struct InputLayout: Sendable {
    var pathKeys: Set<String> = []
    /// Header fields' keys and the headers they read.
    var headers: [(key: String, name: String)] = []
    var bodyKeys: [String] = []
    var queryKeys: [String] = []
    var arrayKeys: Set<String> = []
    var sources: [String: JSONValue] = [:]

    init<Input: Decodable>(_ type: Input.Type, path: APIPath) {
        let components = SchemaComponents()
        let (properties, _) = objectProperties(Input.self, components)
        let pathNames = Set(path.parameters.map(\.name))
        let headerKeys = components.headerKeys(of: Input.self)
        for (key, schema) in properties {
            guard case .object(let schema) = schema else { continue }
            let resolved = components.resolve(schema)
            if pathNames.contains(key) {
                pathKeys.insert(key)
                sources[key] = "path"
            } else if headerKeys.contains(key) {
                headers.append((key, headerName(key)))
                if types(resolved).contains("array") { arrayKeys.insert(key) }
                sources[key] = "header"
            } else if types(resolved).contains("object") || resolved["properties"] != nil {
                bodyKeys.append(key)
                sources[key] = "body"
            } else {
                queryKeys.append(key)
                if types(resolved).contains("array") { arrayKeys.insert(key) }
                sources[key] = "query"
            }
        }
    }

    /// The parameters and request body of an endpoint taking `Input`.
    func describe<Input: Decodable>(_ type: Input.Type, path: APIPath, _ components: SchemaComponents)
        -> Endpoint.Operation
    {
        let (properties, required) = objectProperties(Input.self, components)
        var operation = Endpoint.Operation(parameters: pathParameters(path, properties: properties))
        for (place, key, name) in queryKeys.map({ ("query", $0, $0) }) + headers.map({ ("header", $0.key, $0.name) }) {
            operation.parameters.append([
                "in": .string(place), "name": .string(name), "required": .bool(required.contains(.string(key))),
                "schema": properties[key] ?? [:],
            ])
        }
        if bodyKeys.count == 1, let key = bodyKeys.first {
            operation.requestBody = requestBodySchema(properties[key], required: required.contains(.string(key)))
        } else if !bodyKeys.isEmpty {
            var body = JSONObject()
            for key in bodyKeys { body[key] = properties[key] }
            let schema: JSONObject = [
                "type": "object", "properties": .object(body),
                "required": .array(bodyKeys.map(JSONValue.string).filter(required.contains)),
            ]
            operation.requestBody = requestBodySchema(.object(schema), required: true)
        }
        return operation
    }

    /// The path, query and body values of `request`, keyed as the input's fields.
    func values(of request: Request) throws -> JSONObject {
        var values = JSONObject()
        for (name, value) in request.parameters where pathKeys.contains(name) { values[name] = .string(value) }
        for key in queryKeys {
            if arrayKeys.contains(key) {
                let items = request.query.list(key)
                if !items.isEmpty { values[key] = .array(items.map(JSONValue.string)) }
            } else if let value = request.query[key] {
                values[key] = .string(value)
            }
        }
        for (key, name) in headers {
            if arrayKeys.contains(key) {
                let items = request.headers.values(for: name)
                if !items.isEmpty { values[key] = .array(items.map(JSONValue.string)) }
            } else if let value = request.headers[name] {
                values[key] = .string(value)
            }
        }
        guard !bodyKeys.isEmpty, let body = try requestBody(request) else { return values }
        if bodyKeys.count == 1 {
            values[bodyKeys[0]] = body
        } else {
            for key in bodyKeys { values[key] = body[key] }
        }
        return values
    }
}

/// The types a schema allows: `["string", "null"]` for `type: ["string", "null"]`.
func types(_ schema: JSONObject) -> Set<String> {
    switch schema["type"] {
    case .string(let type)?: [type]
    case .array(let types)?: Set(types.compactMap(\.stringValue))
    default: []
    }
}

/// The properties of an object type's schema, and its required keys.
func objectProperties<T: Decodable>(_ type: T.Type, _ components: SchemaComponents) -> (JSONObject, [JSONValue]) {
    guard let reference = try? sample(T.self, into: components).schema else { return ([:], []) }
    let schema = components.resolve(reference)
    guard case .object(let properties)? = schema["properties"] else { return ([:], []) }
    guard case .array(let required)? = schema["required"] else { return (properties, []) }
    return (properties, required)
}

extension SchemaComponents {
    /// The schema `schema` refers to (following `$ref`, and the first branch of a nullable `anyOf`).
    func resolve(_ schema: JSONObject) -> JSONObject {
        if case .string(let reference)? = schema["$ref"],
            case .object(let target)? = schemas[String(reference.split(separator: "/").last ?? "")]
        {
            return target
        }
        if case .array(let options)? = schema["anyOf"], case .object(let first)? = options.first {
            return resolve(first)
        }
        return schema
    }
}

/// The JSON body of `request`, or `nil` when it has none.
///
/// Throws 415 for another content type and 400 for malformed JSON, as django-ninja answers.
func requestBody(_ request: Request) throws(HTTPError) -> JSONValue? {
    guard !request.body.isEmpty else { return nil }
    if let type = request.contentType, type != "application/json", !type.hasSuffix("+json") {
        throw HTTPError(.unsupportedMediaType, "Unsupported media type \"\(type)\"; send application/json.")
    }
    do {
        return try JSONValue(parsing: request.body)
    } catch {
        throw HTTPError(.badRequest, "Cannot parse request body: \(error)")
    }
}

/// The operation of an endpoint whose JSON body is `Body` and whose result is `Output`.
func bodyOperation<Body: Decodable>(
    _ body: Body.Type, _ output: Any.Type, _ path: APIPath, _ components: SchemaComponents
) -> Endpoint.Operation {
    Endpoint.Operation(
        parameters: pathParameters(path, properties: [:]),
        requestBody: requestBodySchema(
            (try? sample(Body.self, into: components).schema).map(JSONValue.object), required: true),
        response: outputSchema(output, into: components))
}

/// The request's JSON body validated as `Body` (issues located as `["body", field, …]`).
func validatedBody<Body: Decodable>(_ type: Body.Type, _ request: Request, forbidsExtraFields: Bool) throws -> Body {
    try validate(
        Body.self, try requestBody(request), loc: ["body"], sources: nil, forbidsExtraFields: forbidsExtraFields)
}

/// Decodes an endpoint's input, throwing ``RequestValidationError`` with every issue found.
func validate<T: Decodable>(
    _ type: T.Type, _ node: JSONValue?, loc: [JSONValue], sources: [String: JSONValue]?, forbidsExtraFields: Bool,
    uploads: [UploadedFile] = []
) throws -> T {
    let run = ValidationRun(forbidsExtraFields: forbidsExtraFields)
    run.uploads = uploads
    var decoder = InputDecoder(node: node, loc: loc, run: run)
    decoder.sources = sources
    let value: T
    do {
        value = try decoder.decode(T.self)
    } catch {
        // No stand-in value could be made after an issue: report those found.
        throw RequestValidationError(
            run.issues.isEmpty
                ? [ValidationIssue(type: "value_error", loc: loc, msg: "Value error, \(describe(error))")] : run.issues)
    }
    guard run.issues.isEmpty else { throw RequestValidationError(run.issues) }
    return value
}

/// The response for what a handler returned.
func encodeResult<Output: Encodable>(_ output: Output, status: HTTPStatus) throws -> Response {
    // NB: a metatype comparison, not `output is NoContent`, which is a dynamic cast on every response.
    if Output.self == NoContent.self { return Response(status: status == .ok ? .noContent : status) }
    return Response.json(encoded: try CompactJSONEncoder.encode(output), status: status)
}

/// Errors a handler (or validation) threw, as django-ninja answers them: `{"detail": …}` JSON.
/// Server errors are thrown on, for the site's 500 page and log.
func errorResponse(_ error: any Error) throws -> Response {
    switch error {
    case let error as RequestValidationError:
        return Response.json(
            encoded: error.json.pythonJSONBytes(asciiOnly: false), status: error.status)
    case let error as DoesNotExist:
        return detail("No \(error.model) matches the given query.", status: .notFound)
    case let error as any HTTPResponseError where error.status.code < 500:
        var response = detail(error.message.isEmpty ? error.status.reasonPhrase : error.message, status: error.status)
        for (name, value) in error.headers { response.headers.add(name, value) }
        return response
    default:
        throw error
    }
}

/// `{"detail": "…"}` with `status`.
func detail(_ message: String, status: HTTPStatus) -> Response {
    let body: JSONValue = ["detail": .string(message)]
    return Response.json(encoded: body.pythonJSONBytes(asciiOnly: false), status: status)
}
