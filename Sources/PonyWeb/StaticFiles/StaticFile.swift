import Foundation
internal import NIOCore
internal import PonySupport

/// One file as static serving answers for it: conditional requests (`ETag` and
/// `Last-Modified` against `If-None-Match` and `If-Modified-Since` → 304, `If-Match` and
/// `If-Unmodified-Since` → 412, as ``ConditionalResponse``), single byte ranges (206, or 416 outside the
/// file) and, when it has a gzip copy and the client accepts gzip, that copy.
struct StaticFile: Sendable {
    /// The real path on disk.
    let path: String
    /// Size and modification time when it was looked at.
    let status: FileStatus
    let etag: String
    let contentType: String
    /// How long browsers may keep it: forever for hashed names, revalidated otherwise.
    var cacheControl: String
    /// The gzip copy, when one is kept.
    var gzip: ByteBuffer?

    static let forever = "max-age=315360000, public, immutable"

    /// A file as it is now on disk, with an ETag from its size and modification time.
    init?(path: String) {
        guard let status = FileStatus(path: path), status.isRegularFile else { return nil }
        let etag =
            "\"\(String(status.size, radix: 16))-\(String(status.modifiedSeconds, radix: 16))\(String(status.modifiedNanoseconds, radix: 16))\""
        self.init(
            path: path, status: status, etag: etag, contentType: MediaTypes.guess(path: path), cacheControl: "no-cache")
    }

    init(
        path: String, status: FileStatus, etag: String, contentType: String, cacheControl: String,
        gzip: ByteBuffer? = nil
    ) {
        self.path = path
        self.status = status
        self.etag = etag
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.gzip = gzip
    }

    /// Whether the file on disk is still the one read at start-up (size and modification time).
    var isUnchanged: Bool { FileStatus(path: path) == status }

    var size: Int { status.size }

    func response(for request: Request) -> Response {
        let compressed = gzip != nil && request.headers["Range"] == nil && Self.acceptsGzip(request.headers)
        // NB: each representation has its own strong ETag.
        let etag = compressed ? etag.dropLast() + "-gz\"" : etag
        var headers: Headers = ["ETag": etag, "Cache-Control": cacheControl]
        if gzip != nil { headers["Vary"] = "Accept-Encoding" }
        headers["Last-Modified"] = HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(status.modifiedSeconds)))
        let conditional = ConditionalResponse.answer(
            to: request, etag: etag, lastModified: status.modifiedSeconds, response: Response(headers: headers))
        guard conditional.status == .ok else { return conditional }
        headers["Content-Type"] = contentType
        headers["Accept-Ranges"] = "bytes"
        if compressed, let gzip {
            headers["Content-Encoding"] = "gzip"
            return Response(status: .ok, headers: headers, body: Response.Body(storage: .buffer(gzip)))
        }
        switch StaticFiles.range(request.headers["Range"], size: size) {
        case .whole:
            return Response(
                status: .ok, headers: headers, body: Response.Body(storage: .file(path: path, offset: 0, size: size)))
        case .part(let start, let end):
            headers["Content-Range"] = "bytes \(start)-\(end)/\(size)"
            return Response(
                status: .partialContent, headers: headers,
                body: Response.Body(storage: .file(path: path, offset: start, size: end - start + 1)))
        case .unsatisfiable:
            return Response(status: .rangeNotSatisfiable, headers: ["Content-Range": "bytes */\(size)"])
        }
    }

    /// Whether `Accept-Encoding` allows gzip (`gzip` or `*`, without `q=0`).
    static func acceptsGzip(_ headers: Headers) -> Bool {
        guard let header = headers["Accept-Encoding"] else { return false }
        var accepted = false
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" { return q > 0 }
            accepted = q > 0
        }
        return accepted
    }
}
