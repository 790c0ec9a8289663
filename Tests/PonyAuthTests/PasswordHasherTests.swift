import Foundation
import PonySupport
import Testing

@testable import PonyAuth

/// Password hashes against Django 5.2's `django.contrib.auth.hashers` (fixtures), and the
/// behaviour of Django's `auth_tests/test_hashers.py`.
@Suite struct PasswordHasherTests {
    let fixtures = DjangoFixtures.shared
    /// Fast hashers for behaviour tests (the fixtures also cover Django's real count).
    let fast = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000), PBKDF2PasswordHasher.sha1)

    /// The same password and salt hash to Django's bytes, so each side verifies the other's.
    @Test func hashesMatchDjango() async throws {
        #expect(fixtures["passwords"].count == 12)
        for entry in fixtures["passwords"] {
            let password = try #require(entry["password"]?.stringValue)
            let encoded = try #require(entry["encoded"]?.stringValue)
            let iterations = Int(try #require(entry["iterations"]?.intValue))
            let hasher =
                entry["algorithm"]?.stringValue == "pbkdf2_sha1"
                ? PBKDF2PasswordHasher.sha1 : PBKDF2PasswordHasher.sha256
            let configured = hasher.with(iterations: iterations)
            #expect(configured.encode(password, salt: try #require(entry["salt"]?.stringValue)) == encoded)
            if iterations == PBKDF2PasswordHasher.djangoIterations {
                // Django's own count: correct, and nothing to upgrade.
                #expect(
                    try await PasswordHashers.django.check(password, against: encoded)
                        == PasswordCheck(isCorrect: true, upgradedHash: nil))
            } else {
                let hashers = PasswordHashers(preferred: configured)
                #expect(try await hashers.check(password, against: encoded).isCorrect)
                #expect(try await !hashers.check(password + "x", against: encoded).isCorrect)
            }
        }
    }

    @Test func testSimple() async throws {
        let encoded = await fast.make("lètmein")
        #expect(encoded.hasPrefix("pbkdf2_sha256$1000$"))
        #expect(encoded.split(separator: "$")[2].count == 22)
        #expect(try await fast.check("lètmein", against: encoded).isCorrect)
        #expect(try await !fast.check("lètmeinz", against: encoded).isCorrect)
        // Blank passwords are passwords too.
        #expect(try await fast.check("", against: await fast.make("")).isCorrect)
    }

    @Test func testUnusable() async throws {
        let encoded = PasswordHashers.unusable()
        #expect(encoded.count == 41)
        #expect(!PasswordHashers.isUsable(encoded))
        #expect(try await !fast.check("", against: encoded).isCorrect)
        #expect(try await !fast.check(encoded, against: encoded).isCorrect)
        #expect(PasswordHashers.isUsable("pbkdf2_sha256$1000$salt$hash"))
    }

    /// Fewer iterations than the preferred hasher's, or another algorithm: the right password
    /// gives a new hash with the current settings; a wrong one gives none.
    @Test func testUpgrade() async throws {
        let old = PBKDF2PasswordHasher.sha256.with(iterations: 500).encode("letmein", salt: "seasalt22characterssalt")
        let check = try await fast.check("letmein", against: old)
        #expect(check.isCorrect)
        let upgraded = try #require(check.upgradedHash)
        #expect(upgraded.hasPrefix("pbkdf2_sha256$1000$"))
        #expect(try await fast.check("letmein", against: upgraded) == PasswordCheck(isCorrect: true, upgradedHash: nil))
        #expect(try await fast.check("wrong", against: old) == PasswordCheck(isCorrect: false, upgradedHash: nil))

        let sha1 = PBKDF2PasswordHasher.sha1.with(iterations: 1000).encode("letmein", salt: "seasalt22characterssalt")
        #expect(try await fast.check("letmein", against: sha1).upgradedHash?.hasPrefix("pbkdf2_sha256$") == true)
        // A short salt (less than 128 bits) is upgraded too.
        let short = PBKDF2PasswordHasher.sha256.with(iterations: 1000).encode("letmein", salt: "short")
        #expect(try await fast.check("letmein", against: short).upgradedHash != nil)
    }

    /// argon2, bcrypt, scrypt, md5: a clear error naming the algorithm and what to do.
    @Test func unsupportedAlgorithmsSaySo() async throws {
        let argon = "argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$7TAS2o1H+0LOyDnM6rHSwQ"
        await #expect {
            try await fast.check("x", against: argon)
        } throws: { error in
            "\(error)".contains("'argon2'") && "\(error)".contains("pbkdf2_sha256")
        }
        for encoded in ["bcrypt_sha256$$2b$12$abc", "scrypt$16384$salt$8$1$hash", "md5$salt$hash"] {
            await #expect(throws: PasswordHashError.self) { try await fast.check("x", against: encoded) }
        }
        await #expect(throws: PasswordHashError.self) { try await fast.check("x", against: "") }
        await #expect(throws: PasswordHashError.self) { try await fast.check("x", against: "plain") }
    }

    /// Hostile stored values: wrong fields, absurd iteration counts. Never a trap, never a match.
    @Test func malformedHashesNeverMatch() async throws {
        let hostile = [
            "pbkdf2_sha256$", "pbkdf2_sha256$$$", "pbkdf2_sha256$-5$salt$hash", "pbkdf2_sha256$0$salt$hash",
            "pbkdf2_sha256$99999999999999999999$salt$hash", "pbkdf2_sha256$1000000000$salt$hash",
            "pbkdf2_sha256$1000$salt", "pbkdf2_sha256$x$salt$hash",
        ]
        for encoded in hostile {
            #expect(try await !fast.check("", against: encoded).isCorrect, "\(encoded)")
        }
    }

    /// Hashing runs on threads of its own (NIO's thread pool, named `TP-#n`), never on the
    /// cooperative pool that runs every request's async code.
    @Test func hashingRunsOffTheCooperativePool() async throws {
        let thread = await PasswordHashers.offPool { Thread.current.name ?? "" }
        #expect(thread.hasPrefix("TP-#"))
    }
}
