public import Foundation
internal import PonyORM
public import PonySupport
internal import Synchronization

/// The session of a request (Django's `request.session`): JSON values by key, kept between
/// requests of one browser by ``SessionMiddleware``.
///
/// ```swift
/// app.get("/visits") { request in
///     let visits = (request.session["visits"]?.intValue ?? 0) + 1
///     request.session["visits"] = .int(visits)
///     return "Visit number \(visits)"
/// }
/// ```
///
/// A session is a reference shared by the middleware and the view, so changes made in a view
/// are saved when the response leaves. Values are JSON (as Django's default serializer
/// stores them); ``value(_:forKey:)`` and ``setValue(_:forKey:)`` convert `Codable` types.
public final class Session: Sendable {
    struct State {
        var key: String?
        var data: JSONObject
        var accessed = false
        var modified = false
        /// Keys whose rows go when the response is saved (after ``flush()`` or ``cycleKey()``).
        var discarded: [String] = []
    }

    let state: Mutex<State>
    /// The database's version when the session was read (see ``PonyORM/ChangeGuardedCache``),
    /// so that its user is read as of the same moment without another look at the database.
    let version: DatabaseVersion?

    /// A session with `data`, stored under `key` (`nil` for a session not saved yet).
    public convenience init(key: String? = nil, data: JSONObject = [:]) {
        self.init(key: key, data: data, version: nil)
    }

    init(key: String?, data: JSONObject, version: DatabaseVersion?) {
        state = Mutex(State(key: key, data: data))
        self.version = version
    }

    /// The key the session is stored under (the `sessionid` cookie's value); `nil` until it
    /// is first saved.
    public var key: String? { state.withLock { $0.key } }

    /// The value for `key`; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            state.withLock {
                $0.accessed = true
                return $0.data[key]
            }
        }
        set {
            state.withLock {
                $0.accessed = true
                $0.modified = true
                $0.data[key] = newValue
            }
        }
    }

    /// The value for `key` decoded as `type`, or `nil` when there is none.
    public func value<T: Decodable>(_ type: T.Type = T.self, forKey key: String) throws -> T? {
        guard let value = self[key] else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(value.pythonJSON.utf8))
    }

    /// Stores `value`, encoded as JSON, under `key`.
    public func setValue<T: Encodable>(_ value: T, forKey key: String) throws {
        self[key] = try JSONValue(parsing: Array(JSONEncoder().encode(value)))
    }

    /// Every key and value.
    public var data: JSONObject {
        state.withLock {
            $0.accessed = true
            return $0.data
        }
    }

    /// Whether the session has neither a key nor data (Django's `is_empty`).
    public var isEmpty: Bool { state.withLock { $0.key == nil && $0.data.isEmpty } }

    /// Whether the session was read or written during this request.
    public var accessed: Bool { state.withLock { $0.accessed } }

    /// Whether the session was written during this request, so it will be saved.
    public var modified: Bool {
        get { state.withLock { $0.modified } }
        set { state.withLock { $0.modified = newValue } }
    }

    /// Removes all data, drops the stored session and forgets the key (Django's `flush`, as
    /// on logout); the browser's cookie is deleted.
    public func flush() {
        state.withLock {
            if let key = $0.key { $0.discarded.append(key) }
            $0.key = nil
            $0.data = [:]
            $0.accessed = true
            $0.modified = true
        }
    }

    /// Keeps the data under a new key, dropping the old one (Django's `cycle_key`, as on
    /// login, so that a key an attacker planted before login is worthless after it).
    public func cycleKey() {
        state.withLock {
            if let key = $0.key { $0.discarded.append(key) }
            $0.key = nil
            $0.accessed = true
            $0.modified = true
        }
    }

    /// Django's key of a custom expiry.
    static let expiryKey = "_session_expiry"

    /// Expires the session after `seconds` of inactivity; `0` expires it when the browser
    /// closes, `nil` returns to ``SessionSettings/cookieAge`` (Django's `set_expiry`).
    public func setExpiry(_ seconds: Int?) {
        self[Session.expiryKey] = seconds.map { .int(Int64($0)) }
    }

    /// Expires the session at `date` (stored as Django stores a datetime: ISO 8601).
    public func setExpiry(at date: Date) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        self[Session.expiryKey] = .string(formatter.string(from: date).replacingOccurrences(of: "Z", with: "+00:00"))
    }

    /// Seconds until the session expires, from `now` (Django's `get_expiry_age`).
    func expiryAge(settings: SessionSettings, now: Date) -> Int {
        switch state.withLock({ $0.data[Session.expiryKey] }) {
        case .int(let seconds) where seconds != 0: return Int(clamping: seconds)
        case .string(let text):
            guard let date = Session.parseDate(text) else { return settings.cookieAge }
            let seconds = date.timeIntervalSince(now).rounded(.down)
            return seconds.isFinite ? Int(max(min(seconds, 1e12), -1e12)) : settings.cookieAge
        default: return settings.cookieAge
        }
    }

    /// Whether the cookie lasts only until the browser closes (Django's `get_expire_at_browser_close`).
    func expiresAtBrowserClose(settings: SessionSettings) -> Bool {
        guard let expiry = state.withLock({ $0.data[Session.expiryKey] }), expiry != .null else {
            return settings.expireAtBrowserClose
        }
        return expiry == .int(0)
    }

    private static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// Takes the keys to drop, once.
    func takeDiscarded() -> [String] {
        state.withLock { state in
            defer { state.discarded = [] }
            return state.discarded
        }
    }

    func setKey(_ key: String?) { state.withLock { $0.key = key } }
}
