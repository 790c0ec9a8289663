internal import PonySupport
public import PonyWeb

/// A JSON reply with a status of its own, and headers: django-ninja's `return 404, message`.
///
/// An endpoint that answers more than one shape declares each in `responses:` (ninja's
/// `response={201: TaskOut, 404: Message}`), which the OpenAPI document lists, and returns
/// or throws a `Reply`:
///
/// ```swift
/// app.api.get("/tasks/{int:id}", responses: [.ok: Task.self, .notFound: Message.self]) { request in
///     guard let task = try await Task.objects.filter("id", request.parameter("id", as: Int64.self)).first() else {
///         return Reply(.notFound, Message(message: "No such task."))
///     }
///     return Reply(task)
/// }
/// ```
///
/// A reply whose status the endpoint does not declare, or whose body is not the declared
/// type, is a server error naming the endpoint: the document must not lie about the API.
/// `Reply(response)` sends a ``Response`` as it is (a redirect, a file), undocumented.
public struct Reply: Encodable, Sendable, Error {
    /// The status sent.
    public let status: HTTPStatus
    /// Extra response headers (`Location` for a 201).
    public var headers: Headers
    let content: Content

    enum Content: Sendable {
        case body(any Encodable & Sendable)
        case response(Response)
    }

    /// `body` as JSON with `status`.
    public init(_ status: HTTPStatus, _ body: some Encodable & Sendable, headers: Headers = [:]) {
        self.status = status
        self.headers = headers
        content = .body(body)
    }

    /// `body` as JSON with the endpoint's own status.
    public init(_ body: some Encodable & Sendable, headers: Headers = [:]) {
        self.init(Reply.endpointStatus, body, headers: headers)
    }

    /// `response` as it is, with no check against the declared responses.
    public init(_ response: Response) {
        status = response.status
        headers = [:]
        content = .response(response)
    }

    /// Encodes the body (what the endpoint sends as JSON).
    public func encode(to encoder: any Encoder) throws {
        if case .body(let body) = content { try body.encode(to: encoder) }
    }

    /// Stands for "the endpoint's `status:`" until the reply is sent.
    static let endpointStatus = HTTPStatus(0)

    /// The response for this reply from `endpoint`, after checking it against what the endpoint declares.
    func response(_ endpoint: EndpointDeclaration) throws -> Response {
        let body: any Encodable & Sendable
        switch content {
        case .response(let response): return response
        case .body(let value): body = value
        }
        let status = status == Reply.endpointStatus ? endpoint.status : status
        let declared = endpoint.responses[status] ?? (status == endpoint.status ? endpoint.output : nil)
        guard let declared else {
            throw ReplyMismatch(
                "\(endpoint.name) replied \(status.code), which it does not declare: add"
                    + " `responses: [\(status.code): \(type(of: body)).self]` to it.",
                endpoint)
        }
        guard declared == Reply.self || ObjectIdentifier(declared) == ObjectIdentifier(type(of: body)) else {
            throw ReplyMismatch(
                "\(endpoint.name) replied \(status.code) with \(type(of: body)), but declares \(declared) for it.",
                endpoint)
        }
        var response = try encodeResult(body, status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}

/// What a reply is checked against: an endpoint's success status and type, and its other
/// declared responses.
struct EndpointDeclaration: Sendable {
    /// `GET /api/tasks/{id}` (declared at file:line).
    var name: String
    var status: HTTPStatus
    var output: Any.Type
    var responses: [HTTPStatus: Any.Type]
    var file: String
    var line: Int

    /// The response for what a handler returned: its JSON with the endpoint's status, or a
    /// ``Reply`` checked against the declaration.
    func response<Output: Encodable>(_ output: Output) throws -> Response {
        if Output.self == Reply.self, let reply = output as? Reply { return try reply.response(self) }
        return try encodeResult(output, status: status)
    }
}

/// A reply that contradicts its endpoint's declaration: a programming error, answered as a
/// 500 whose DEBUG page says what to change.
struct ReplyMismatch: Error, CustomStringConvertible {
    let description: String

    init(_ message: String, _ endpoint: EndpointDeclaration) {
        description = "\(message) (\(endpoint.file):\(endpoint.line))"
    }
}
