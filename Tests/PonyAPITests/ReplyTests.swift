import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

struct Notice: Codable, Sendable {
    var message: String
}

/// Responses per status (django-ninja's `response={200: Out, 404: Notice}` and
/// `return 404, message`): what is sent, what the document says, and a reply the endpoint
/// does not declare.
@Suite struct ReplyTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.api.get("/gadgets/{int:id}", responses: [.ok: Gadget.self, .notFound: Notice.self]) { request in
            let id = try request.parameter("id", as: Int64.self)
            guard let gadget = try await Gadget.objects.filter("id", id).first() else {
                return Reply(.notFound, Notice(message: "No gadget \(id)."))
            }
            return Reply(gadget)
        }
        app.api.post("/gadgets", body: GadgetIn.self, status: .created, responses: [.conflict: Notice.self]) {
            _, new -> Created in
            if try await Gadget.objects.filter("name", new.name).exists() {
                throw Reply(.conflict, Notice(message: "\(new.name) exists."))
            }
            let gadget = try await Gadget(name: new.name, price: new.price).save()
            return Created(id: gadget.id ?? 0, name: gadget.name)
        }
        app.api.post("/located", status: .created) { _ in
            Reply(Notice(message: "made"), headers: ["Location": "/api/gadgets/1"])
        }
        app.api.get("/moved") { _ in Reply(Response(status: .found, headers: ["Location": "/elsewhere"])) }
        app.api.get("/undeclared") { _ -> Created in throw Reply(410, Notice(message: "gone")) }
        app.api.get("/mistyped", responses: [.notFound: Notice.self]) { _ in
            Reply(.notFound, Created(id: 1, name: "x"))
        }
        return app
    }

    @Test func declaredRepliesAreSentWithTheirStatus() async throws {
        try await withGadgets {
            let client = try TestClient(Self.makeApp())
            let found = await client.get("/api/gadgets/1")
            #expect(found.status == .ok)
            #expect(found.text == #"{"active":true,"id":1,"name":"lamp","price":12.5}"#)
            let missing = await client.get("/api/gadgets/9")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"message":"No gadget 9."}"#)
            let created = await client.send(.post, "/api/gadgets", json: #"{"name": "desk"}"#)
            #expect(created.status == .created)
            let thrown = await client.send(.post, "/api/gadgets", json: #"{"name": "lamp"}"#)
            #expect(thrown.status == .conflict)
            #expect(thrown.text == #"{"message":"lamp exists."}"#)
        }
    }

    @Test func headersAndRawResponses() async throws {
        let client = try TestClient(Self.makeApp())
        let located = await client.request(.post, "/api/located")
        #expect(located.status == .created)
        #expect(located.headers["Location"] == "/api/gadgets/1")
        #expect(located.text == #"{"message":"made"}"#)
        let moved = await client.get("/api/moved")
        #expect(moved.status == .found)
        #expect(moved.headers["Location"] == "/elsewhere")
    }

    @Test func aReplyTheEndpointDoesNotDeclareIsAServerError() async throws {
        #expect(
            await Self.serverError("/api/undeclared").contains(
                "GET /api/undeclared replied 410, which it does not declare: add `responses: [410: Notice.self]` to it."
            ))
        #expect(
            await Self.serverError("/api/mistyped").contains(
                "GET /api/mistyped replied 404 with Created, but declares Notice for it."))
    }

    /// The server error page for `path` (the development server's, which shows the error).
    static func serverError(_ path: String) async -> String {
        let app = makeApp()
        guard let client = try? TestClient(app, recordsServerErrors: false) else { return "" }
        let response = await client.get(path)
        #expect(response.status == .internalServerError)
        return response.text.replacingOccurrences(of: "&#x60;", with: "`").replacingOccurrences(of: "&#x27;", with: "'")
    }

    @Test func theDocumentListsEveryDeclaredResponse() throws {
        let document = Self.makeApp().api.openAPIDocument
        let get = document["paths"]?["/api/gadgets/{id}"]?["get"]?["responses"]
        #expect(get?["200"]?["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Gadget")
        #expect(get?["404"]?["description"] == "Not Found")
        #expect(get?["404"]?["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Notice")
        let post = document["paths"]?["/api/gadgets"]?["post"]?["responses"]
        #expect(post?["201"]?["description"] == "Created")
        #expect(post?["409"]?["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Notice")
        #expect(document["components"]?["schemas"]?["Notice"]?["required"] == ["message"])
    }
}
