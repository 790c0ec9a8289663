internal import PonySupport
internal import PonyWeb

/// The OpenAPI 3.1 document of an ``API``: paths from its endpoints, schemas (JSON Schema
/// 2020-12) from their Swift types.
struct OpenAPIDocument {
    let api: API

    var json: JSONValue {
        let components = SchemaComponents()
        var paths = JSONObject()
        for endpoint in api.endpoints {
            let path = "/" + api.prefix + endpoint.path.openAPI.dropFirst()
            guard case .object(var item) = paths[path] ?? .object([:]) else { continue }
            item[endpoint.method.rawValue.lowercased()] = .object(operation(endpoint, components))
            paths[path] = .object(item)
        }
        var info: JSONObject = ["title": .string(api.title), "version": .string(api.version)]
        if let description = api.description { info["description"] = .string(description) }
        var schemas = components.schemas
        schemas["ValidationError"] = Self.validationErrorSchema
        schemas["Detail"] = Self.detailSchema
        var parts: JSONObject = ["schemas": .object(schemas)]
        var schemes = JSONObject()
        for scheme in api.endpoints.flatMap(\.auth) {
            var object = JSONObject()
            for (key, value) in scheme.securityScheme.sorted(by: { $0.key < $1.key }) { object[key] = .string(value) }
            schemes[scheme.schemeName] = .object(object)
        }
        if !schemes.isEmpty { parts["securitySchemes"] = .object(schemes) }
        return ["openapi": "3.1.0", "info": .object(info), "paths": .object(paths), "components": .object(parts)]
    }

    private func operation(_ endpoint: Endpoint, _ components: SchemaComponents) -> JSONObject {
        let described = endpoint.describe(components)
        var operation: JSONObject = ["operationId": .string(endpoint.operationID)]
        if let summary = endpoint.summary { operation["summary"] = .string(summary) }
        if !endpoint.tags.isEmpty { operation["tags"] = .array(endpoint.tags.map(JSONValue.string)) }
        if !described.parameters.isEmpty { operation["parameters"] = .array(described.parameters) }
        if let body = described.requestBody { operation["requestBody"] = .object(body) }
        var responses = JSONObject()
        let status = endpoint.status == .ok && described.response == nil ? HTTPStatus.noContent : endpoint.status
        var success: JSONObject = ["description": .string(status.reasonPhrase.isEmpty ? "OK" : status.reasonPhrase)]
        if let schema = described.response { success["content"] = ["application/json": ["schema": .object(schema)]] }
        responses[String(status.code)] = .object(success)
        let mayFail = !described.parameters.isEmpty || described.requestBody != nil
        if described.requestBody != nil {
            responses["400"] = Self.errorResponse("Malformed JSON", "Detail")
            responses["415"] = Self.errorResponse("Unsupported Media Type", "Detail")
        }
        if mayFail { responses["422"] = Self.errorResponse("Validation Error", "ValidationError") }
        if !endpoint.path.parameters.isEmpty { responses["404"] = Self.errorResponse("Not Found", "Detail") }
        if !endpoint.auth.isEmpty {
            responses["401"] = Self.errorResponse("Unauthorized", "Detail")
            operation["security"] = .array(endpoint.auth.map { [$0.schemeName: []] })
        }
        // What the endpoint declares wins over the defaults above.
        for (declared, type) in endpoint.responses.sorted(by: { $0.key.code < $1.key.code }) {
            var response: JSONObject = [
                "description": .string(declared.reasonPhrase.isEmpty ? "Response" : declared.reasonPhrase)
            ]
            if let schema = outputSchema(type, into: components) {
                response["content"] = ["application/json": ["schema": .object(schema)]]
            }
            responses[String(declared.code)] = .object(response)
        }
        operation["responses"] = .object(responses)
        return operation
    }

    private static func errorResponse(_ description: String, _ schema: String) -> JSONValue {
        [
            "description": .string(description),
            "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]],
        ]
    }

    /// `{"detail": [{"type", "loc", "msg", "ctx"}]}`.
    static let validationErrorSchema: JSONValue = [
        "title": "ValidationError", "type": "object", "required": ["detail"],
        "properties": [
            "detail": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["type", "loc", "msg"],
                    "properties": [
                        "type": ["type": "string"], "msg": ["type": "string"], "ctx": ["type": "object"],
                        "loc": ["type": "array", "items": ["anyOf": [["type": "string"], ["type": "integer"]]]],
                    ],
                ],
            ]
        ],
    ]

    /// `{"detail": "…"}`.
    static let detailSchema: JSONValue = [
        "title": "Detail", "type": "object", "required": ["detail"], "properties": ["detail": ["type": "string"]],
    ]
}
