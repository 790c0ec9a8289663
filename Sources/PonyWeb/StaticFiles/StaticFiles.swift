import Foundation

/// Serves the files of one folder under a URL prefix: `static/` at `/static/`, `media/` at
/// `/media/`, `public/` at the site root (`robots.txt`, `favicon.ico`).
///
/// Never outside the folder: `..` and `.` segments and backslashes are refused (the path is
/// already percent-decoded, so every encoding of them is caught), NUL bytes never get this far
/// (the request is rejected with 400), and the file's real path, symlinks resolved, must
/// still lie inside the folder's real path. Hidden files (`.env`; `.well-known/` excepted) and
/// editor backups (`name~`) are never served. ``StaticFile`` answers for each file.
///
/// Uploaded files (`media/`) are `userContent`: each answer carries `Content-Security-Policy:
/// sandbox`, and types a browser would run (HTML, SVG, XML, JavaScript) are sent as
/// attachments, so an upload cannot act as a page of the site (a second origin for XSS).
struct StaticFiles: Sendable {
    /// The URL prefix, starting and ending with "/".
    let prefix: String
    /// The folder's real path, when it existed at start-up.
    private let resolvedRoot: String?
    /// The folder as configured.
    private let folder: String
    /// Hashed names and gzip copies, under `serve`.
    let manifest: StaticManifest?
    /// Whether the files come from users (uploads), and so may not act as pages.
    let isUserContent: Bool

    /// `nil` when the folder does not exist, except for uploads (`media/` appears with the
    /// first one). With `hashed`, the folder is read once for the production manifest.
    init?(folder: String, prefix: String, hashed: Bool = false, isUserContent: Bool = false) {
        let root = StaticFiles.realPath(folder)
        guard root != nil || isUserContent else { return nil }
        self.resolvedRoot = root
        self.folder = folder
        self.prefix = prefix
        self.isUserContent = isUserContent
        manifest = hashed ? root.map { StaticManifest(root: $0) } : nil
    }

    /// The response for a request under the prefix, or `nil` when there is no such file.
    func response(for request: Request) -> Response? {
        guard request.method == .get || request.method == .head, request.path.hasPrefix(prefix) else { return nil }
        let relative = request.path.dropFirst(prefix.count)
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.contains("\\"),
            !segments.contains(where: { ($0.hasPrefix(".") && $0 != ".well-known") || $0.hasSuffix("~") || $0.isEmpty })
        else { return nil }
        if let file = manifest?.files[String(relative)], file.isUnchanged { return file.response(for: request) }
        guard let root = resolvedRoot ?? StaticFiles.realPath(folder),
            let path = StaticFiles.realPath(root + "/" + relative), path.hasPrefix(root + "/"),
            let file = StaticFile(path: path)
        else { return nil }
        var response = file.response(for: request)
        if isUserContent { StaticFiles.confine(&response) }
        return response
    }

    /// Media types a browser runs as a document or script when they are opened inline.
    static let activeTypes: Set<String> = [
        "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "text/javascript",
        "application/javascript", "application/x-javascript", "text/xsl", "application/pdf",
    ]

    /// Keeps an uploaded file from acting as a page of the site: sandboxed (no scripts, a
    /// unique origin) and, for active types, downloaded rather than shown.
    static func confine(_ response: inout Response) {
        response.headers["Content-Security-Policy"] = "sandbox"
        let type = response.headers["Content-Type"].map(Request.mediaType) ?? ""
        if activeTypes.contains(type) || type.hasSuffix("+xml") {
            response.headers["Content-Disposition"] = "attachment"
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
