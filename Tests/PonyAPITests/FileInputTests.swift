import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

struct Attachment: Decodable, Sendable, Constrained {
    var title: String
    var file: UploadedFile
    var thumbnail: UploadedFile?
    var pages: [UploadedFile]?
    static let constraints: [String: Constraint] = ["title": .maxLength(20)]
}

/// `UploadedFile` fields of a `form:` type (django-ninja's `File[UploadedFile]`): the files of
/// a multipart body, with the text fields beside them.
@Suite struct FileInputTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.api.post("/attachments", form: Attachment.self, status: .created) { _, attachment in
            [
                "title": attachment.title, "file": attachment.file.name,
                "content": String(decoding: try attachment.file.bytes(), as: UTF8.self),
                "thumbnail": attachment.thumbnail?.contentType ?? "-",
                "pages": (attachment.pages ?? []).map { "\($0.name):\($0.size)" }.joined(separator: ","),
            ]
        }
        return app
    }

    @Test func filesAndFieldsArriveTogether() async throws {
        let client = try TestClient(Self.makeApp())
        var files = UploadedFiles()
        files.append("file", UploadedFile(name: "notes.txt", contentType: "text/plain", bytes: Array("hello".utf8)))
        files.append("thumbnail", UploadedFile(name: "t.png", contentType: "image/png", bytes: [0x89, 0x50]))
        files.append("pages", UploadedFile(name: "1.pdf", bytes: [1, 2, 3]))
        files.append("pages", UploadedFile(name: "2.pdf", bytes: [4]))
        let response = await client.post("/api/attachments", form: ["title": "Minutes"], files: files)
        #expect(response.status == .created)
        #expect(
            response.text
                == #"{"content":"hello","file":"notes.txt","pages":"1.pdf:3,2.pdf:1","thumbnail":"image/png","title":"Minutes"}"#
        )
        let onlyRequired = await client.post(
            "/api/attachments", form: ["title": "x"], files: ["file": UploadedFile(name: "a", bytes: [])])
        #expect(onlyRequired.text == #"{"content":"","file":"a","pages":"","thumbnail":"-","title":"x"}"#)
    }

    @Test func aMissingFileIsReportedWhereFilesAre() async throws {
        let client = try TestClient(Self.makeApp())
        // A text value under a file field's name is not a file.
        let response = await client.post(
            "/api/attachments", form: ["title": String(repeating: "x", count: 21), "file": "not a file"],
            files: UploadedFiles())
        #expect(response.status.code == 422)
        let issues = try JSONValue(parsing: response.body)["detail"]
        #expect(issues?[0]?["type"] == "string_too_long")
        #expect(issues?[0]?["loc"] == ["form", "title"])
        #expect(issues?[1]?["type"] == "missing")
        #expect(issues?[1]?["loc"] == ["file", "file"])
        let urlencoded = await client.post("/api/attachments", form: ["title": "x"])
        #expect(try JSONValue(parsing: urlencoded.body)["detail"]?[0]?["loc"] == ["file", "file"])
        let json = await client.send(.post, "/api/attachments", json: #"{"title": "x", "file": 0}"#)
        #expect(json.status == .unsupportedMediaType)
    }

    @Test func theDocumentDescribesAMultipartBody() throws {
        let document = Self.makeApp().api.openAPIDocument
        let content = document["paths"]?["/api/attachments"]?["post"]?["requestBody"]?["content"]
        #expect(content?["application/x-www-form-urlencoded"] == nil)
        #expect(content?["multipart/form-data"]?["schema"]?["$ref"] == "#/components/schemas/Attachment")
        let properties = document["components"]?["schemas"]?["Attachment"]?["properties"]
        #expect(properties?["file"] == ["type": "string", "format": "binary"])
        #expect(properties?["thumbnail"] == ["type": ["string", "null"], "format": "binary"])
        #expect(properties?["pages"] == ["type": ["array", "null"], "items": ["type": "string", "format": "binary"]])
        #expect(document["components"]?["schemas"]?["Attachment"]?["required"] == ["title", "file"])
    }

    @Test func aFileCannotBeDecodedFromJSON() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(UploadedFile.self, from: Data("0".utf8))
        }
    }
}
