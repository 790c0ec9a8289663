import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

struct GadgetIn: Decodable, Sendable, Constrained {
    var name: String
    var price: Double?
    var tags: [String]?
    static let constraints: [String: Constraint] = [
        "name": .length(1...40), "price": [.minimum(0), .lessThan(10_000)], "tags": .maxLength(3),
    ]
}

struct Line: Decodable, Sendable, Constrained {
    var sku: String
    var quantity: UInt8
    static let constraints: [String: Constraint] = ["quantity": .range(1...99)]
}

struct Order: Decodable, Sendable {
    var lines: [Line]
    var note: String?
}

struct Tally: Decodable, Sendable {
    var tags: [String]
    var counts: [Int]
    var matrix: [[Int]]?
    var maybe: [String?]?
}

struct Search: Decodable, Sendable {
    var q: String?
    var tag: [String]?
    var limit: Int?
}

/// Reads its object as another type through a single-value container, as a wrapper does.
struct Wrapped: Decodable, Sendable {
    var gadget: GadgetIn
    init(from decoder: any Decoder) throws { gadget = try decoder.singleValueContainer().decode(GadgetIn.self) }
}

/// Reads its object through two keyed containers of different key types.
struct Split: Decodable, Sendable {
    var name: String
    var count: Int
    enum NameKey: String, CodingKey { case name }
    enum CountKey: String, CodingKey { case count }
    init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: NameKey.self).decode(String.self, forKey: .name)
        count = try decoder.container(keyedBy: CountKey.self).decode(Int.self, forKey: .count)
    }
}

struct Created: Encodable, Sendable {
    var id: Int64
    var name: String
}

/// Endpoints end to end: HTTP in, JSON out, for every status the API answers.
@Suite struct EndpointTests {
    static func makeApp(forbidsExtraFields: Bool = false) -> Pony {
        let app = Pony()
        if forbidsExtraFields { app.api = API(forbidsExtraFields: true) }
        app.api.get("/hello") { _ in ["message": "Hello, world"] }
        app.api.get("/gadgets", input: Search.self) { _, search in
            var gadgets = Gadget.objects.all()
            if let q = search.q { gadgets = gadgets.filter("name__icontains", q) }
            return try await gadgets.limit(search.limit ?? 100).fetch()
        }
        app.api.get("/gadgets/{int:id}") { request in
            try await Gadget.objects.get(pk: try request.parameter("id", as: Int64.self))
        }
        app.api.post("/gadgets", body: GadgetIn.self, status: .created) { _, new in
            let gadget = try await Gadget(name: new.name, price: new.price).save()
            return Created(id: gadget.id ?? 0, name: gadget.name)
        }
        app.api.delete("/gadgets/{int:id}") { request in
            let deleted = try await Gadget.objects.filter("id", try request.parameter("id", as: Int64.self)).delete()
            guard deleted.values.contains(where: { $0 > 0 }) else { throw HTTPError.notFound("No such gadget.") }
            return NoContent()
        }
        app.api.post("/orders", body: Order.self) { _, order in ["lines": order.lines.count] }
        app.api.get("/search", input: Search.self) { _, search in
            [
                "q": search.q ?? "", "tags": (search.tag ?? []).joined(separator: ","),
                "limit": String(search.limit ?? 0),
            ]
        }
        app.api.post("/gadgets/form", form: GadgetIn.self) { _, new in
            ["name": new.name, "price": String(new.price ?? 0), "tags": (new.tags ?? []).joined(separator: ",")]
        }
        app.api.get("/teapot") { _ -> [String: String] in throw HTTPError(418, "I'm a teapot.") }
        return app
    }

    @Test func encodableResultsAreJSON() async throws {
        let client = try TestClient(Self.makeApp())
        let hello = await client.get("/api/hello")
        #expect(hello.status == .ok)
        #expect(hello.headers["Content-Type"] == "application/json")
        #expect(hello.text == #"{"message":"Hello, world"}"#)
    }

    @Test func modelsListCreateGetAndDelete() async throws {
        try await withGadgets {
            let client = try TestClient(Self.makeApp())
            let list = await client.get("/api/gadgets?q=LA")
            #expect(list.text == #"[{"active":true,"id":1,"name":"lamp","price":12.5}]"#)
            let created = await client.send(.post, "/api/gadgets", json: #"{"name": "desk", "price": 99}"#)
            #expect(created.status == .created)
            #expect(created.text == #"{"id":3,"name":"desk"}"#)
            let one = await client.get("/api/gadgets/3")
            #expect(one.text == #"{"active":true,"id":3,"name":"desk","price":99}"#)
            let deleted = await client.request(.delete, "/api/gadgets/3")
            #expect(deleted.status == .noContent)
            #expect(deleted.body.isEmpty)
            let gone = await client.get("/api/gadgets/3")
            #expect(gone.status == .notFound)
            #expect(gone.text == #"{"detail":"No Gadget matches the given query."}"#)
            let again = await client.request(.delete, "/api/gadgets/3")
            #expect(again.status == .notFound)
            #expect(again.text == #"{"detail":"No such gadget."}"#)
        }
    }

    @Test func badRequestsGetJSONErrors() async throws {
        let client = try TestClient(Self.makeApp())
        let malformed = await client.send(.post, "/api/gadgets", json: #"{"name": "#)
        #expect(malformed.status == .badRequest)
        #expect(malformed.text.hasPrefix(#"{"detail":"Cannot parse request body: Invalid JSON at byte"#))
        let form = await client.send(.post, "/api/gadgets", json: "name=x", type: "application/x-www-form-urlencoded")
        #expect(form.status == .unsupportedMediaType)
        #expect(form.text.contains("send application/json"))
        let empty = await client.send(.post, "/api/gadgets", json: "")
        #expect(empty.status.code == 422)
        #expect(empty.text == #"{"detail":[{"type":"missing","loc":["body"],"msg":"Field required"}]}"#)
        let unknown = await client.get("/api/nowhere/at/all")
        #expect(unknown.status == .notFound)
        #expect(unknown.text == #"{"detail":"Not Found"}"#)
        #expect(await client.get("/api/").text == #"{"detail":"Not Found"}"#)
        // `{int:id}` does not match "abc": no such path, as in Django and ninja.
        #expect(await client.get("/api/gadgets/abc").status == .notFound)
        let method = await client.request(.put, "/api/gadgets")
        #expect(method.status == .methodNotAllowed)
        #expect(method.headers["Allow"] == "GET, POST")
        #expect(method.text == #"{"detail":"Method Not Allowed"}"#)
        let teapot = await client.get("/api/teapot")
        #expect(teapot.status.code == 418)
        #expect(teapot.text == #"{"detail":"I'm a teapot."}"#)
    }

    @Test func everyFailingFieldIsReportedWhereItIs() async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.send(
            .post, "/api/orders",
            json: #"{"lines": [{"sku": "a", "quantity": 2}, {"sku": 7, "quantity": 300}, {"quantity": 0}], "note": 5}"#)
        #expect(response.status.code == 422)
        let expected = """
            {"detail":[{"type":"string_type","loc":["body","lines",1,"sku"],"msg":"Input should be a valid string"},\
            {"type":"int_parsing_size","loc":["body","lines",1,"quantity"],"msg":"Unable to parse input string as an integer, exceeded maximum size"},\
            {"type":"missing","loc":["body","lines",2,"sku"],"msg":"Field required"},\
            {"type":"greater_than_equal","loc":["body","lines",2,"quantity"],"msg":"Input should be greater than or equal to 1","ctx":{"ge":1}},\
            {"type":"string_type","loc":["body","note"],"msg":"Input should be a valid string"}]}
            """
        #expect(response.text == expected)
        let notList = await client.send(.post, "/api/orders", json: #"{"lines": {"sku": "a"}}"#)
        #expect(
            notList.text
                == #"{"detail":[{"type":"list_type","loc":["body","lines"],"msg":"Input should be a valid list"}]}"#)
        let notObject = await client.send(.post, "/api/orders", json: "[1, 2]")
        #expect(notObject.text.contains(#""type":"model_attributes_type","loc":["body"]"#))
    }

    @Test func constraintsOnNumbersAndArrays() async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.send(
            .post, "/api/gadgets", json: #"{"name": "x", "price": 10000, "tags": ["a", "b", "c", "d"]}"#)
        #expect(
            response.text == """
                {"detail":[{"type":"less_than","loc":["body","price"],"msg":"Input should be less than 10000","ctx":{"lt":10000}},\
                {"type":"too_long","loc":["body","tags"],"msg":"List should have at most 3 items after validation, not 4",\
                "ctx":{"field_type":"List","max_length":3,"actual_length":4}}]}
                """)
    }

    /// Each refused item of an array is reported at its index, as pydantic 2 reports it
    /// (`model_validate_json` of the same body, for `list[str]`, `list[int]`,
    /// `list[list[int]]` and `list[Optional[str]]`; for a non-list, ninja's "valid list", as
    /// ninja validates the parsed body, where pydantic's JSON mode says "valid array").
    @Test func arrayItemsAreCheckedOneByOne() async throws {
        let app = Pony()
        app.api.post("/tallies", body: Tally.self) { _, tally in
            ["tags": tally.tags.count, "sum": tally.counts.reduce(0, +)]
        }
        let client = try TestClient(app)
        let valid = await client.send(.post, "/api/tallies", json: #"{"tags": ["a", "b"], "counts": [1, "2", 3.0]}"#)
        #expect(valid.text == #"{"sum":6,"tags":2}"#)
        let response = await client.send(
            .post, "/api/tallies", json: #"{"tags": ["a", 5, null], "counts": [1, "2", 2.5, "x", 3.0]}"#)
        #expect(
            response.text == """
                {"detail":[{"type":"string_type","loc":["body","tags",1],"msg":"Input should be a valid string"},\
                {"type":"string_type","loc":["body","tags",2],"msg":"Input should be a valid string"},\
                {"type":"int_from_float","loc":["body","counts",2],"msg":"Input should be a valid integer, got a number with a fractional part"},\
                {"type":"int_parsing","loc":["body","counts",3],"msg":"Input should be a valid integer, unable to parse string as an integer"}]}
                """)
        let nested = await client.send(
            .post, "/api/tallies",
            json: #"{"tags": [], "counts": [], "matrix": [[1, "x"], [2], 3], "maybe": ["a", null, 3]}"#)
        #expect(
            nested.text == """
                {"detail":[{"type":"int_parsing","loc":["body","matrix",0,1],"msg":"Input should be a valid integer, unable to parse string as an integer"},\
                {"type":"list_type","loc":["body","matrix",2],"msg":"Input should be a valid list"},\
                {"type":"string_type","loc":["body","maybe",2],"msg":"Input should be a valid string"}]}
                """)
    }

    @Test func queryParametersAndRepeatedValues() async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.get("/api/search?q=lamp&tag=a&tag=b&limit=3&other=1")
        #expect(response.text == #"{"limit":"3","q":"lamp","tags":"a,b"}"#)
        #expect(await client.get("/api/search").text == #"{"limit":"0","q":"","tags":""}"#)
        let bad = await client.get("/api/search?limit=many")
        #expect(bad.text.contains(#""loc":["query","limit"]"#))
    }

    @Test func extraFieldsAreRefusedWhenTheAPIForbidsThem() async throws {
        let lenient = try TestClient(Self.makeApp())
        #expect(await lenient.send(.post, "/api/orders", json: #"{"lines": [], "colour": 1}"#).status == .ok)
        let strict = try TestClient(Self.makeApp(forbidsExtraFields: true))
        let response = await strict.send(
            .post, "/api/orders", json: #"{"lines": [{"sku": "a", "quantity": 1, "x": 0}], "colour": 1}"#)
        #expect(
            response.text == """
                {"detail":[{"type":"extra_forbidden","loc":["body","lines",0,"x"],"msg":"Extra inputs are not permitted"},\
                {"type":"extra_forbidden","loc":["body","colour"],"msg":"Extra inputs are not permitted"}]}
                """)
        #expect(await strict.send(.post, "/api/orders", json: #"{"lines": []}"#).status == .ok)
    }

    /// Types with their own `init(from:)`: a wrapper that reads its object as another type, and
    /// a type that reads its object through two containers. Each issue is reported once, at its
    /// member, and a member either container read is not extra.
    @Test func customDecodersReportEachIssueOnce() async throws {
        let app = Pony()
        app.api = API(forbidsExtraFields: true)
        app.api.post("/wrapped", body: Wrapped.self) { _, wrapped in ["name": wrapped.gadget.name] }
        app.api.post("/split", body: Split.self) { _, split in ["name": split.name, "count": String(split.count)] }
        let client = try TestClient(app)
        #expect(await client.send(.post, "/api/wrapped", json: #"{"name": "lamp"}"#).text == #"{"name":"lamp"}"#)
        let wrapped = await client.send(.post, "/api/wrapped", json: #"{"name": "", "price": -1, "x": 1}"#)
        #expect(
            wrapped.text == """
                {"detail":[{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","ctx":{"min_length":1}},\
                {"type":"greater_than_equal","loc":["body","price"],"msg":"Input should be greater than or equal to 0","ctx":{"ge":0}},\
                {"type":"extra_forbidden","loc":["body","x"],"msg":"Extra inputs are not permitted"}]}
                """)
        let split = await client.send(.post, "/api/split", json: #"{"name": "a", "count": "2"}"#)
        #expect(split.text == #"{"count":"2","name":"a"}"#)
        let bad = await client.send(.post, "/api/split", json: #"{"name": 1, "count": "two", "y": 0}"#)
        #expect(
            bad.text == """
                {"detail":[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string"},\
                {"type":"int_parsing","loc":["body","count"],"msg":"Input should be a valid integer, unable to parse string as an integer"},\
                {"type":"extra_forbidden","loc":["body","y"],"msg":"Extra inputs are not permitted"}]}
                """)
    }

    @Test func formBodiesAsDjangoNinjasForm() async throws {
        let client = try TestClient(Self.makeApp())
        let form = await client.post("/api/gadgets/form", form: ["name": "lamp", "price": "12.5", "tags": "a"])
        #expect(form.text == #"{"name":"lamp","price":"12.5","tags":"a"}"#)
        let repeated = await client.send(
            .post, "/api/gadgets/form", json: "name=x&tags=a&tags=b", type: "application/x-www-form-urlencoded")
        #expect(repeated.text == #"{"name":"x","price":"0.0","tags":"a,b"}"#)
        let multipart = await client.post("/api/gadgets/form", form: ["name": "fan"], files: UploadedFiles())
        #expect(multipart.text.contains(#""name":"fan""#))
        let invalid = await client.post("/api/gadgets/form", form: ["name": "", "price": "cheap"])
        #expect(
            invalid.text == """
                {"detail":[{"type":"string_too_short","loc":["form","name"],"msg":"String should have at least 1 character","ctx":{"min_length":1}},\
                {"type":"float_parsing","loc":["form","price"],"msg":"Input should be a valid number, unable to parse string as a number"}]}
                """)
        #expect(await client.send(.post, "/api/gadgets/form", json: #"{"name": "x"}"#).status == .unsupportedMediaType)
        let document = try JSONValue(parsing: await client.get("/api/openapi.json").body)
        let content = document["paths"]?["/api/gadgets/form"]?["post"]?["requestBody"]?["content"]
        #expect(content?["multipart/form-data"]?["schema"] == ["$ref": "#/components/schemas/GadgetIn"])
        #expect(content?["application/x-www-form-urlencoded"] != nil)
    }

    @Test func apiRoutesNeedNoCSRFToken() async throws {
        let client = try TestClient(Self.makeApp())
        client.enforceCSRFChecks = true
        #expect(await client.send(.post, "/api/orders", json: #"{"lines": []}"#).status == .ok)
    }
}
