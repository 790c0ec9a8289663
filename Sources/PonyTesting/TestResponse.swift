internal import Foundation
public import PonyAuth
public import PonyTemplates
public import PonyWeb

/// A response received by the ``TestClient``, with its body read and the templates that
/// rendered it.
public struct TestResponse: Sendable {
    /// The status.
    public let status: HTTPStatus
    /// The headers.
    public let headers: Headers
    /// The body bytes (empty for `HEAD`).
    public let body: [UInt8]
    /// The redirects followed to get here, in order.
    public internal(set) var redirectChain: [(status: HTTPStatus, location: String)] = []
    /// The names of the templates rendered for the response, in the order they started: the
    /// page's template, then the templates it extends and includes (Django's
    /// `[t.name for t in response.templates]`). Empty when no template rendered it.
    public let templates: [String]
    /// The variables the templates rendered with (Django's `response.context`):
    /// `response.context["form"]`.
    public let context: TemplateContextList
    /// The request's messages once the response was made, those shown and those kept for
    /// the next page (Django's `get_messages(response.wsgi_request)`); empty without the
    /// messages app.
    public let messages: [Message]
    /// The error a view threw that the site answered with a 5xx page (Django's
    /// `response.exc_info`); `nil` when none did.
    public let serverError: (any Error)?
    /// Where the request went, so that ``assertRedirects(_:to:status:targetStatus:fetchRedirectResponse:sourceLocation:)``
    /// can ask for the page it redirects to, as the same client.
    let origin: TestClient.Origin?

    init(
        status: HTTPStatus, headers: Headers, body: [UInt8], templates: [TemplateRenderLog.Entry] = [],
        messages: [Message] = [], serverError: (any Error)? = nil, origin: TestClient.Origin? = nil
    ) {
        self.messages = messages
        self.serverError = serverError
        self.status = status
        self.headers = headers
        self.body = body
        self.templates = templates.map(\.name)
        context = TemplateContextList(templates.map(\.context))
        self.origin = origin
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Where a redirect points (Django's `response.url`): its `Location` header.
    public var url: String? { headers["Location"] }

    /// Decodes the body as JSON.
    public func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(type, from: Data(body))
    }
}

/// The variables of each template a response rendered, first rendered first (Django's
/// `ContextList`): a name is looked up in each in turn.
///
/// ```swift
/// let page = await client.get("/tasks/")
/// #expect(page.context["title"]?.text == "To do")
/// let task = page.context.value("task", as: Task.self)     // the model instance itself
/// ```
public struct TemplateContextList: Sendable {
    /// Each template's variables, in render order.
    public let contexts: [[String: TemplateValue]]

    init(_ contexts: [[String: TemplateValue]]) { self.contexts = contexts }

    /// The value of `key` in the first context that has it; `nil` when none does.
    public subscript(key: String) -> TemplateValue? {
        for context in contexts {
            if let value = context[key] { return value }
        }
        return nil
    }

    /// Every name the contexts hold.
    public var keys: Set<String> { Set(contexts.flatMap(\.keys)) }

    /// The Swift value behind `key`, when it was passed as a ``TemplateObject`` of type `T`
    /// (a model instance, say); `nil` otherwise.
    public func value<T>(_ key: String, as type: T.Type = T.self) -> T? {
        if case .object(let object) = self[key] { return object as? T }
        return nil
    }
}
