internal import Foundation
internal import PonyCrypto

/// A way of storing passwords as Django's `PASSWORD_HASHERS` entries do:
/// `algorithm$…` strings that ``PasswordHashers`` can tell apart.
public protocol PasswordHasher: Sendable {
    /// The prefix of the hashes it makes (`pbkdf2_sha256`).
    var algorithm: String { get }
    /// The hash of `password` with `salt` (no `$` in it), in the stored form.
    func encode(_ password: String, salt: String) -> String
    /// Whether `password` is the one `encoded` was made from; compares in constant time.
    func verify(_ password: String, encoded: String) -> Bool
    /// Whether `encoded` should be remade with this hasher's current settings (more
    /// iterations, a longer salt).
    func mustUpdate(_ encoded: String) -> Bool
    /// Does the work a correct password would have cost, so a wrong password against an
    /// outdated hash takes as long as against a current one (Django's `harden_runtime`).
    func hardenRuntime(_ password: String, encoded: String)
}

/// PBKDF2 with HMAC, Django's default (`pbkdf2_sha256`, 1,000,000 iterations in Django 5.2)
/// and its SHA-1 variant (`pbkdf2_sha1`):
/// `pbkdf2_sha256$1000000$<salt>$<base64 of the 32-byte key>`.
public struct PBKDF2PasswordHasher: PasswordHasher {
    /// Django 5.2's iteration count.
    public static let djangoIterations = 1_000_000
    /// The most iterations a stored hash may ask for: a hash with more is treated as
    /// unusable rather than letting one row keep a CPU busy for minutes.
    static let maximumIterations = 100_000_000

    /// `pbkdf2_sha256` or `pbkdf2_sha1`.
    public let algorithm: String
    /// The iterations of new hashes; hashes with another count are remade on login.
    public let iterations: Int
    private let sha1: Bool

    /// Django's `PBKDF2PasswordHasher` (SHA-256).
    public static let sha256 = PBKDF2PasswordHasher(sha1: false)
    /// Django's `PBKDF2SHA1PasswordHasher`.
    public static let sha1 = PBKDF2PasswordHasher(sha1: true)

    /// A hasher with another iteration count (fewer make tests fast; never lower it in production).
    public func with(iterations: Int) -> PBKDF2PasswordHasher {
        PBKDF2PasswordHasher(sha1: sha1, iterations: iterations)
    }

    private init(sha1: Bool, iterations: Int = djangoIterations) {
        algorithm = sha1 ? "pbkdf2_sha1" : "pbkdf2_sha256"
        self.sha1 = sha1
        self.iterations = max(1, iterations)
    }

    /// The stored hash for `password`.
    public func encode(_ password: String, salt: String) -> String {
        encode(password, salt: salt, iterations: iterations)
    }

    private func encode(_ password: String, salt: String, iterations: Int) -> String {
        let key =
            sha1
            ? PBKDF2.deriveKey(PonyCrypto.SHA1.self, password: password.utf8, salt: salt.utf8, iterations: iterations)
            : PBKDF2.deriveKey(SHA256.self, password: password.utf8, salt: salt.utf8, iterations: iterations)
        return "\(algorithm)$\(iterations)$\(salt)$\(Data(key).base64EncodedString())"
    }

    private func decode(_ encoded: String) -> (iterations: Int, salt: String)? {
        let parts = encoded.split(separator: "$", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == algorithm, let iterations = Int(parts[1]),
            (1...PBKDF2PasswordHasher.maximumIterations).contains(iterations)
        else { return nil }
        return (iterations, String(parts[2]))
    }

    /// Whether `password` hashes to `encoded`.
    public func verify(_ password: String, encoded: String) -> Bool {
        guard let (iterations, salt) = decode(encoded) else { return false }
        return constantTimeEqual(encoded, encode(password, salt: salt, iterations: iterations))
    }

    /// True when the iteration count differs or the salt is shorter than 128 bits of entropy.
    public func mustUpdate(_ encoded: String) -> Bool {
        guard let (iterations, salt) = decode(encoded) else { return true }
        return iterations != self.iterations || Double(salt.count) * log2(62) < 128
    }

    /// Runs the iterations `encoded` lacks.
    public func hardenRuntime(_ password: String, encoded: String) {
        guard let (iterations, salt) = decode(encoded), self.iterations > iterations else { return }
        _ = encode(password, salt: salt, iterations: self.iterations - iterations)
    }
}
