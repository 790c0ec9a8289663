internal import PonyORM
internal import PonySupport

extension ModelInput {
    enum BodyKind {
        /// Every required field: create and full update.
        case create
        /// Any field: partial update.
        case patch
    }

    /// The operation of create, update and partial update: the key (when in the path), the body
    /// (`TaskIn` or `TaskPatch`) and the row returned.
    func describe(_ path: APIPath, _ components: SchemaComponents, body kind: BodyKind) -> Endpoint.Operation {
        var properties = JSONObject()
        var required: [JSONValue] = []
        for (_, info) in fields {
            properties[info.name] = .object(info.isNullable ? nullable(fieldSchema(info)) : fieldSchema(info))
            if kind == .create && Self.isRequired(info) { required.append(.string(info.name)) }
        }
        let name = M.schemaInfo.name + (kind == .create ? "In" : "Patch")
        var schema: JSONObject = ["properties": .object(properties), "title": .string(name), "type": "object"]
        if !required.isEmpty { schema["required"] = .array(required) }
        components.schemas(named: name, schema)
        return Endpoint.Operation(
            parameters: pathParameters(path, properties: [:]),
            requestBody: requestBodySchema(["$ref": .string("#/components/schemas/\(name)")], required: true),
            response: outputSchema(M.self, into: components))
    }

    /// The operation of retrieve: the key and the row.
    @Sendable func describeRow(_ path: APIPath, _ components: SchemaComponents) -> Endpoint.Operation {
        Endpoint.Operation(
            parameters: pathParameters(path, properties: [:]), response: outputSchema(M.self, into: components))
    }

    /// The operation of delete: the key, no content.
    @Sendable func describeDelete(_ path: APIPath, _ components: SchemaComponents) -> Endpoint.Operation {
        Endpoint.Operation(parameters: pathParameters(path, properties: [:]), response: nil)
    }
}
