internal import Foundation
internal import NIOCore
internal import PonySupport

/// The production view of `static/`, built once when the site starts (Django's
/// `ManifestStaticFilesStorage` plus WhiteNoise, with no `collectstatic` step): every file gets
/// a content-hashed name (`css/site.css` → `css/site.3f9a1c0b2d4e.css`) that can be cached
/// forever, and text files get a gzip copy held in memory.
struct StaticManifest: Sendable {
    /// Original relative path → hashed relative path (what `{% static %}` emits).
    let names: [String: String]
    /// Relative path (hashed or original) → file.
    let files: [String: StaticFile]

    /// Files worth compressing, by extension.
    static let compressible: Set<String> = [
        "css", "js", "mjs", "json", "map", "svg", "txt", "html", "htm", "xml", "csv", "md", "ico", "wasm", "ttf",
        "otf",
    ]

    /// Reads every file under `root` (a real path). Hidden files and editor backups are
    /// skipped, as `collectstatic` skips them; symlinks leading outside `root` are ignored.
    init(root: String) {
        var names: [String: String] = [:]
        var files: [String: StaticFile] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let components = relative.split(separator: "/")
            guard !components.contains(where: { $0.hasPrefix(".") || $0.hasSuffix("~") }),
                let path = StaticFiles.realPath(root + "/" + relative), path.hasPrefix(root + "/")
            else { continue }
            guard let status = FileStatus(path: path), status.isRegularFile,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let bytes = [UInt8](data)
            var hash = ContentHash()
            hash.update(bytes)
            let digest = String(hash.hex.prefix(12))
            let hashed = Self.hashedName(relative, digest)
            let fileExtension = (relative as NSString).pathExtension.lowercased()
            var file = StaticFile(
                path: path, status: status, etag: "\"\(digest)\"",
                contentType: MediaTypes.guess(path: relative), cacheControl: "no-cache")
            if Self.compressible.contains(fileExtension), bytes.count >= 256, let compressed = Gzip.compress(bytes),
                compressed.count * 10 < bytes.count * 9
            {
                file.gzip = ByteBuffer(bytes: compressed)
            }
            names[relative] = hashed
            files[relative] = file
            file.cacheControl = StaticFile.forever
            files[hashed] = file
        }
        self.names = names
        self.files = files
    }

    /// `css/site.css` → `css/site.<digest>.css`; a name without an extension gets the digest
    /// appended.
    static func hashedName(_ relative: String, _ digest: String) -> String {
        let slash = relative.lastIndex(of: "/").map { relative.index(after: $0) } ?? relative.startIndex
        guard let dot = relative[slash...].lastIndex(of: "."), dot > slash else { return relative + "." + digest }
        return relative[..<dot] + "." + digest + relative[dot...]
    }
}
