public import PonyWeb

/// A URL that sends visitors elsewhere: Django's `RedirectView`.
///
/// ```swift
/// app.route("go/<int:pk>/", RedirectView(url: "/posts/%(pk)s/"))
/// app.route("old-home/", RedirectView(patternName: "home", permanent: true))
/// ```
///
/// `url` takes the URL's parameters as Python's `%(name)s`; `patternName` is reversed with
/// them. Every method is redirected (302, or 301 when ``permanent``), with the request's query
/// string when ``queryString``; with neither a URL nor a pattern, the answer is 410 Gone.
public struct RedirectView: GenericView {
    /// Where to send visitors, with `%(name)s` for the URL's parameters (`%%` for a `%`).
    public var url: String?
    /// The name of the URL pattern to send them to, reversed with the URL's parameters.
    public var patternName: String?
    /// 301 rather than 302.
    public var permanent: Bool
    /// Whether the request's query string goes along.
    public var queryString: Bool

    /// Every method: Django's view redirects them all.
    public var methods: [HTTPMethod] { [.get, .post, .put, .patch, .delete, .options] }

    /// A redirect to `url`, or to the pattern named `patternName`.
    public init(url: String? = nil, patternName: String? = nil, permanent: Bool = false, queryString: Bool = false) {
        self.url = url
        self.patternName = patternName
        self.permanent = permanent
        self.queryString = queryString
    }

    /// The redirect, or 410 Gone.
    public func response(for request: Request) async throws -> Response {
        let parameters = Dictionary(request.parameters.map { ($0.name, $0.value) }) { first, _ in first }
        var location: String
        if let url, !url.isEmpty {
            location = try Self.interpolated(url, parameters)
        } else if let patternName {
            location = try request.reverse(patternName, parameters)
        } else {
            return Response.html("", status: .gone)
        }
        if queryString, !request.queryString.isEmpty { location += "?" + request.queryString }
        return Response.redirect(to: location, permanent: permanent)
    }

    /// Python's `url % parameters` for `%(name)s` and `%%`; anything else after `%` is the
    /// error Python raises, here a 500 that says so.
    static func interpolated(_ url: String, _ parameters: [String: String]) throws -> String {
        var result = ""
        var rest = Substring(url)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.first == "%" {
                result += "%"
                rest = after.dropFirst()
                continue
            }
            guard after.first == "(", let close = after.firstIndex(of: ")"),
                after[after.index(after: close)...].first == "s"
            else {
                throw HTTPError(
                    .internalServerError,
                    "RedirectView's url \(url.debugDescription) has a % that is not %(name)s or %%: write %% for a %.")
            }
            let name = String(after[after.index(after: after.startIndex)..<close])
            guard let value = parameters[name] else {
                throw HTTPError(
                    .internalServerError,
                    "RedirectView's url \(url.debugDescription) names %(\(name))s, which the URL pattern does not capture."
                )
            }
            result += value
            rest = after[after.index(close, offsetBy: 2)...]
        }
        return result + rest
    }
}
