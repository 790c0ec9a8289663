public import PonyAuth
internal import PonyWeb
internal import Synchronization

// The test client's users and session: Django's `client.login`, `force_login`, `logout` and
// `client.session`. Each sends a request that the auth or session middleware answers
// without calling a view, so the session is saved and its cookie set as after a view.

extension TestClient {
    /// Logs in the active user with this user name and password, as Django's `client.login`
    /// does: later requests carry their session. Returns `false`, logging no one in, when the
    /// password is wrong or the user inactive. Needs the `auth` app and a database
    /// (`app.withTestDatabase { … }`).
    @discardableResult
    public func login(username: String, password: String) async throws -> Bool {
        try await authenticate(.authenticate(username: username, password: password)) == .noContent
    }

    /// Logs `user` in without a password (Django's `client.force_login`), which is quicker
    /// where the test is not about logging in.
    public func forceLogin(_ user: User) async throws {
        _ = try await authenticate(.login(user))
    }

    /// Logs the user out and empties the session (Django's `client.logout`).
    public func logout() async throws {
        _ = try await authenticate(.logout)
    }

    /// The client's session as the site stores it (Django's `client.session`): what its
    /// session cookie names, or a new, empty session. Changes made to it are not saved; use
    /// ``updateSession(_:)``. Needs the `sessions` app.
    public func session() async throws -> Session {
        let loaded = Mutex<Session?>(nil)
        try await updateSession { session in loaded.withLock { $0 = session } }
        return loaded.withLock { $0 } ?? Session()
    }

    /// Changes the client's session and saves it, setting the session cookie when it is new
    /// (Django's `session = client.session; session["cart"] = [1]; session.save()`):
    ///
    /// ```swift
    /// try await client.updateSession { session in session["cart"] = [1, 2] }
    /// let page = await client.get("/cart/")       // the view sees the cart
    /// ```
    ///
    /// Needs the `sessions` app.
    public func updateSession(_ change: @escaping @Sendable (Session) throws -> Void) async throws {
        let response = await send(.post, "/", body: [], headers: [:]) { request in
            request.storage[TestClientSession.self] = { session in try change(session) }
        }
        guard response.status == .noContent else {
            throw TestClientError(
                "The test client could not reach the session (\(response.status.code)): install the sessions app"
                    + " (app.install(.sessions())) and, for its database store, run the test with a database"
                    + " (app.withTestDatabase { … }).\n\(response.text.prefix(2000))")
        }
    }

    /// Sends `action` to the auth middleware, which answers it without calling a view.
    private func authenticate(_ action: TestClientAuth.Action) async throws -> HTTPStatus {
        let response = await send(.post, "/", body: [], headers: [:]) { $0.storage[TestClientAuth.self] = action }
        guard response.status == .noContent || response.status == .unauthorized else {
            throw TestClientError(
                "The test client could not log in or out (\(response.status.code)): install the auth app"
                    + " (app.install(.sessions(), .contentTypes(), .auth())) and run the test with a database"
                    + " (app.withTestDatabase { … }).\n\(response.text.prefix(2000))")
        }
        return response.status
    }
}
