internal import Foundation
internal import PonySupport
internal import PonyTemplates
public import PonyWeb
internal import Synchronization

/// The request's one-time messages (Django's `django.contrib.messages`): add them in a view
/// (`request.messages.success("Saved.")`); the next page that shows them (`{% for message in
/// messages %}`) consumes them.
///
/// Messages not yet shown travel in a signed `messages` cookie, as Django's cookie storage
/// writes it, and in the session when the cookie would pass 2 kB (Django's fallback storage).
public final class Messages: Sendable {
    struct State {
        var loaded: [Message]
        var queued: [Message] = []
        var used = false
        var addedNew = false
        var level: MessageLevel
    }

    let state: Mutex<State>

    init(loaded: [Message], level: MessageLevel) {
        state = Mutex(State(loaded: loaded, level: level))
    }

    /// Adds a message unless it is empty or below the recording level (Django's `add_message`).
    public func add(_ level: MessageLevel, _ message: String, extraTags: String = "", isSafe: Bool = false) {
        guard !message.isEmpty else { return }
        state.withLock { state in
            guard level >= state.level else { return }
            state.addedNew = true
            state.queued.append(Message(level: level, message: message, extraTags: extraTags, isSafe: isSafe))
        }
    }

    /// A debug message (recorded only with a lowered ``level``).
    public func debug(_ message: String, extraTags: String = "") { add(.debug, message, extraTags: extraTags) }
    /// An information message.
    public func info(_ message: String, extraTags: String = "") { add(.info, message, extraTags: extraTags) }
    /// A success message.
    public func success(_ message: String, extraTags: String = "") { add(.success, message, extraTags: extraTags) }
    /// A warning.
    public func warning(_ message: String, extraTags: String = "") { add(.warning, message, extraTags: extraTags) }
    /// An error message.
    public func error(_ message: String, extraTags: String = "") { add(.error, message, extraTags: extraTags) }

    /// The lowest level recorded (Django's `set_level`; `MESSAGE_LEVEL`, INFO by default).
    public var level: MessageLevel {
        get { state.withLock { $0.level } }
        set { state.withLock { $0.level = newValue } }
    }

    /// Every message, marking them shown, so they are not stored again (Django's iteration).
    public var all: [Message] {
        state.withLock { state in
            state.used = true
            state.loaded += state.queued
            state.queued = []
            return state.loaded
        }
    }

    /// How many messages there are, without marking them shown.
    public var count: Int { state.withLock { $0.loaded.count + $0.queued.count } }

    /// Every message, without marking them shown: what the test client reports.
    package var snapshot: [Message] { state.withLock { $0.loaded + $0.queued } }

    /// What to store for the next request (Django's `update`), or `nil` to leave it as it is.
    func toStore() -> [Message]? {
        state.withLock { state in
            if state.used { return state.queued }
            return state.addedNew ? state.loaded + state.queued : nil
        }
    }
}

/// `messages` in templates: iterating consumes the messages; `{% if messages %}` does not.
struct MessagesTemplateValue: TemplateObject {
    let messages: Messages

    func lookup(_ key: String) -> TemplateValue? { key == "count" ? .int(messages.count) : nil }
    var text: String { "" }
    var isTruthy: Bool { messages.count > 0 }
    var elements: [TemplateValue]? { messages.all.map { .object($0) } }
}

enum MessagesKey: RequestStorageKey {
    typealias Value = Messages
}

extension Request {
    /// The request's messages (Django's `messages.success(request, …)` & co.), set by
    /// ``MessagesMiddleware``; without it, messages added are not kept.
    public var messages: Messages { storage[MessagesKey.self] ?? Messages(loaded: [], level: .info) }
}

/// Loads the messages stored for the request and stores those not shown with the response
/// (Django's `MessageMiddleware` with `FallbackStorage`).
public struct MessagesMiddleware: Middleware {
    /// Django's cookie name, salt and size limit.
    static let cookieName = "messages"
    static let salt = "django.contrib.messages"
    static let maxCookieSize = 2048
    static let sessionKey = "_messages"
    static let notFinished: JSONValue = "__messagesnotfinished__"

    let signer: TimestampSigner
    let level: MessageLevel

    /// A middleware signing the cookie with `secretKey` (reading `fallbackKeys` too), recording
    /// messages from `level` up.
    public init(secretKey: String, fallbackKeys: [String] = [], level: MessageLevel = .info) {
        signer = Signing.cookieSigner(
            secretKey: secretKey, fallbackKeys: fallbackKeys, rawSalt: MessagesMiddleware.salt)
        self.level = level
    }

    public func respond(to request: Request, next: Next) async throws -> Response {
        var request = request
        var loaded: [Message] = []
        var finished = true
        let cookie = request.cookies[MessagesMiddleware.cookieName]
        if let cookie, case .array(var parts)? = try? signer.unsignObject(cookie) {
            if parts.last == MessagesMiddleware.notFinished {
                parts.removeLast()
                finished = false
            }
            loaded = parts.compactMap(Message.init(json:))
        }
        let session = request.session
        // NB: as Django's fallback storage, the session is read only when the cookie says
        // more messages are there, so a request without messages does not touch it.
        if !finished, case .string(let text)? = session[MessagesMiddleware.sessionKey],
            case .array(let parts)? = try? JSONValue(parsing: text)
        {
            loaded += parts.compactMap(Message.init(json:))
        }
        let messages = Messages(loaded: loaded, level: level)
        request.storage[MessagesKey.self] = messages
        request.storage[TestClientMessages.self]?(messages)
        var response = try await next(request)
        guard let store = messages.toStore() else { return response }
        // The newest messages that fit go in the cookie; older ones, in the session.
        var inCookie = store
        var overflow: [Message] = []
        while !inCookie.isEmpty,
            encode(inCookie, finished: overflow.isEmpty).utf8.count > MessagesMiddleware.maxCookieSize
        {
            overflow.append(inCookie.removeFirst())
        }
        if inCookie.isEmpty && overflow.isEmpty {
            if cookie != nil { try response.deleteCookie(MessagesMiddleware.cookieName) }
        } else {
            try response.setCookie(
                MessagesMiddleware.cookieName, encode(inCookie, finished: overflow.isEmpty), sameSite: .lax)
        }
        if !overflow.isEmpty {
            session[MessagesMiddleware.sessionKey] = .string(JSONValue.array(overflow.map(\.json)).pythonJSON)
        } else if !finished {
            session[MessagesMiddleware.sessionKey] = nil
        }
        return response
    }

    func encode(_ messages: [Message], finished: Bool) -> String {
        signer.sign(
            object: .array(messages.map(\.json) + (finished ? [] : [MessagesMiddleware.notFinished])), compress: true)
    }

    /// `messages` and `DEFAULT_MESSAGE_LEVELS` for templates (Django's context processor).
    public static let contextProcessor: ContextProcessor = { request in
        [
            "messages": .object(MessagesTemplateValue(messages: request.messages)),
            "DEFAULT_MESSAGE_LEVELS": .dictionary(
                TemplateDictionary([
                    ("DEBUG", .int(10)), ("INFO", .int(20)), ("SUCCESS", .int(25)), ("WARNING", .int(30)),
                    ("ERROR", .int(40)),
                ])),
        ]
    }
}

/// Set by the test client: the middleware hands it the request's messages, which the
/// response then lists (Django's `get_messages(response.wsgi_request)`). Only code in the
/// process sets request storage; no request data reaches it.
package enum TestClientMessages: RequestStorageKey {
    package typealias Value = @Sendable (Messages) -> Void
}
