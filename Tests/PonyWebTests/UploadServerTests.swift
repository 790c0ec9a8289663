import Foundation
import Pony
import Testing

/// Uploads through the real server: bodies are read as they arrive, large files go to the
/// temporary folder and then into `media/`, and malformed bodies are 400s that leave nothing.
@Suite(.serialized) struct UploadServerTests {
    /// A new folder with a `tmp/` for uploads in progress; the caller removes it.
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-uploads-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        return folder
    }

    static func serve(_ folder: URL) async throws -> LiveServer {
        let app = Pony(maxBodySize: 8 * 1024 * 1024)
        app.settings.baseDirectory = folder.path
        app.settings.fileUploadMaxMemorySize = 64 * 1024
        app.settings.fileUploadTemporaryDirectory = folder.appendingPathComponent("tmp").path
        app.csrfExempt.post("upload/") { request in
            guard let upload = try request.files["file"] else { return Response.text("no file", status: .badRequest) }
            let spilled = upload.temporaryPath != nil
            let name = try FileStorage.media(request).save(upload, as: "uploads/\(upload.name)")
            return Response.text("\(try request.form["title"] ?? "") \(name) \(upload.size) spilled=\(spilled)")
        }
        return try await LiveServer(app: app)
    }

    static func request(_ body: [UInt8], boundary: String, chunked: Bool = false) -> [[UInt8]] {
        let head =
            "POST /upload/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(body.count)\r\n\r\n")
        guard chunked else { return [Array(head.utf8), body] }
        var pieces = [Array(head.utf8)]
        var index = 0
        while index < body.count {
            let end = min(body.count, index + 50_000)
            pieces.append(Array("\(String(end - index, radix: 16))\r\n".utf8) + body[index..<end] + [13, 10])
            index = end
        }
        pieces.append(Array("0\r\n\r\n".utf8))
        return pieces
    }

    static func body(filename: String, content: [UInt8], boundary: String) -> [UInt8] {
        Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n--\(boundary)\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").utf8) + content
            + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    @Test func largeUploadsStreamToDiskAndLandInMedia() async throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await Self.serve(folder)
        let client = RawClient(port: server.port)
        let content = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for chunked in [false, true] {
            let body = Self.body(filename: "../../escape.bin", content: content, boundary: "b0undary")
            let reply = await client.exchange(
                Self.request(body, boundary: "b0undary", chunked: chunked), untilResponse: true)
            #expect(ServerSocketTests.statusLine(reply.response) == "HTTP/1.1 200 OK", "\(reply.response.prefix(300))")
            let words = reply.response.split(separator: "\r\n\r\n").last?.split(separator: " ") ?? []
            #expect(words.count == 4 && words[0] == "Hello" && words[2] == "1000000" && words[3] == "spilled=true")
            let saved = folder.appendingPathComponent("media").appendingPathComponent(
                String(words.count > 1 ? words[1] : ""))
            #expect(try Data(contentsOf: saved) == Data(content))
        }
        let stored = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("media/uploads").path)
        #expect(stored.count == 2 && stored.contains("escape.bin"))
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.bin").path))
        // The temporary files were moved into media/; nothing is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path) == [])
    }

    @Test func malformedUploadsAre400sAndLeaveNothingBehind() async throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await Self.serve(folder)
        let client = RawClient(port: server.port)
        let big = [UInt8](repeating: 65, count: 200_000)
        let complete = Self.body(filename: "a.bin", content: big, boundary: "bnd")
        let bodies: [(String, [[UInt8]])] = [
            ("truncated", Self.request(Array(complete.dropLast(12)), boundary: "bnd")),
            (
                "no boundary",
                Self.request(complete, boundary: "").map {
                    Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "; boundary=", with: "").utf8)
                }
            ),
            (
                "huge part headers",
                Self.request(
                    Array("--bnd\r\nX: \(String(repeating: "x", count: 5000))\r\n\r\nv\r\n--bnd--\r\n".utf8),
                    boundary: "bnd")
            ),
            (
                "nested",
                Self.request(
                    Array(
                        "--bnd\r\nContent-Disposition: form-data; name=\"n\"\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z--\r\n--bnd--\r\n"
                            .utf8), boundary: "bnd")
            ),
        ]
        for (label, pieces) in bodies {
            let reply = await client.exchange(pieces, untilResponse: true)
            #expect(
                ServerSocketTests.statusLine(reply.response) == "HTTP/1.1 400 Bad Request",
                "\(label): \(reply.response.prefix(200))")
        }
        // A request that only names the type, without a body, is routed as any other.
        let named = await client.exchange(
            [
                Array(
                    "GET /upload/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n"
                        .utf8)
            ],
            untilResponse: true)
        #expect(ServerSocketTests.statusLine(named.response) == "HTTP/1.1 405 Method Not Allowed")
        let oversized = Self.body(
            filename: "a.bin", content: [UInt8](repeating: 1, count: 9 * 1024 * 1024), boundary: "bnd")
        var chunked = Self.request(oversized, boundary: "bnd", chunked: true)
        chunked.removeLast()
        let reply = await client.exchange(chunked, untilResponse: true)
        #expect(ServerSocketTests.statusLine(reply.response).hasPrefix("HTTP/1.1 413 "))
        try await Task.sleep(for: .milliseconds(100))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path) == [])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("media").path))
    }
}
