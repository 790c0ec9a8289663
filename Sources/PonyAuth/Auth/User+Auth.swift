internal import Foundation
internal import PonyORM
internal import PonySupport

extension User {
    /// A user that is not logged in (Django's `AnonymousUser`): no key, no name, no rights.
    public static var anonymous: User { User(password: PasswordHashers.unusablePrefix, username: "", isActive: false) }

    /// Whether this is a real, logged-in user rather than ``anonymous`` (Django's `is_authenticated`).
    public var isAuthenticated: Bool { id != nil }

    /// Whether this is ``anonymous`` (Django's `is_anonymous`).
    public var isAnonymous: Bool { id == nil }

    /// Sets the password, hashed with the preferred hasher (Django's `set_password`); save the
    /// user to keep it.
    public mutating func setPassword(_ raw: String, hashers: PasswordHashers = .django) async {
        password = await hashers.make(raw)
    }

    /// Makes the user unable to log in with a password (Django's `set_unusable_password`).
    public mutating func setUnusablePassword() { password = PasswordHashers.unusable() }

    /// Whether the user can log in with a password at all (Django's `has_usable_password`).
    public var hasUsablePassword: Bool { PasswordHashers.isUsable(password) }

    /// Whether `raw` is the user's password (Django's `check_password`). A correct password
    /// stored with an outdated hash is rehashed and saved, as Django does.
    public mutating func checkPassword(_ raw: String, hashers: PasswordHashers = .django) async throws -> Bool {
        let check = try await hashers.check(raw, against: password)
        if let upgraded = check.upgradedHash {
            password = upgraded
            if id != nil { try await save(updateFields: ["password"]) }
        }
        return check.isCorrect
    }

    /// Django's `get_session_auth_hash`: an HMAC of the password hash, kept in the session so
    /// that changing the password logs out every other session.
    func sessionAuthHash(secret: String) -> String { sessionAuthHash(SessionAuthHasher(secret: secret)) }

    func sessionAuthHash(_ hasher: SessionAuthHasher) -> String { hasher.hash(password) }

    /// Whether the user has the permission `"app_label.codename"` (Django's `has_perm`): an
    /// active superuser has all; others through their own and their groups' permissions.
    public func hasPerm(_ permission: String) async throws -> Bool {
        guard isActive, isAuthenticated else { return false }
        if isSuperuser { return true }
        return try await permissions().contains(permission)
    }

    /// Every permission the user has, directly or through groups, as `"app_label.codename"`
    /// (Django's `get_all_permissions`).
    public func permissions() async throws -> Set<String> {
        guard isActive, let id else { return [] }
        // NB: Django's `get_all_permissions`: the user's own permissions and their groups'.
        let rows = try await Permission.objects
            .filter(Q("user_set", id) | Q("group__user_set", id))
            .orderBy()
            .distinct()
            .valuesList("contentType__appLabel", "codename")
        return Set(
            rows.compactMap { row in
                guard row.count == 2, case .text(let app) = row[0], case .text(let code) = row[1] else { return nil }
                return "\(app).\(code)"
            })
    }
}

/// The keyed HMAC of Django's `get_session_auth_hash` for one secret, derived once.
struct SessionAuthHasher: Sendable {
    private let mac: SaltedHMAC
    /// NB: the hash of the logged-in user's password is checked on every request; it is the
    /// same until the password changes.
    private let memo = Memo<String, String>(capacity: 4096)

    init(secret: String) {
        mac = SaltedHMAC(
            keySalt: "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash", secret: Array(secret.utf8),
            algorithm: .sha256)
    }

    /// The hexadecimal HMAC of a password hash.
    func hash(_ password: String) -> String {
        memo.value(for: password) { hexString(mac.code(for: password)) }
    }
}
