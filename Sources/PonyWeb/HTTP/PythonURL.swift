/// The parts of Python's `urllib.parse` (3.11) that Django's `build_absolute_uri` reads URLs
/// with: `urlsplit`, `urlparse`, `urlunparse` and `urljoin`, on Unicode scalars as Python
/// indexes text.
///
/// NB: where Python raises `ValueError` (an unbalanced `[` in the host), this reads on; Django
/// would fail with a 500 there.
package enum PythonURL {
    package typealias Text = [Unicode.Scalar]

    /// `scheme://netloc/path;params?query#fragment`
    package struct Parts: Equatable {
        package var scheme: Text = []
        package var netloc: Text = []
        package var path: Text = []
        var params: Text = []
        var query: Text = []
        var fragment: Text = []
    }

    /// Python's `urlsplit` (its `params` stay in `path`).
    package static func split(_ url: String, scheme defaultScheme: Text = []) -> Parts {
        var url = Array(url.unicodeScalars.drop { $0.value <= 0x20 })
        url.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var parts = Parts(scheme: defaultScheme)
        if let colon = url.firstIndex(of: ":"), colon > 0, url[0].isASCII, url[0].properties.isAlphabetic,
            url[..<colon].allSatisfy(isSchemeCharacter)
        {
            parts.scheme = url[..<colon].map {
                ("A"..."Z").contains($0) ? Unicode.Scalar(UInt8(truncatingIfNeeded: $0.value) | 0x20) : $0
            }
            url = Array(url[(colon + 1)...])
        }
        if url.starts(with: ["/", "/"]) {
            let end = url[2...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
            parts.netloc = Array(url[2..<end])
            url = Array(url[end...])
        }
        if let hash = url.firstIndex(of: "#") {
            parts.fragment = Array(url[(hash + 1)...])
            url = Array(url[..<hash])
        }
        if let mark = url.firstIndex(of: "?") {
            parts.query = Array(url[(mark + 1)...])
            url = Array(url[..<mark])
        }
        parts.path = url
        return parts
    }

    /// Python's `urlparse`: ``split(_:scheme:)`` with the last segment's `;params` apart.
    static func parse(_ url: String, scheme: Text = []) -> Parts {
        var parts = split(url, scheme: scheme)
        guard usesParams.contains(String(parts.scheme)), parts.path.contains(";") else { return parts }
        let searchFrom = parts.path.lastIndex(of: "/") ?? parts.path.startIndex
        guard let semicolon = parts.path[searchFrom...].firstIndex(of: ";") else { return parts }
        parts.params = Array(parts.path[(semicolon + 1)...])
        parts.path = Array(parts.path[..<semicolon])
        return parts
    }

    /// Python's `urlunparse` (`urlunsplit` with `;params` put back).
    static func unparse(_ parts: Parts) -> String {
        var url = parts.path
        if !parts.params.isEmpty { url += [";"] + parts.params }
        if !parts.netloc.isEmpty
            || (!parts.scheme.isEmpty && usesNetloc.contains(String(parts.scheme)) && !url.starts(with: ["/", "/"]))
        {
            if !url.isEmpty && url.first != "/" { url.insert("/", at: 0) }
            url = ["/", "/"] + parts.netloc + url
        }
        if !parts.scheme.isEmpty { url = parts.scheme + [":"] + url }
        if !parts.query.isEmpty { url += ["?"] + parts.query }
        if !parts.fragment.isEmpty { url += ["#"] + parts.fragment }
        return String(url)
    }

    /// Python's `urljoin`: `url` read relative to `base`.
    static func join(_ base: String, _ url: String) -> String {
        if base.isEmpty { return url }
        if url.isEmpty { return base }
        let b = parse(base)
        var u = parse(url, scheme: b.scheme)
        let scheme = String(u.scheme)
        guard u.scheme == b.scheme, usesRelative.contains(scheme) else { return url }
        if usesNetloc.contains(scheme) {
            if !u.netloc.isEmpty { return unparse(u) }
            u.netloc = b.netloc
        }
        if u.path.isEmpty && u.params.isEmpty {
            u.path = b.path
            u.params = b.params
            if u.query.isEmpty { u.query = b.query }
            return unparse(u)
        }
        var baseParts = b.path.split(separator: "/", omittingEmptySubsequences: false).map(Array.init)
        if baseParts.last != [] { baseParts.removeLast() }
        var segments: [Text]
        let pathParts = u.path.split(separator: "/", omittingEmptySubsequences: false).map(Array.init)
        if u.path.first == "/" {
            segments = pathParts
        } else {
            segments = baseParts + pathParts
            // NB: Python's `segments[1:-1] = filter(None, segments[1:-1])`.
            if segments.count > 2 {
                let last = segments.count - 1
                segments = [segments[0]] + segments[1..<last].filter { !$0.isEmpty } + [segments[last]]
            }
        }
        var resolved: [Text] = []
        for segment in segments {
            if segment == [".", "."] {
                if !resolved.isEmpty { resolved.removeLast() }
            } else if segment != ["."] {
                resolved.append(segment)
            }
        }
        if segments.last == ["."] || segments.last == [".", "."] { resolved.append([]) }
        let joined = Array(resolved.joined(separator: ["/"]))
        u.path = joined.isEmpty ? ["/"] : joined
        return unparse(u)
    }

    /// Django's `build_absolute_uri` before its `iri_to_uri`: `location` (a path, a relative
    /// reference or a URL) made absolute against `schemeHost` (`https://example.com`) and the
    /// request's decoded `path`. A path without `.` or `..` segments is appended as it is;
    /// anything else goes through ``join(_:_:)``.
    static func absolute(_ location: String, schemeHost: String, path: String) -> String {
        let bits = split(location)
        guard bits.scheme.isEmpty || bits.netloc.isEmpty else { return location }
        let plainPath = String(bits.path)
        if plainPath.hasPrefix("/") && bits.scheme.isEmpty && bits.netloc.isEmpty && !plainPath.contains("/./")
            && !plainPath.contains("/../")
        {
            return schemeHost + (location.hasPrefix("//") ? location.dropFirst(2) : location[...])
        }
        return join(schemeHost + path, location)
    }

    private static func isSchemeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+-.".unicodeScalars.contains(scalar))
    }

    private static let usesRelative: Set<String> = [
        "", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp",
        "rtsps",
        "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss",
    ]
    private static let usesNetloc: Set<String> = [
        "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
        "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
    ]
    private static let usesParams: Set<String> = [
        "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu", "sip", "sips", "mms",
        "sftp", "tel",
    ]
}

extension String {
    /// Text of Unicode scalars.
    fileprivate init(_ scalars: PythonURL.Text) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}
