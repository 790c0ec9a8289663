import Foundation

/// Serves the files of one folder under a URL prefix: `static/` at `/static/`, `public/` at
/// the site root (`robots.txt`, `favicon.ico`).
///
/// Never outside the folder: `..` and `.` segments and backslashes are refused (the path is
/// already percent-decoded, so every encoding of them is caught), NUL bytes never get this far
/// (the request is rejected with 400), and the file's real path, symlinks resolved, must
/// still lie inside the folder's real path. Answers conditional requests (`ETag`,
/// `If-None-Match`, `If-Modified-Since` → 304) and single byte ranges (206, or 416 when the
/// range lies outside the file).
struct StaticFiles: Sendable {
    /// The URL prefix, starting and ending with "/".
    let prefix: String
    /// The folder's real path.
    let root: String

    /// `nil` when the folder does not exist.
    init?(folder: String, prefix: String) {
        guard let root = StaticFiles.realPath(folder) else { return nil }
        self.root = root
        self.prefix = prefix
    }

    /// The response for a request under the prefix, or `nil` when there is no such file.
    func response(for request: Request) -> Response? {
        guard request.method == .get || request.method == .head, request.path.hasPrefix(prefix) else { return nil }
        let relative = request.path.dropFirst(prefix.count)
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.contains("\\"),
            !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
        else { return nil }
        guard let path = StaticFiles.realPath(root + "/" + relative), path.hasPrefix(root + "/") else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        let etag =
            "\"\(String(size, radix: 16))-\(String(info.st_mtim.tv_sec, radix: 16))\(String(info.st_mtim.tv_nsec, radix: 16))\""
        var headers: Headers = [
            "Content-Type": MediaTypes.guess(path: path), "ETag": etag, "Last-Modified": Cookies.httpDate(modified),
            "Accept-Ranges": "bytes", "Cache-Control": "no-cache",
        ]
        if let match = request.headers["If-None-Match"] {
            let tags = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if tags.contains("*") || tags.contains(etag) || tags.contains("W/" + etag) {
                return Response(status: .notModified, headers: ["ETag": etag, "Cache-Control": "no-cache"])
            }
        } else if let since = request.headers["If-Modified-Since"], since == Cookies.httpDate(modified) {
            return Response(status: .notModified, headers: ["ETag": etag, "Cache-Control": "no-cache"])
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

    enum RangeRequest: Equatable {
        case whole
        case part(start: Int, end: Int)
        case unsatisfiable
    }

    /// Parses a single `bytes=` range (RFC 9110); anything else is served whole.
    static func range(_ header: String?, size: Int) -> RangeRequest {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        if parts[0].isEmpty {
            // Suffix range: the last n bytes.
            guard let count = Int(parts[1]) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .part(start: max(0, size - count), end: size - 1)
        }
        guard let start = Int(parts[0]), start >= 0 else { return .whole }
        if parts[1].isEmpty { return start < size ? .part(start: start, end: size - 1) : .unsatisfiable }
        guard let last = Int(parts[1]), last >= start else { return .whole }  // malformed: ignored
        guard start < size else { return .unsatisfiable }
        return .part(start: start, end: min(last, size - 1))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
