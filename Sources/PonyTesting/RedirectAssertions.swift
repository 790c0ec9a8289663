internal import PonySupport
public import PonyWeb
public import Testing

/// Checks that `response` redirected to `expected` with status `status`, and that the page
/// it points to answers `targetStatus` (Django's `assertRedirects`).
///
/// ```swift
/// let saved = await client.post("/tasks/new/", form: ["name": "Buy milk"])
/// await assertRedirects(saved, to: "/tasks/")
/// ```
///
/// For a response fetched with `followRedirects: true`, it checks the first redirect's
/// status, the final status and the last location; otherwise it fetches the location as the
/// same client (its cookies, `Host` and headers), unless `fetchRedirectResponse` is false,
/// which a redirect to another site needs. URLs compare with their query parameters in any
/// order (Django's `assertURLEqual`).
public func assertRedirects(
    _ response: TestResponse, to expected: String, status: HTTPStatus = .found, targetStatus: HTTPStatus = .ok,
    fetchRedirectResponse: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) async {
    let url: String
    if !response.redirectChain.isEmpty {
        let first = response.redirectChain[0].status.code
        guard first == status.code else {
            return fail(
                "Initial response didn't redirect as expected: Response code was \(first) (expected \(status.code))",
                sourceLocation)
        }
        guard response.status.code == targetStatus.code else {
            return fail(
                "Response didn't redirect as expected: Final Response code was \(response.status.code)"
                    + " (expected \(targetStatus.code))", sourceLocation)
        }
        url = response.redirectChain[response.redirectChain.count - 1].location
    } else {
        guard response.status.code == status.code else {
            return fail(
                "Response didn't redirect as expected: Response code was \(response.status.code)"
                    + " (expected \(status.code))", sourceLocation)
        }
        var location = response.url ?? ""
        let parts = URLParts(location)
        if !parts.path.hasPrefix("/"), let origin = response.origin {
            location = TestClient.resolve(location, against: origin.target)
        }
        url = location
        if fetchRedirectResponse, let origin = response.origin {
            let host = parts.host
            let allowed = origin.site.settings.allowedHosts
            if !host.isEmpty, host != "testserver", !allowed.contains("*"), !HostName.matches(host, allowed) {
                return fail(
                    "The test client is unable to fetch remote URLs (got \(url)). If the host is served by this app,"
                        + " add '\(host)' to its allowed hosts. Otherwise, use"
                        + " assertRedirects(…, fetchRedirectResponse: false).", sourceLocation)
            }
            let target = URLParts(location)
            let path = target.query.isEmpty ? target.path : target.path + "?" + target.query
            let page = await origin.client().get(path, sourceLocation: sourceLocation)
            guard page.status.code == targetStatus.code else {
                return fail(
                    "Couldn't retrieve redirection page '\(target.path)': response code was \(page.status.code)"
                        + " (expected \(targetStatus.code))", sourceLocation)
            }
        }
    }
    if URLParts(url).normalized != URLParts(expected).normalized {
        fail(
            "Response redirected to '\(url)', expected '\(expected)': Expected '\(url)' to equal '\(expected)'.",
            sourceLocation)
    }
}

/// A URL split as Python's `urlsplit` splits it.
struct URLParts {
    var scheme = ""
    var host = ""
    var netloc = ""
    var path = ""
    var query = ""
    var fragment = ""

    init(_ url: String) {
        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy({ $0.isLetter || "+-.".contains($0) }),
            !rest[..<colon].isEmpty
        {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            netloc = String(rest[..<end])
            rest = rest[end...]
            var hostPart = Substring(netloc)
            if let at = hostPart.lastIndex(of: "@") { hostPart = hostPart[hostPart.index(after: at)...] }
            if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
                host = String(hostPart[...close]).lowercased()
            } else {
                host = String(hostPart.split(separator: ":", omittingEmptySubsequences: false).first ?? "").lowercased()
            }
        }
        path = String(rest)
    }

    /// The URL with its query parameters sorted (Django's `assertURLEqual` normalisation).
    var normalized: String {
        let pairs = QueryDict(parsing: query).items.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var sorted = QueryDict()
        for (name, value) in pairs { sorted.append(name, value) }
        var text = scheme.isEmpty ? "" : scheme + ":"
        if !netloc.isEmpty || scheme == "http" || scheme == "https" { text += "//" + netloc }
        text += path
        if !pairs.isEmpty { text += "?" + sorted.urlEncoded }
        if !fragment.isEmpty { text += "#" + fragment }
        return text
    }
}
