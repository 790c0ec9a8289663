internal import Foundation
internal import NIOCore
internal import NIOPosix

/// A stored password hash Pony cannot check, with what to do about it.
public struct PasswordHashError: Error, Sendable, CustomStringConvertible {
    /// The algorithm named by the hash (`argon2`, `bcrypt_sha256`, …), or `nil` when the value
    /// is not a hash at all.
    public let algorithm: String?

    /// A readable description.
    public var description: String {
        guard let algorithm else {
            return "The stored password is not a password hash (expected algorithm$…); set a new password."
        }
        return "The password hash uses '\(algorithm)', which Pony does not support (Pony verifies pbkdf2_sha256 and "
            + "pbkdf2_sha1, Django's default hashers). Set a new password, or verify it in Django once with "
            + "PASSWORD_HASHERS listing PBKDF2PasswordHasher first so Django rehashes it on login."
    }
}

/// The outcome of checking a password against its stored hash.
public struct PasswordCheck: Sendable, Equatable {
    /// Whether the password is right.
    public let isCorrect: Bool
    /// A new hash to store in place of the old one: set when the password is right and the
    /// old hash is outdated (another algorithm, fewer iterations), as Django's `setter`.
    public let upgradedHash: String?
}

/// Django's password hashing (`make_password`, `check_password`, `identify_hasher`) with a
/// preferred hasher and the others it still verifies.
///
/// Hashing takes a quarter of a second of CPU by design, so ``make(_:)`` and
/// ``check(_:against:)`` run on threads of their own: logins never stall the cooperative
/// pool that serves every other request.
///
/// ```swift
/// let hash = await PasswordHashers.django.make("s3cret")      // "pbkdf2_sha256$1000000$…"
/// let check = try await PasswordHashers.django.check("s3cret", against: hash)
/// check.isCorrect                                              // true
/// ```
public struct PasswordHashers: Sendable {
    /// The hasher of new hashes (Django's first `PASSWORD_HASHERS` entry).
    public let preferred: any PasswordHasher
    /// Every hasher that verifies, the preferred one first.
    public let hashers: [any PasswordHasher]

    /// Django 5.2's defaults that need no third-party library: PBKDF2 with SHA-256, then SHA-1.
    public static let django = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256, PBKDF2PasswordHasher.sha1)

    /// Hashers in order of preference: `preferred` makes new hashes, all of them verify.
    public init(preferred: any PasswordHasher, _ others: any PasswordHasher...) {
        self.preferred = preferred
        hashers = [preferred] + others
    }

    /// Django's prefix of unusable passwords (`set_unusable_password`).
    public static let unusablePrefix = "!"

    /// A hash that no password matches (Django's `make_password(None)`): `!` and 40 random
    /// characters.
    public static func unusable() -> String { unusablePrefix + randomString(count: 40) }

    /// Whether `encoded` can match a password (Django's `is_password_usable`).
    public static func isUsable(_ encoded: String) -> Bool { !encoded.hasPrefix(unusablePrefix) }

    /// The hash of `password` with a fresh 22-character salt (128 bits, as Django's).
    public func make(_ password: String) async -> String {
        let hasher = preferred
        let salt = PasswordHashers.randomString(count: 22)
        return await PasswordHashers.offPool { hasher.encode(password, salt: salt) }
    }

    /// The hasher that made `encoded` (Django's `identify_hasher`).
    public func identify(_ encoded: String) throws(PasswordHashError) -> any PasswordHasher {
        guard let cut = encoded.firstIndex(of: "$"), cut != encoded.startIndex else {
            throw PasswordHashError(algorithm: nil)
        }
        let algorithm = String(encoded[..<cut])
        guard let hasher = hashers.first(where: { $0.algorithm == algorithm }) else {
            throw PasswordHashError(algorithm: algorithm)
        }
        return hasher
    }

    /// Checks `password` against `encoded` (Django's `check_password`): an unusable hash never
    /// matches; a hash by an algorithm not installed throws, saying so.
    public func check(_ password: String, against encoded: String) async throws(PasswordHashError) -> PasswordCheck {
        guard PasswordHashers.isUsable(encoded) else { return PasswordCheck(isCorrect: false, upgradedHash: nil) }
        let hasher = try identify(encoded)
        let preferred = self.preferred
        let changed = hasher.algorithm != preferred.algorithm
        let salt = PasswordHashers.randomString(count: 22)
        return await PasswordHashers.offPool {
            let mustUpdate = changed || preferred.mustUpdate(encoded)
            let correct = hasher.verify(password, encoded: encoded)
            if !correct, !changed, mustUpdate { hasher.hardenRuntime(password, encoded: encoded) }
            let upgraded = correct && mustUpdate ? preferred.encode(password, salt: salt) : nil
            return PasswordCheck(isCorrect: correct, upgradedHash: upgraded)
        }
    }

    /// Runs the work of a hash check for a user that does not exist, so that the time of a
    /// login does not tell which user names exist (Django's `ModelBackend` does the same).
    public func burn(_ password: String) async { _ = await make(password) }

    // MARK: - Off the cooperative pool

    /// Threads for hashing: one fewer than the cores (at least one), so that a burst of logins
    /// leaves a core to the event loops and the cooperative pool.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount - 1))
        pool.start()
        return pool
    }()

    static func offPool<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        do {
            return try await pool.runIfActive(work)
        } catch {
            // NB: the pool is never shut down; should it be, the work still gets done.
            return work()
        }
    }

    private static let characters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// Django's `get_random_string`: letters and digits from the system's secure generator.
    static func randomString(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in characters[Int(generator.next(upperBound: UInt64(characters.count)))] })
    }
}
