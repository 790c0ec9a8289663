internal import Foundation
public import Pony
internal import PonyAuth
internal import PonyTemplates
public import PonyWeb
internal import Synchronization
public import Testing

/// Sends requests to an app in-process, through the whole middleware chain, without sockets —
/// like Django's test client.
///
/// It keeps cookies between requests and can follow redirects.
///
/// ```swift
/// let client = try TestClient(app)
/// let page = await client.get("/")
/// #expect(page.status == .ok)
/// #expect(page.text.contains("Hello"))
/// let created = await client.post("/tasks", json: ["name": "Write tests"])
/// ```
public final class TestClient {
    /// The site requests are sent to.
    public let site: Site
    /// Cookies sent with every request, updated from `Set-Cookie` responses.
    public var cookies: [String: String] = [:]
    /// Headers sent with every request (`Host: testserver` by default, as in Django).
    public var defaultHeaders: Headers = ["Host": "testserver"]
    /// Whether CSRF checks apply to the client's requests: off by default, as with Django's
    /// test client (`Client(enforce_csrf_checks=True)`), so tests can post forms directly.
    public var enforceCSRFChecks = false
    /// Whether an error a view throws, which the site answers with a 5xx page, fails the test
    /// at the line that sent the request, naming the error (Django's test client raises it:
    /// `raise_request_exception`). Turn it off to test the error page itself.
    public var recordsServerErrors: Bool

    /// A client for an app, built for `mode` with `environment` as its environment variables.
    ///
    /// `testserver` is allowed (unless the environment sets the hosts) and, in production
    /// mode, a test secret key is set unless the environment says otherwise, as Django's test
    /// runner does. `recordsServerErrors: false` is Django's
    /// `Client(raise_request_exception=False)`, for tests of error pages.
    public convenience init(
        _ app: Pony, mode: ServerMode = .development, environment: [String: String] = [:],
        recordsServerErrors: Bool = true
    ) throws {
        var environment = environment
        if mode == .production, environment["PONY_SECRET_KEY"] == nil {
            environment["PONY_SECRET_KEY"] = "pony-test-client-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
        }
        if environment["PONY_ALLOWED_HOSTS"] == nil { environment["PONY_ALLOWED_HOSTS"] = "+testserver" }
        self.init(
            site: try app.makeSite(mode: mode, environment: environment), recordsServerErrors: recordsServerErrors)
    }

    /// A client for an already-built site.
    public init(site: Site, recordsServerErrors: Bool = true) {
        self.site = site
        site.templates.startLoggingRenders()
        self.recordsServerErrors = recordsServerErrors
    }

    /// Sends a `GET` request; `path` may include a query string.
    public func get(
        _ path: String, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await request(.get, path, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// Sends a `GET` request with `query` as its query string (Django's `client.get(path, data)`).
    public func get(
        _ path: String, query: QueryDict, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        let separator = path.contains("?") ? "&" : "?"
        let target = query.isEmpty ? path : path + separator + query.urlEncoded
        return await request(
            .get, target, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// Sends a `PUT` with a JSON body encoded from `json`.
    public func put(
        _ path: String, json: some Encodable, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await send(
            .put, path, json: json, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// Sends a `PATCH` with a JSON body encoded from `json`.
    public func patch(
        _ path: String, json: some Encodable, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await send(
            .patch, path, json: json, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation
        )
    }

    /// Sends a `DELETE` request.
    public func delete(
        _ path: String, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await request(.delete, path, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// Sends a `HEAD` request: the headers a `GET` would give, no body.
    public func head(
        _ path: String, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await request(.head, path, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// Sends a `POST` with a form body (`application/x-www-form-urlencoded`).
    public func post(
        _ path: String, form: QueryDict, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return await request(
            .post, path, body: Array(form.urlEncoded.utf8), headers: headers, followRedirects: followRedirects,
            sourceLocation: sourceLocation)
    }

    /// Sends a `POST` with a `multipart/form-data` body holding `form`'s fields and `files`
    /// (what a browser sends for a form with `enctype="multipart/form-data"`).
    public func post(
        _ path: String, form: QueryDict, files: UploadedFiles, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        let boundary = "PonyTestBoundary\(UInt64.random(in: 0...UInt64.max))"
        var headers = headers
        headers["Content-Type"] = "multipart/form-data; boundary=\(boundary)"
        let body = Self.multipart(form, files, boundary: boundary)
        return await request(
            .post, path, body: body, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    /// `fields` and `files` encoded as a `multipart/form-data` body, as browsers encode them
    /// (`"` and line breaks in names percent-encoded).
    static func multipart(_ fields: QueryDict, _ files: UploadedFiles, boundary: String) -> [UInt8] {
        func quoted(_ text: String) -> String {
            text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(quoted(name))\"\r\n\r\n".utf8)
            body += Array(value.utf8) + [13, 10]
        }
        for name in files.names {
            for file in files.list(name) {
                let type = file.contentType.isEmpty ? "application/octet-stream" : file.contentType
                body += Array(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(quoted(name))\";"
                        + " filename=\"\(quoted(file.name))\"\r\nContent-Type: \(type)\r\n\r\n").utf8)
                body += ((try? file.bytes()) ?? []) + [13, 10]
            }
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }

    /// Sends a `POST` with a JSON body encoded from `json`.
    public func post(
        _ path: String, json: some Encodable, headers: Headers = [:], followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        await send(
            .post, path, json: json, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation)
    }

    private func send(
        _ method: HTTPMethod, _ path: String, json: some Encodable, headers: Headers, followRedirects: Bool,
        sourceLocation: SourceLocation
    ) async -> TestResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        let body = (try? JSONEncoder().encode(json)).map(Array.init) ?? []
        return await request(
            method, path, body: body, headers: headers, followRedirects: followRedirects, sourceLocation: sourceLocation
        )
    }

    /// Sends any request.
    public func request(
        _ method: HTTPMethod,
        _ path: String,
        body: [UInt8] = [],
        headers: Headers = [:],
        followRedirects: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> TestResponse {
        var method = method
        var target = path
        var body = body
        var chain: [(status: HTTPStatus, location: String)] = []
        while true {
            var response = await send(method, target, body: body, headers: headers)
            if recordsServerErrors, let error = response.serverError {
                Issue.record(
                    Comment(
                        rawValue:
                            "\(method.rawValue) \(target) answered \(response.status.code): the view threw \(error)"
                            + "\n(To test the error page, set recordsServerErrors = false on the test client.)"),
                    sourceLocation: sourceLocation)
            }
            guard followRedirects, (300..<400).contains(response.status.code),
                let location = response.headers["Location"],
                chain.count < 20
            else {
                response.redirectChain = chain
                return response
            }
            chain.append((response.status, location))
            target = TestClient.resolve(location, against: target)
            if response.status.code != 307 && response.status.code != 308 {
                if method != .head { method = .get }
                body = []
            }
        }
    }

    /// One request, without following redirects; `prepare` may set its storage.
    func send(
        _ method: HTTPMethod, _ target: String, body: [UInt8], headers: Headers,
        prepare: (inout Request) -> Void = { _ in }
    ) async -> TestResponse {
        var all = defaultHeaders
        for (name, value) in headers { all[name] = value }
        if !cookies.isEmpty, !all.contains("Cookie") {
            all["Cookie"] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if !body.isEmpty { all["Content-Length"] = String(body.count) }
        let log = TemplateRenderLog()
        let errors = Mutex<[any Error]>([])
        let messages = Mutex<Messages?>(nil)
        let outer = ServerErrors.reporter
        let reporter: @Sendable (Request, any Error) -> Void = { request, error in
            outer?(request, error)
            errors.withLock { $0.append(error) }
        }
        let response: Response
        do {
            var request = try Request(
                method: method, target: target, headers: all, body: body, clientAddress: "127.0.0.1",
                maximumFields: site.settings.dataUploadMaxNumberFields)
            if !enforceCSRFChecks { request.storage[SkipCSRFChecks.self] = true }
            request.storage[TestClientMessages.self] = { request in messages.withLock { $0 = request } }
            prepare(&request)
            response = await ServerErrors.using(reporter) {
                await TemplateRenderLog.$current.withValue(log) { await site.respond(to: request) }
            }
        } catch {
            response = Response.text("\(error.status)\n\(error.message)\n", status: error.status)
        }
        storeCookies(from: response.headers)
        let origin = Origin(
            site: site, target: target, cookies: cookies, defaultHeaders: defaultHeaders,
            enforceCSRFChecks: enforceCSRFChecks, recordsServerErrors: recordsServerErrors)
        let bytes =
            (try? await ServerErrors.using(reporter) {
                try await TemplateRenderLog.$current.withValue(log) { try await response.body.collect() }
            }) ?? []
        return TestResponse(
            status: response.status, headers: response.headers, body: method == .head ? [] : bytes,
            templates: log.entries, messages: messages.withLock { $0?.snapshot } ?? [],
            serverError: errors.withLock { $0.first }, origin: origin)
    }

    /// What a response needs to ask for another page as the client that fetched it:
    /// ``assertRedirects(_:to:status:targetStatus:fetchRedirectResponse:sourceLocation:)``
    /// fetches the page a redirect points to with the cookies the client had.
    struct Origin: Sendable {
        let site: Site
        /// The request's path and query.
        let target: String
        let cookies: [String: String]
        let defaultHeaders: Headers
        let enforceCSRFChecks: Bool
        let recordsServerErrors: Bool

        /// A client like the one that sent the request.
        func client() -> TestClient {
            let client = TestClient(site: site)
            client.cookies = cookies
            client.defaultHeaders = defaultHeaders
            client.enforceCSRFChecks = enforceCSRFChecks
            client.recordsServerErrors = recordsServerErrors
            return client
        }
    }

    private func storeCookies(from headers: Headers) {
        for header in headers.values(for: "Set-Cookie") {
            let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = attributes.first, let equals = first.firstIndex(of: "=") else { continue }
            let name = String(first[..<equals])
            // Kept exactly as sent (quotes included), as browsers do.
            let value = String(first[first.index(after: equals)...])
            let expired =
                attributes.dropFirst().contains { $0.lowercased() == "max-age=0" }
                || attributes.dropFirst().contains { $0.lowercased().hasPrefix("expires=thu, 01 jan 1970") }
            if expired { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    /// `location` (a redirect's) as a path and query, relative ones resolved against `target`.
    static func resolve(_ location: String, against target: String) -> String {
        if location.hasPrefix("/") { return location }
        if let url = URL(string: location), let host = url.host, !host.isEmpty {
            return url.path + (url.query.map { "?" + $0 } ?? "")
        }
        let base = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        let directory = base.hasSuffix("/") ? base : String(base[...(base.lastIndex(of: "/") ?? base.startIndex)])
        return directory + location
    }
}

/// A test client's request that could not be made (``TestClient/login(username:password:)``
/// without the auth app, say).
public struct TestClientError: Error, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public let description: String

    init(_ description: String) { self.description = description }
}
