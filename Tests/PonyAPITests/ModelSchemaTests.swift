import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

struct ChoreOut: ModelSchema {
    static let fields: [String]? = ["id", "title", "done", "created"]
    var row: Chore
}

struct ChoreIn: ModelSchema {
    static let exclude = ["gadget"]
    var row: Chore
}

/// `ModelSchema` (django-ninja's): some fields of a model as an endpoint's output and input.
@Suite struct ModelSchemaTests {
    static func makeApp(forbidsExtraFields: Bool = false) -> Pony {
        let app = Pony()
        if forbidsExtraFields { app.api = API(forbidsExtraFields: true) }
        app.api.get("/chores") { _ in try await Chore.objects.all().fetch().map(ChoreOut.init) }
        app.api.post("/chores", body: ChoreIn.self, status: .created) { _, new in
            ChoreOut(row: try await new.row.save())
        }
        return app
    }

    @Test func outputHoldsTheNamedFieldsAndInputMakesARow() async throws {
        try await withGadgets {
            let client = try TestClient(Self.makeApp())
            let created = await client.send(
                .post, "/api/chores",
                json: #"{"title": "sweep", "size": "L", "due": "2026-12-24T10:00:00Z", "id": 99, "gadget": 1}"#)
            #expect(created.status == .created)
            let body = try JSONValue(parsing: created.body)
            #expect(body["id"] == 1)  // "id" is read-only: the database chose it
            #expect(body["title"] == "sweep")
            #expect(body["done"] == false)
            #expect(body["size"] == nil)
            #expect(body["created"]?.stringValue?.hasPrefix("20") == true)
            let chore = try await Chore.objects.get(pk: 1)
            #expect(chore.size == "L")
            #expect(chore.gadget == nil)  // excluded from ChoreIn: not read
            #expect(chore.due == Date(timeIntervalSince1970: 1_798_106_400))
            let list = await client.get("/api/chores")
            #expect(try JSONValue(parsing: list.body)[0]?["title"] == "sweep")
        }
    }

    @Test func everyFieldIssueIsReported() async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.send(
            .post, "/api/chores", json: #"{"size": "M", "done": "maybe", "due": "soon", "title": 5}"#)
        #expect(response.status.code == 422)
        let issues = try JSONValue(parsing: response.body)["detail"]
        #expect(issues?[0]?["type"] == "string_type")
        #expect(issues?[0]?["loc"] == ["body", "title"])
        #expect(issues?[1]?["type"] == "bool_parsing")
        #expect(issues?[2]?["loc"] == ["body", "due"])
        #expect(issues?[3]?["type"] == "enum")
        #expect(issues?[3]?["loc"] == ["body", "size"])
        let missing = await client.send(.post, "/api/chores", json: "{}")
        #expect(missing.text == #"{"detail":[{"type":"missing","loc":["body","title"],"msg":"Field required"}]}"#)
        let notObject = await client.send(.post, "/api/chores", json: "[]")
        #expect(notObject.text.contains(#""loc":["body"]"#))
        let strict = try TestClient(Self.makeApp(forbidsExtraFields: true))
        let extra = await strict.send(.post, "/api/chores", json: #"{"title": "x", "gadget": 1}"#)
        #expect(extra.text.contains(#""type":"extra_forbidden","loc":["body","gadget"]"#))
    }

    @Test func schemasListTheirFieldsWithReadOnlyOnes() {
        let schemas = Self.makeApp().api.openAPIDocument["components"]?["schemas"]
        #expect(schemas?["ChoreOut"]?["required"] == ["id", "title", "created"])
        #expect(schemas?["ChoreOut"]?["properties"]?["id"] == ["type": "integer", "readOnly": true])
        #expect(schemas?["ChoreOut"]?["properties"]?["size"] == nil)
        #expect(schemas?["ChoreIn"]?["properties"]?["gadget"] == nil)
        #expect(schemas?["ChoreIn"]?["properties"]?["size"] == ["type": "string", "maxLength": 1, "enum": ["S", "L"]])
    }

    @Test func aModelSchemaIsNotReadByOtherDecoders() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ChoreIn.self, from: Data("{}".utf8)) }
    }
}
