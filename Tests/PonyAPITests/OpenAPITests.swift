import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

/// `GET /api/openapi.json` describes the endpoints with schemas from their Swift types, and
/// `GET /api/docs` serves Swagger UI from Pony's own copy.
@Suite struct OpenAPITests {
    static func document() async throws -> JSONValue {
        let client = try TestClient(EndpointTests.makeApp())
        let response = await client.get("/api/openapi.json")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        return try JSONValue(parsing: response.body)
    }

    @Test func describesPathsParametersBodiesAndResponses() async throws {
        let document = try await Self.document()
        #expect(document["openapi"] == "3.1.0")
        #expect(document["info"] == ["title": "Pony API", "version": "1.0.0"])
        let getOne = document["paths"]?["/api/gadgets/{id}"]?["get"]
        #expect(getOne?["operationId"] == "get_gadgets_id")
        #expect(
            getOne?["parameters"] == [["in": "path", "name": "id", "required": true, "schema": ["type": "integer"]]])
        #expect(
            getOne?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
                == ["$ref": "#/components/schemas/Gadget"])
        #expect(getOne?["responses"]?["404"] != nil)
        let create = document["paths"]?["/api/gadgets"]?["post"]
        #expect(
            create?["requestBody"]?["content"]?["application/json"]?["schema"] == [
                "$ref": "#/components/schemas/GadgetIn"
            ])
        #expect(create?["requestBody"]?["required"] == true)
        #expect(create?["responses"]?["201"]?["description"] == "Created")
        for status in ["400", "415", "422"] { #expect(create?["responses"]?[status] != nil) }
        let delete = document["paths"]?["/api/gadgets/{id}"]?["delete"]
        #expect(delete?["responses"]?["204"] == ["description": "No Content"])
        let search = document["paths"]?["/api/search"]?["get"]?["parameters"]
        #expect(
            search == [
                ["in": "query", "name": "q", "required": false, "schema": ["type": ["string", "null"]]],
                [
                    "in": "query", "name": "tag", "required": false,
                    "schema": ["type": ["array", "null"], "items": ["type": "string"]],
                ],
                ["in": "query", "name": "limit", "required": false, "schema": ["type": ["integer", "null"]]],
            ])
    }

    @Test func schemasComeFromSwiftTypesAndModels() async throws {
        let schemas = try await Self.document()["components"]?["schemas"]
        #expect(
            schemas?["GadgetIn"] == [
                "properties": [
                    "name": ["type": "string", "minLength": 1, "maxLength": 40],
                    "price": ["type": ["number", "null"], "minimum": 0, "exclusiveMaximum": 10000],
                    "tags": ["type": ["array", "null"], "items": ["type": "string"], "maxItems": 3],
                ],
                "title": "GadgetIn", "required": ["name"], "type": "object",
            ])
        #expect(
            schemas?["Gadget"] == [
                "properties": [
                    "id": ["type": "integer"], "name": ["type": "string", "maxLength": 40],
                    "price": ["type": ["number", "null"]], "active": ["type": "boolean"],
                ],
                "required": ["id", "name", "price", "active"], "title": "Gadget", "type": "object",
            ])
        #expect(schemas?["Line"]?["properties"]?["quantity"] == ["type": "integer", "minimum": 1, "maximum": 99])
        #expect(
            schemas?["Order"]?["properties"]?["lines"] == [
                "type": "array", "items": ["$ref": "#/components/schemas/Line"],
            ])
        #expect(schemas?["ValidationError"] != nil)
    }

    @Test func enumerationsAndDatesInSchemas() async throws {
        let app = Pony()
        app.api.post("/todos", input: ParityCreate.self) { _, _ in NoContent() }
        let client = try TestClient(app)
        let document = try JSONValue(parsing: await client.get("/api/openapi.json").body)
        let schemas = document["components"]?["schemas"]
        #expect(schemas?["Color"] == ["enum": ["red", "green"], "title": "Color", "type": "string"])
        #expect(schemas?["ParityTodo"]?["properties"]?["due"] == ["type": ["string", "null"], "format": "date-time"])
        #expect(schemas?["ParityTodo"]?["properties"]?["code"] == ["type": "string", "pattern": "^[a-z]+$"])
        #expect(schemas?["ParityTodo"]?["required"] == ["title", "priority", "done", "ratio", "color", "code"])
        // The one object field of the input is the body.
        let operation = document["paths"]?["/api/todos"]?["post"]
        #expect(
            operation?["requestBody"]?["content"]?["application/json"]?["schema"] == [
                "$ref": "#/components/schemas/ParityTodo"
            ])
        #expect(operation?["parameters"] == nil)
    }

    @Test func docsPageServesSwaggerUIFromLocalFiles() async throws {
        let client = try TestClient(EndpointTests.makeApp())
        let page = await client.get("/api/docs")
        #expect(page.status == .ok)
        #expect(page.text.contains(#"<script src="docs/swagger-ui-bundle.js"></script>"#))
        #expect(page.text.contains(#"data-openapi-url="openapi.json""#))
        #expect(!page.text.contains("<script>"))  // nothing inline: CSP-friendly
        let vendored = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Vendor/swagger-ui/swagger-ui-bundle.js")
        let original = try [UInt8](Data(contentsOf: vendored))
        let plain = await client.get("/api/docs/swagger-ui-bundle.js")
        #expect(plain.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(plain.body == original)
        let gzipped = await client.get("/api/docs/swagger-ui-bundle.js", headers: ["Accept-Encoding": "gzip, br"])
        #expect(gzipped.headers["Content-Encoding"] == "gzip")
        #expect(gzipped.body.count < original.count / 3)
        #expect(await client.get("/api/docs/swagger-ui.css").text.contains(".swagger-ui"))
        #expect(await client.get("/api/docs/swagger-init.js").text.contains("SwaggerUIBundle({"))
    }
}
