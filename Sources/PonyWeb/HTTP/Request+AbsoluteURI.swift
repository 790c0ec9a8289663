extension Request {
    /// The path and query string as Django's `get_full_path()` writes them: the decoded path
    /// percent-encoded again (`escape_uri_path`), then `?` and the query string, if any.
    public var fullPath: String {
        PercentEncoding.escapeURIPath(path) + (queryString.isEmpty ? "" : "?" + PercentEncoding.iriToURI(queryString))
    }

    /// An absolute URL for `location` on this site, as Django's `build_absolute_uri`:
    ///
    /// ```swift
    /// request.absoluteURI()                       // https://example.com/posts/3/?page=2
    /// request.absoluteURI("/media/a.png")         // https://example.com/media/a.png
    /// request.absoluteURI("edit/")                // https://example.com/posts/3/edit/
    /// request.absoluteURI(try request.reverse("post", ["pk": 3]))
    /// ```
    ///
    /// Without `location`, the request's own URL (``fullPath``). A path is put after the
    /// scheme and host; a relative reference is resolved against the request's path (Python's
    /// `urljoin`); a URL with a scheme and host is kept. The scheme is `https` when
    /// ``isSecure`` says so, and the host is the request's `Host`, which
    /// ``Settings/allowedHosts`` has checked before any view runs. The result is
    /// percent-encoded as Django's `iri_to_uri`.
    public func absoluteURI(_ location: String? = nil) -> String {
        let schemeHost = (isSecure ? "https://" : "http://") + (host ?? "")
        let absolute = PythonURL.absolute(location ?? "//" + fullPath, schemeHost: schemeHost, path: path)
        return PercentEncoding.iriToURI(absolute)
    }
}
