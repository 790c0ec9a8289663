internal import Foundation
public import PonyORM
public import PonySupport
internal import PonyWeb

/// Where session data lives between requests (Django's session engines).
public protocol SessionStore: Sendable {
    /// The data stored under `key`, or `nil` when there is none, it expired, or it does not
    /// verify (a tampered or foreign value is no session, never an error).
    func load(_ key: String) async throws -> JSONObject?
    /// ``load(_:)`` as of `version`, a ``PonyORM/DatabaseVersion/current()`` that
    /// ``SessionMiddleware`` took for the whole request (the user's lookup after it shares
    /// it): a store that keeps rows between requests keeps them under that version. The
    /// default ignores it.
    func load(_ key: String, at version: DatabaseVersion?) async throws -> JSONObject?
    /// Stores `data` under `key` (a new key when `nil`) for `age` seconds; returns the key.
    func save(_ data: JSONObject, key: String?, age: Int) async throws -> String
    /// Drops the data stored under `key`.
    func delete(_ key: String) async throws
}

extension SessionStore {
    /// Loads without keeping anything between requests.
    public func load(_ key: String, at version: DatabaseVersion?) async throws -> JSONObject? {
        try await load(key)
    }
}

/// Sessions in Django's `django_session` table, encoded as Django's `SessionStore.encode`
/// (signed JSON, compressed), so Django and Pony read each other's sessions.
public struct DatabaseSessionStore: SessionStore {
    /// Django's salt for session data (`"django.contrib.sessions." + "SessionStore"`).
    public static let salt = "django.contrib.sessions.SessionStore"
    /// NB: made once, so each request does not derive the HMAC keys again.
    let signer: TimestampSigner
    /// Decoded session data by its stored text. NB: the same row is read on every request of
    /// a visit, and its text changes whenever its data does, so decoding it once is safe.
    private let decoded = Memo<String, JSONObject>(capacity: 4096)
    /// Rows by key, kept while the database reports no commit (see ``PonyORM/ChangeGuardedCache``):
    /// a visit's requests read its row once, until anything in the database changes.
    private let rows = ChangeGuardedCache<String, StoredSession?>(capacity: 4096)

    /// A row's data and expiry.
    private struct StoredSession: Sendable {
        let data: String
        let expireDate: Date
    }

    /// A store signing with `secretKey`, still reading data signed with `fallbackKeys`.
    public init(secretKey: String, fallbackKeys: [String] = []) {
        signer = TimestampSigner(key: secretKey, fallbackKeys: fallbackKeys, salt: DatabaseSessionStore.salt)
    }

    public func load(_ key: String) async throws -> JSONObject? {
        try await load(key, at: DatabaseVersion.current())
    }

    /// ``load(_:)`` as of `version`: the row is kept under it.
    public func load(_ key: String, at version: DatabaseVersion?) async throws -> JSONObject? {
        try await loadWithExpiry(key, at: version)?.data
    }

    /// The session's data and when it expires.
    func loadWithExpiry(_ key: String, at version: DatabaseVersion?) async throws -> (
        data: JSONObject, expireDate: Date
    )? {
        guard DatabaseSessionStore.isValidKey(key) else { return nil }
        let stored = try await rows.value(for: key, at: version) {
            try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).first().map {
                StoredSession(data: $0.sessionData, expireDate: $0.expireDate)
            }
        }
        guard let stored, stored.expireDate > Date() else { return nil }
        let data = try? decoded.value(for: stored.data) {
            guard case .object(let data) = try signer.unsignObject(stored.data) else {
                throw SignatureError.badSignature("Session data is not a JSON object.")
            }
            return data
        }
        return data.map { ($0, stored.expireDate) }
    }

    public func save(_ data: JSONObject, key: String?, age: Int) async throws -> String {
        let encoded = signer.sign(object: .object(data), compress: true)
        let expiry = Date(timeIntervalSinceNow: Double(age))
        if let key {
            // NB: update only, as Django's save(must_create=False): a session deleted meanwhile
            // (a logout in another tab) must not come back with its user still in it.
            let updated = try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).update([
                "sessionData": F.value(.text(encoded)), "expireDate": F.value(expiry.databaseValue),
            ])
            guard updated > 0 else { throw DatabaseSessionStore.interrupted }
            return key
        }
        // NB: 32 characters from 36 are 165 bits: a collision means a broken generator, but
        // Django checks, and so does Pony.
        while true {
            let key = DatabaseSessionStore.newKey()
            guard try await !SessionRecord.objects.filter(\.sessionKey, .exact(key)).exists() else { continue }
            _ = try await SessionRecord.objects.create(
                SessionRecord(sessionKey: key, sessionData: encoded, expireDate: expiry))
            return key
        }
    }

    public func delete(_ key: String) async throws {
        _ = try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).delete()
    }

    /// Django's `SessionInterrupted`: a session that was to be updated is gone.
    static let interrupted = HTTPError(
        .badRequest,
        "The request's session was deleted before the request completed. The user may have logged out in"
            + " a concurrent request, for example.")

    /// Django's rule: at least 8 characters (and at most the column's 40).
    static func isValidKey(_ key: String) -> Bool { (8...40).contains(key.utf8.count) }

    private static let keyCharacters = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// 32 characters of lower-case letters and digits, as Django's `_get_new_session_key`.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            (0..<32).map { _ in keyCharacters[Int(generator.next(upperBound: UInt64(keyCharacters.count)))] })
    }
}

/// Sessions kept in the cookie itself, signed (Django's `signed_cookies` engine).
public struct SignedCookieSessionStore: SessionStore {
    /// Django's salt for this engine.
    public static let salt = "django.contrib.sessions.backends.signed_cookies"
    let signer: TimestampSigner
    let maxAge: Int

    /// A store signing with `secretKey`; cookies older than `maxAge` seconds are refused.
    public init(secretKey: String, fallbackKeys: [String] = [], maxAge: Int) {
        signer = TimestampSigner(key: secretKey, fallbackKeys: fallbackKeys, salt: SignedCookieSessionStore.salt)
        self.maxAge = maxAge
    }

    public func load(_ key: String) async throws -> JSONObject? {
        guard case .object(let data)? = try? signer.unsignObject(key, maxAge: Double(maxAge)) else { return nil }
        return data
    }

    public func save(_ data: JSONObject, key: String?, age: Int) async throws -> String {
        signer.sign(object: .object(data), compress: true)
    }

    /// Nothing to do: the cookie is the data, and the middleware deletes it.
    public func delete(_ key: String) async throws {}
}
