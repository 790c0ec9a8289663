internal import HTTPTypes
internal import PonySupport

/// Conditional requests (RFC 9110 §13.2.2) as Django's `get_conditional_response` evaluates
/// them: `If-Match` and `If-Unmodified-Since` fail with 412, `If-None-Match` and
/// `If-Modified-Since` answer GET and HEAD with 304 (and other methods with 412 for a matching
/// `If-None-Match`). `If-Range` is not evaluated, as in Django.
enum ConditionalResponse {
    /// `response`, or the 304 or 412 that replaces it: only successful (2xx) responses are
    /// replaced. `etag` is the response's (quoted, maybe weak); `lastModified` its seconds
    /// since 1970.
    ///
    /// NB: as Django's truth tests, a date at the epoch itself (0) counts as no date.
    static func answer(to request: Request, etag: String?, lastModified: Int?, response: Response) -> Response {
        guard (200..<300).contains(response.status.code) else { return response }
        let lastModified = lastModified == 0 ? nil : lastModified
        let ifMatch = etags(request.headers["If-Match"])
        let ifUnmodifiedSince = date(request.headers["If-Unmodified-Since"])
        let ifNoneMatch = etags(request.headers["If-None-Match"])
        let ifModifiedSince = date(request.headers["If-Modified-Since"])
        let safe = request.method == .get || request.method == .head
        if !ifMatch.isEmpty, !matches(strongly: etag, ifMatch) { return Response(status: .preconditionFailed) }
        if ifMatch.isEmpty, let ifUnmodifiedSince, !(lastModified.map { $0 <= ifUnmodifiedSince } ?? false) {
            return Response(status: .preconditionFailed)
        }
        if !ifNoneMatch.isEmpty, matches(weakly: etag, ifNoneMatch) {
            return safe ? notModified(response) : Response(status: .preconditionFailed)
        }
        if ifNoneMatch.isEmpty, let ifModifiedSince, let lastModified, lastModified <= ifModifiedSince, safe {
            return notModified(response)
        }
        return response
    }

    /// A 304 with the headers RFC 9110 §15.4.5 keeps (and `Last-Modified`), and the cookies.
    static func notModified(_ response: Response) -> Response {
        var headers: Headers = [:]
        for field in response.headers.fields where kept.contains(field.name.canonicalName) {
            headers.fields.append(field)
        }
        return Response(status: .notModified, headers: headers)
    }

    private static let kept: Set<String> = [
        "cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary", "set-cookie",
    ]

    /// The entity tags of an `If-Match` or `If-None-Match` header, as Django's `parse_etags`:
    /// `["*"]` for `*`, else each well-formed tag of the list (`"x"` or `W/"x"`), the rest
    /// skipped.
    static func etags(_ header: String?) -> [Substring] {
        guard let header else { return [] }
        if pythonStripped(header[...]) == "*" { return ["*"] }
        return header.split(separator: ",", omittingEmptySubsequences: false).map(pythonStripped).filter { tag in
            let body = tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
            return body.count >= 2 && body.first == "\"" && body.last == "\""
                && !body.dropFirst().dropLast().contains("\"")
        }
    }

    /// `If-Match`'s strong comparison: a weak tag matches nothing, any tag matches `*`.
    private static func matches(strongly etag: String?, _ tags: [Substring]) -> Bool {
        guard let etag, !etag.isEmpty else { return false }
        if tags == ["*"] { return true }
        return !etag.hasPrefix("W/") && tags.contains { $0 == etag }
    }

    /// `If-None-Match`'s weak comparison: tags equal once `W/` is dropped, any tag matches `*`.
    ///
    /// NB: as Django, which drops them with Python's `strip("W/")`: every `W` and `/` at either
    /// end.
    private static func matches(weakly etag: String?, _ tags: [Substring]) -> Bool {
        guard let etag, !etag.isEmpty else { return false }
        if tags == ["*"] { return true }
        func bare(_ tag: Substring) -> Substring {
            let scalars = tag.unicodeScalars
            guard let start = scalars.firstIndex(where: { $0 != "W" && $0 != "/" }),
                let end = scalars.lastIndex(where: { $0 != "W" && $0 != "/" })
            else { return "" }
            return Substring(scalars[start...end])
        }
        let target = bare(etag[...])
        return tags.contains { bare($0) == target }
    }

    /// A conditional header's date, `nil` when absent, malformed or the epoch itself.
    private static func date(_ header: String?) -> Int? {
        guard let header, let seconds = HTTPDate.parse(header), seconds != 0 else { return nil }
        return seconds
    }
}
