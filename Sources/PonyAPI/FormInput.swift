internal import PonySupport
public import PonyWeb

/// How a `form:` type's fields are read (django-ninja's `Form` and `File`): text fields from
/// the form's values (an array field from every value of its name), and ``UploadedFile``
/// fields (one, optional, or an array) from the files of a `multipart/form-data` body.
struct FormLayout: Sendable {
    var arrayKeys: Set<String> = []
    var fileKeys: Set<String> = []
    /// `"form"` for text fields and `"file"` for files, as issues locate them.
    var sources: [String: JSONValue] = [:]

    init<Body: Decodable>(_ type: Body.Type) {
        let components = SchemaComponents()
        let (properties, _) = objectProperties(Body.self, components)
        for (key, schema) in properties {
            guard case .object(let schema) = schema else { continue }
            let resolved = components.resolve(schema)
            let isArray = types(resolved).contains("array")
            if isArray { arrayKeys.insert(key) }
            var item = resolved
            if isArray, case .object(let items)? = resolved["items"] { item = items }
            let isFile = item["format"] == "binary"
            if isFile { fileKeys.insert(key) }
            sources[key] = isFile ? "file" : "form"
        }
    }

    /// The operation of an endpoint whose form body is `Body`: urlencoded or multipart, or
    /// multipart only when it has files.
    func describe<Body: Decodable>(
        _ body: Body.Type, _ output: Any.Type, _ path: APIPath, _ components: SchemaComponents
    ) -> Endpoint.Operation {
        let schema: JSONValue = (try? sample(Body.self, into: components).schema).map(JSONValue.object) ?? [:]
        var content: JSONObject = ["multipart/form-data": ["schema": schema]]
        if fileKeys.isEmpty { content["application/x-www-form-urlencoded"] = ["schema": schema] }
        return Endpoint.Operation(
            parameters: pathParameters(path, properties: [:]),
            requestBody: ["content": .object(content), "required": true],
            response: outputSchema(output, into: components))
    }

    /// The form's fields as a JSON object of strings (arrays of strings), each file field as
    /// the index (array of indices) of its files in the uploads returned beside it. Throws 415
    /// for another content type, 400 for a malformed form.
    func values(of request: Request) throws(HTTPError) -> (JSONValue?, [UploadedFile]) {
        switch request.contentType {
        case "application/x-www-form-urlencoded", "multipart/form-data":
            let form = try request.form
            var object = JSONObject()
            for key in form.keys where !fileKeys.contains(key) {
                let values = form.list(key)
                object[key] =
                    arrayKeys.contains(key) ? .array(values.map(JSONValue.string)) : values.last.map(JSONValue.string)
            }
            var uploads: [UploadedFile] = []
            let files = try request.files
            for key in fileKeys {
                let sent = files.list(key)
                guard !sent.isEmpty else { continue }
                let indices = sent.indices.map { JSONValue.int(Int64(uploads.count + $0)) }
                object[key] = arrayKeys.contains(key) ? .array(indices) : indices.last
                uploads += sent
            }
            return (.object(object), uploads)
        case let type:
            if request.body.isEmpty && type == nil { return (nil, []) }
            throw HTTPError(
                .unsupportedMediaType,
                "Unsupported media type \"\(type ?? "none")\"; send application/x-www-form-urlencoded or multipart/form-data."
            )
        }
    }
}

extension UploadedFile: Decodable {
    /// Reads a file field of an endpoint's `form:` type: the file sent under the field's name
    /// in a `multipart/form-data` body. Other decoders cannot make one.
    public init(from decoder: any Decoder) throws {
        guard let input = inputDecoder(decoder), case .int(let index)? = input.node,
            let slot = Int(exactly: index), input.run.uploads.indices.contains(slot)
        else {
            throw DecodingError.typeMismatch(
                UploadedFile.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "Expected a file sent in a multipart/form-data body"))
        }
        self = input.run.uploads[slot]
    }
}
