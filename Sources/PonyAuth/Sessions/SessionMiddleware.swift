internal import Foundation
internal import PonyORM
public import PonyWeb

/// Loads the session named by the session cookie before the view, and saves it and sets the
/// cookie after (Django's `SessionMiddleware`).
///
/// A request without a session cookie costs nothing: the store is read only when the cookie
/// is there, and written only when the view changed the session (or
/// ``SessionSettings/saveEveryRequest`` is on). A session that was read adds
/// `Vary: Cookie`; one emptied (``Session/flush()``) deletes the cookie; a 5xx response
/// saves nothing.
public struct SessionMiddleware: Middleware {
    /// The session settings.
    public let settings: SessionSettings
    /// Where sessions are kept.
    public let store: any SessionStore

    /// A middleware with `store` and `settings`.
    public init(store: any SessionStore, settings: SessionSettings = SessionSettings()) {
        self.store = store
        self.settings = settings
    }

    public func respond(to request: Request, next: Next) async throws -> Response {
        var request = request
        let cookie = request.cookies[settings.cookieName]
        var session = Session()
        if let cookie {
            // NB: the store and the user lookup after it share one look at the database's
            // version (see ChangeGuardedCache).
            let version = DatabaseVersion.current()
            if let data = try await store.load(cookie, at: version) {
                session = Session(key: cookie, data: data, version: version)
            }
        }
        request.storage[SessionStorageKey.self] = session
        if let edit = request.storage[TestClientSession.self] {
            try await edit(session)
            var response = Response(status: .noContent)
            try await finish(session, cookie: cookie, request: request, response: &response)
            return response
        }
        var response = try await next(request)
        try await finish(session, cookie: cookie, request: request, response: &response)
        return response
    }

    private func finish(_ session: Session, cookie: String?, request: Request, response: inout Response) async throws {
        for key in session.takeDiscarded() { try await store.delete(key) }
        var varyOnCookie = session.accessed
        if cookie != nil, session.isEmpty {
            try response.deleteCookie(settings.cookieName, path: settings.cookiePath, domain: settings.cookieDomain)
            varyOnCookie = true
        } else if session.modified || settings.saveEveryRequest, !session.isEmpty, response.status.code < 500 {
            let atBrowserClose = session.expiresAtBrowserClose(settings: settings)
            let age = session.expiryAge(settings: settings, now: Date())
            let key = try await store.save(session.data, key: session.key, age: age)
            session.setKey(key)
            try response.setCookie(
                settings.cookieName, key, maxAge: atBrowserClose ? nil : age, path: settings.cookiePath,
                domain: settings.cookieDomain, secure: settings.cookieSecure ?? request.isSecure,
                httpOnly: settings.cookieHTTPOnly, sameSite: settings.cookieSameSite)
            varyOnCookie = true
        }
        if varyOnCookie { response.headers.addVary("Cookie") }
    }
}

enum SessionStorageKey: RequestStorageKey {
    typealias Value = Session
}

/// Set by the test client's `session()` and `updateSession { … }` (Django's
/// `client.session`): the middleware hands the request's session to the closure and answers
/// at once, saving the session and setting its cookie as after a view. Only code in the
/// process sets request storage; no request data reaches it.
package enum TestClientSession: RequestStorageKey {
    package typealias Value = @Sendable (Session) async throws -> Void
}

extension Request {
    /// The request's session (Django's `request.session`), loaded by ``SessionMiddleware``.
    ///
    /// Without the middleware there is no session to keep: a request gets an empty one that is
    /// never saved. Pony installs the middleware with the `sessions` app, and refuses at
    /// start-up an app that needs sessions without it.
    public var session: Session {
        storage[SessionStorageKey.self] ?? Session()
    }
}
