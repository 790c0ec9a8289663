import Foundation
import Pony
import PonyTesting
import Testing

@testable import PonyWeb

/// `multipart/form-data` parsing: the parser's events, the reader's limits and temporary
/// files, and what a view sees through the test client.
@Suite struct MultipartTests {
    static let boundary = "----PonyBoundary7MA4YWxk"
    static let contentType = "multipart/form-data; boundary=\(boundary)"

    /// A body of `parts` (header lines, content), closed by the final delimiter.
    static func body(_ parts: [(headers: [String], content: String)], close: Bool = true) -> [UInt8] {
        var text = "preamble is ignored\r\n"
        for part in parts {
            text += "--\(boundary)\r\n" + part.headers.map { $0 + "\r\n" }.joined() + "\r\n" + part.content + "\r\n"
        }
        if close { text += "--\(boundary)--\r\nepilogue is ignored too" }
        return Array(text.utf8)
    }

    static func read(
        _ body: [UInt8], limits: UploadLimits = UploadLimits(), chunk: Int = .max
    ) throws(HTTPError) -> (fields: QueryDict, files: UploadedFiles) {
        var reader = try MultipartFormReader(contentType: contentType, limits: limits)
        var index = 0
        while index < body.count {
            let end = min(body.count, index + min(chunk, body.count))
            try reader.consume(body[index..<end])
            index = end
        }
        return try reader.finish()
    }

    static let sample = body([
        (["Content-Disposition: form-data; name=\"title\""], "Hello, wörld"),
        (["Content-Disposition: form-data; name=\"tags\""], "a"),
        (["Content-Disposition: form-data; name=\"tags\""], "b\r\n--not-the-boundary"),
        (
            [
                "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"",
                "Content-Type: text/plain; charset=utf-8",
            ],
            "line one\r\nline two"
        ),
    ])

    @Test func readsFieldsAndFilesWhateverTheChunking() throws {
        for chunk in [1, 2, 7, 40, 4096] {
            let (fields, files) = try Self.read(Self.sample, chunk: chunk)
            #expect(fields["title"] == "Hello, wörld")
            #expect(fields.list("tags") == ["a", "b\r\n--not-the-boundary"])
            let file = try #require(files["file"])
            #expect(file.name == "notes.txt")
            #expect(file.contentType == "text/plain")
            #expect(file.charset == "utf-8")
            #expect(try file.bytes() == Array("line one\r\nline two".utf8))
            #expect(file.size == 18)
            #expect(file.temporaryPath == nil)
        }
    }

    @Test func fileNamesLoseTheirDirectoriesAndEmptyOnesAreSkipped() throws {
        let names = [
            "../../etc/passwd", "C:\\Users\\ann\\report.pdf", "a/b\\c.txt", "..", "", "tab\there.txt",
        ]
        let body = Self.body(
            names.map { (["Content-Disposition: form-data; name=\"f\"; filename=\"\($0)\""], "x") }
                + [(["Content-Disposition: form-data; name=\"g\"; filename*=UTF-8''%E2%82%AC%20rates.txt"], "y")])
        let (_, files) = try Self.read(body)
        #expect(files.list("f").map(\.name) == ["passwd", "report.pdf", "c.txt", "tabhere.txt"])
        #expect(files["g"]?.name == "€ rates.txt")
    }

    @Test func largeFilesGoToATemporaryFileThatIsRemovedAfterUse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-multipart-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = String(repeating: "0123456789", count: 1000)
        let body = Self.body([(["Content-Disposition: form-data; name=\"big\"; filename=\"big.bin\""], content)])
        var path: String?
        do {
            let (_, files) = try Self.read(
                body, limits: UploadLimits(fileMemoryLimit: 1000, temporaryDirectory: folder.path), chunk: 333)
            let file = try #require(files["big"])
            path = file.temporaryPath
            #expect(path?.hasPrefix(folder.path) == true)
            #expect(file.size == 10_000)
            #expect(try file.bytes() == Array(content.utf8))
        }
        let spilled = try #require(path)
        #expect(!FileManager.default.fileExists(atPath: spilled))
    }

    @Test func malformedBodiesAre400s() {
        let cases: [(String, [UInt8])] = [
            ("truncated", Self.body([(["Content-Disposition: form-data; name=\"a\""], "1")], close: false)),
            ("no boundary at all", Array("just text".utf8)),
            ("header without a name", Self.body([(["Content-Disposition: form-data; name=\"a\"", ": x"], "1")])),
            (
                "huge headers",
                Self.body([
                    (["Content-Disposition: form-data; name=\"a\"", "X: " + String(repeating: "h", count: 2000)], "1")
                ])
            ),
            (
                "nested multipart",
                Self.body([
                    (
                        ["Content-Disposition: form-data; name=\"a\"", "Content-Type: multipart/mixed; boundary=x"],
                        "--x--"
                    )
                ])
            ),
            ("junk after a boundary", Array("--\(Self.boundary)junk\r\n\r\n".utf8)),
        ]
        for (label, body) in cases {
            #expect(throws: HTTPError.self, "\(label)") { try Self.read(body) }
            do {
                _ = try Self.read(body)
            } catch {
                #expect(error.status == .badRequest, "\(label)")
            }
        }
        for type in [
            "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\(String(repeating: "b", count: 71))",
        ] {
            #expect(throws: HTTPError.self) { try MultipartFormReader(contentType: type, limits: UploadLimits()) }
        }
    }

    @Test func limitsAreDjangos() {
        let fields = Self.body((0..<3).map { (["Content-Disposition: form-data; name=\"f\($0)\""], "v") })
        #expect(throws: HTTPError.self) { try Self.read(fields, limits: UploadLimits(maximumFields: 2)) }
        #expect((try? Self.read(fields, limits: UploadLimits(maximumFields: 3)))?.fields.keys.count == 3)
        let files = Self.body(
            (0..<3).map { (["Content-Disposition: form-data; name=\"f\"; filename=\"\($0).txt\""], "v") })
        #expect(throws: HTTPError.self) { try Self.read(files, limits: UploadLimits(maximumFiles: 2)) }
        let big = Self.body([(["Content-Disposition: form-data; name=\"text\""], String(repeating: "x", count: 101))])
        #expect(throws: HTTPError.self) { try Self.read(big, limits: UploadLimits(maximumFieldBytes: 100)) }
        // NB: file contents do not count towards the fields' memory limit.
        let file = Self.body([
            (["Content-Disposition: form-data; name=\"f\"; filename=\"a\""], String(repeating: "x", count: 101))
        ])
        #expect((try? Self.read(file, limits: UploadLimits(maximumFieldBytes: 100)))?.files.count == 1)
    }

    @Test func viewsSeeFormAndFilesAndTheCSRFTokenIsReadFromMultipart() async throws {
        let app = Pony()
        app.post("upload/") { request in
            let files = try request.files
            let names = files.list("docs").map { "\($0.name):\($0.size)" }.joined(separator: ",")
            return Response.text("title=\(try request.form["title"] ?? "-") files=\(names)")
        }
        app.get("token/") { request in Response.text(request.csrfToken) }
        let client = try TestClient(app)
        client.enforceCSRFChecks = true
        let token = await client.get("token/").text
        let files: UploadedFiles = [
            "docs": UploadedFile(name: "a.txt", contentType: "text/plain", bytes: Array("hello".utf8)),
            "docs": UploadedFile(name: "b.bin", bytes: [0, 1, 2]),
        ]
        let refused = await client.post("upload/", form: ["title": "Hi"], files: files)
        #expect(refused.status == .forbidden)
        let accepted = await client.post(
            "upload/", form: ["title": "Hi", "csrfmiddlewaretoken": token], files: files)
        #expect(accepted.status == .ok)
        #expect(accepted.text == "title=Hi files=a.txt:5,b.bin:3")
    }
}
