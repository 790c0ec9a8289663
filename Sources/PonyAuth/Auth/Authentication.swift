public import Foundation
internal import Logging
internal import PonyORM
internal import PonySupport
public import PonyWeb
internal import Synchronization

/// Logging users in and out, as Django's `django.contrib.auth` does, with Django's session
/// keys, so that a session made by Django is valid in Pony and the other way round.
public enum Auth {
    /// Django's session keys.
    static let userKey = "_auth_user_id"
    static let backendKey = "_auth_user_backend"
    static let hashKey = "_auth_user_hash"
    /// The backend Django records: Pony checks passwords as Django's `ModelBackend`.
    static let backend = "django.contrib.auth.backends.ModelBackend"

    /// The active user with this user name and password, or `nil` (Django's `authenticate`
    /// with `ModelBackend`). An unknown user name costs a hash too, so the time taken does not
    /// tell which names exist; a correct password with an outdated hash is rehashed.
    public static func authenticate(
        username: String, password: String, hashers: PasswordHashers = .django
    ) async throws -> User? {
        guard var user = try await User.objects.filter(\.username, .exact(username)).first() else {
            await hashers.burn(password)
            return nil
        }
        do {
            guard try await user.checkPassword(password, hashers: hashers), user.isActive else { return nil }
        } catch let error as PasswordHashError {
            // NB: as Django's check_password, a hash Pony cannot read is a failed login; the
            // log says why, for the administrator.
            Logger(label: "pony.auth").warning("Login for \(username) refused: \(error)")
            return nil
        }
        return user
    }

    /// ``authenticate(username:password:hashers:)`` with the password hashers of the auth app
    /// installed on the request's site (Django's `authenticate(request, …)`).
    public static func authenticate(_ request: Request, username: String, password: String) async throws -> User? {
        try await authenticate(username: username, password: password, hashers: passwordHashers(request))
    }

    /// The password hashers of the auth app installed on the request's site (Django's
    /// `PASSWORD_HASHERS`), for ``User/setPassword(_:hashers:)``.
    public static func passwordHashers(_ request: Request) -> PasswordHashers {
        request.storage[AuthStateKey.self]?.settings.hashers ?? .django
    }

    /// The password validators in force for `request`'s site (none without the auth app).
    public static func passwordValidators(_ request: Request) -> [any PasswordValidator] {
        request.storage[AuthStateKey.self]?.settings.passwordValidators ?? []
    }

    /// Logs `user` in on `request` (Django's `login`): a new session key (or a new session
    /// when another user was logged in), the user's id and password hash in the session, a
    /// new CSRF token, and `lastLogin` updated.
    public static func login(_ request: Request, _ user: User) async throws {
        guard let id = user.id, let state = request.storage[AuthStateKey.self] else {
            throw HTTPError(
                .internalServerError,
                "login(request, user) needs a saved user and the auth app installed (app.install(.auth())).")
        }
        let session = request.session
        let hash = user.sessionAuthHash(state.hasher)
        if let current = session[userKey] {
            if current.stringValue != String(id) || !constantTimeEqual(session[hashKey]?.stringValue ?? "", hash) {
                session.flush()
            }
        } else {
            session.cycleKey()
        }
        session[userKey] = .string(String(id))
        session[backendKey] = .string(backend)
        session[hashKey] = .string(hash)
        request.rotateCSRFToken()
        var logged = user
        logged.lastLogin = Date()
        try await logged.save(updateFields: ["lastLogin"])
        state.user = logged
    }

    /// Keeps the current session valid after the user's password changed (Django's
    /// `update_session_auth_hash`); other sessions of the user end.
    public static func updateSessionAuthHash(_ request: Request, _ user: User) {
        guard let state = request.storage[AuthStateKey.self], user.id == request.user.id else { return }
        request.session.cycleKey()
        request.session[hashKey] = .string(user.sessionAuthHash(state.hasher))
        state.user = user
    }

    /// Logs the user out (Django's `logout`): the session is emptied and gets a new key.
    public static func logout(_ request: Request) {
        request.session.flush()
        request.storage[AuthStateKey.self]?.user = .anonymous
    }

    /// The user of a session (Django's `get_user`): the active user whose id the session
    /// holds, if the session's password hash still matches (changing the password ends other
    /// sessions); otherwise the session is flushed and the user is anonymous.
    static func user(of session: Session, secretKey: String, fallbackKeys: [String]) async throws -> User {
        try await user(
            of: session, hasher: SessionAuthHasher(secret: secretKey),
            fallbacks: fallbackKeys.map(SessionAuthHasher.init))
    }

    /// The user of a session, read through `users` when given (see ``PonyORM/ChangeGuardedCache``).
    static func user(
        of session: Session, hasher: SessionAuthHasher, fallbacks: [SessionAuthHasher],
        users: ChangeGuardedCache<Int32, User?>? = nil
    ) async throws -> User {
        guard case .string(let text)? = session[userKey], session[backendKey]?.stringValue == backend,
            let id = Int32(text)
        else { return .anonymous }
        let read = { try await User.objects.filter(\.id, .exact(id)).first() }
        let found: User?
        if let users {
            found = try await users.value(for: id, at: session.version ?? DatabaseVersion.current(), read)
        } else {
            found = try await read()
        }
        guard let user = found, user.isActive else { return .anonymous }
        let stored = session[hashKey]?.stringValue ?? ""
        if !stored.isEmpty, constantTimeEqual(stored, user.sessionAuthHash(hasher)) { return user }
        if !stored.isEmpty, fallbacks.contains(where: { constantTimeEqual(stored, user.sessionAuthHash($0)) }) {
            session.cycleKey()
            session[hashKey] = .string(user.sessionAuthHash(hasher))
            return user
        }
        session.flush()
        return .anonymous
    }
}

/// Sets ``PonyWeb/Request/user`` from the session (Django's `AuthenticationMiddleware`). A
/// request without a logged-in session costs no query.
///
/// It also enforces the routes tagged ``PonyWeb/RouteTag/loginRequired`` and
/// ``PonyWeb/RouteTag/permissionRequired(_:)``.
public struct AuthenticationMiddleware: ViewMiddleware {
    let hasher: SessionAuthHasher
    let fallbacks: [SessionAuthHasher]
    let settings: AuthSettings
    let tokens: PasswordResetTokenGenerator
    /// Users by id, kept while the database reports no commit: a logged-in page reads its
    /// user once, until anything in the database changes.
    let users = ChangeGuardedCache<Int32, User?>(capacity: 4096)

    /// A middleware checking session hashes with `secretKey` (and `fallbackKeys`); password
    /// reset links count time in `timeZone` (Django's `TIME_ZONE`).
    public init(
        secretKey: String, fallbackKeys: [String] = [], settings: AuthSettings = AuthSettings(),
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    ) {
        hasher = SessionAuthHasher(secret: secretKey)
        fallbacks = fallbackKeys.map(SessionAuthHasher.init)
        self.settings = settings
        tokens = PasswordResetTokenGenerator(
            secretKey: secretKey, fallbackKeys: fallbackKeys, timeout: settings.passwordResetTimeout, timeZone: timeZone
        )
    }

    public func beforeView(_ request: Request, route: ResolvedRoute) async throws -> Response? {
        try await AuthChecks.check(request, route, settings)
    }

    public func respond(to request: Request, next: Next) async throws -> Response {
        var request = request
        let session = request.session
        let user =
            session[Auth.userKey] == nil
            ? User.anonymous : try await Auth.user(of: session, hasher: hasher, fallbacks: fallbacks, users: users)
        request.storage[AuthStateKey.self] = AuthState(user: user, hasher: hasher, settings: settings, tokens: tokens)
        if let action = request.storage[TestClientAuth.self] {
            switch action {
            case .authenticate(let username, let password):
                guard let user = try await Auth.authenticate(request, username: username, password: password) else {
                    return Response(status: .unauthorized)
                }
                try await Auth.login(request, user)
            case .login(let user): try await Auth.login(request, user)
            case .logout: Auth.logout(request)
            }
            return Response(status: .noContent)
        }
        return try await next(request)
    }
}

/// Set by the test client's `login`, `forceLogin` and `logout` (Django's `client.login`): the
/// middleware logs the user in or out on the request's session and answers at once, so the
/// session middleware around it saves the session and sets its cookie. Only code in the
/// process sets request storage; no request data reaches it.
package enum TestClientAuth: RequestStorageKey {
    package typealias Value = Action
    package enum Action: Sendable {
        case authenticate(username: String, password: String)
        case login(User)
        case logout
    }
}

/// The request's user, changed by login and logout during the request.
final class AuthState: Sendable {
    private let current: Mutex<User>
    let hasher: SessionAuthHasher
    /// The auth app's settings (its password hashers).
    let settings: AuthSettings
    /// Password reset tokens under the site's secret keys.
    let tokens: PasswordResetTokenGenerator?

    init(
        user: User, hasher: SessionAuthHasher, settings: AuthSettings = AuthSettings(),
        tokens: PasswordResetTokenGenerator? = nil
    ) {
        current = Mutex(user)
        self.hasher = hasher
        self.settings = settings
        self.tokens = tokens
    }

    var user: User {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

enum AuthStateKey: RequestStorageKey {
    typealias Value = AuthState
}

extension Request {
    /// The logged-in user, or ``User/anonymous`` (Django's `request.user`), set by
    /// ``AuthenticationMiddleware``.
    public var user: User { storage[AuthStateKey.self]?.user ?? .anonymous }
}
