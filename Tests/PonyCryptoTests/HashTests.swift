import Foundation
import Testing

@testable import PonyCrypto

/// Digests, HMACs and PBKDF2 keys against Python's `hashlib` and `hmac` (OpenSSL):
/// `Fixtures/hashes.json`, written by `Fixtures/generate_hashes.py`.
@Suite struct HashTests {
    struct Digest: Decodable { let algorithm: String, length: Int, hex: String }
    struct Code: Decodable { let algorithm: String, keyLength: Int, length: Int, hex: String }
    struct Key: Decodable { let algorithm, password, salt: String, iterations, length: Int, hex: String }
    struct Fixtures: Decodable { let digests: [Digest], hmacs: [Code], pbkdf2: [Key] }

    static let fixtures: Fixtures? = {
        guard let url = Bundle.module.url(forResource: "hashes", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixtures.self, from: data)
    }()

    /// The generator's `message(length, seed)`.
    static func message(_ length: Int, seed: Int = 0) -> [UInt8] {
        (0..<length).map { UInt8((($0 * 7) + seed * 13 + 3) % 256) }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// One hash, chosen by `hashlib`'s name, fed in pieces of `chunk` bytes.
    static func digest(_ algorithm: String, _ bytes: [UInt8], chunk: Int) -> [UInt8]? {
        func run<H: HashFunction>(_: H.Type) -> [UInt8] {
            var hasher = Digester<H>()
            var start = 0
            while start < bytes.count {
                hasher.update(bytes[start..<min(bytes.count, start + chunk)])
                start += chunk
            }
            return hasher.finalize()
        }
        switch algorithm {
        case "md5": return run(MD5.self)
        case "sha1": return run(SHA1.self)
        case "sha256": return run(SHA256.self)
        case "sha512": return run(SHA512.self)
        default: return nil
        }
    }

    @Test func digestsMatchHashlib() throws {
        let digests = try #require(Self.fixtures).digests
        #expect(digests.count == 72)
        for entry in digests {
            let bytes = Self.message(entry.length)
            // Whole, byte by byte, and in pieces that straddle block boundaries.
            for chunk in [max(1, bytes.count), 1, 7, 64, 100] {
                let digest = try #require(Self.digest(entry.algorithm, bytes, chunk: chunk))
                #expect(
                    Self.hex(digest) == entry.hex, "\(entry.algorithm) of \(entry.length) bytes in pieces of \(chunk)")
            }
        }
    }

    @Test func hmacsMatchPython() throws {
        let codes = try #require(Self.fixtures).hmacs
        #expect(codes.count == 160)
        for entry in codes {
            let key = Self.message(entry.keyLength, seed: 1)
            let message = Self.message(entry.length)
            let code: [UInt8] =
                switch entry.algorithm {
                case "md5": HMAC<MD5>.code(for: message, key: key)
                case "sha1": HMAC<SHA1>.code(for: message, key: key)
                case "sha256": HMAC<SHA256>.code(for: message, key: key)
                default: HMAC<SHA512>.code(for: message, key: key)
                }
            #expect(
                Self.hex(code) == entry.hex, "\(entry.algorithm), \(entry.keyLength)-byte key, \(entry.length) bytes")
        }
    }

    @Test func pbkdf2MatchesHashlib() throws {
        let keys = try #require(Self.fixtures).pbkdf2
        #expect(keys.count == 30)
        for entry in keys {
            let password = Array(entry.password.utf8)
            let salt = Array(entry.salt.utf8)
            let key: [UInt8] =
                switch entry.algorithm {
                case "sha1":
                    PBKDF2.deriveKey(
                        SHA1.self, password: password, salt: salt, iterations: entry.iterations, length: entry.length)
                case "sha256":
                    PBKDF2.deriveKey(
                        SHA256.self, password: password, salt: salt, iterations: entry.iterations, length: entry.length)
                default:
                    PBKDF2.deriveKey(
                        SHA512.self, password: password, salt: salt, iterations: entry.iterations, length: entry.length)
                }
            #expect(
                Self.hex(key) == entry.hex, "\(entry.algorithm), \(entry.iterations) iterations, \(entry.length) bytes")
        }
    }

    /// SHA-256 always in Swift, the way CPUs without the SHA extensions run it.
    struct SwiftSHA256: HashFunction {
        static let blockSize = 64
        static let digestSize = 32
        static let bigEndianLength = true
        var base = SHA256()
        mutating func compress(_ block: UnsafeRawPointer) { base.compressInSwift(block) }
        func write(to digest: UnsafeMutableRawPointer) { base.write(to: digest) }
    }

    /// The Swift SHA-256 matches `hashlib` too (on this machine the fixtures above may have
    /// run on the CPU's SHA extensions).
    @Test func swiftSHA256MatchesHashlib() throws {
        let fixtures = try #require(Self.fixtures)
        for entry in fixtures.digests where entry.algorithm == "sha256" {
            #expect(Self.hex(Digester<SwiftSHA256>.hash(Self.message(entry.length))) == entry.hex)
        }
        for entry in fixtures.pbkdf2 where entry.algorithm == "sha256" {
            let key = PBKDF2.deriveKey(
                SwiftSHA256.self, password: Array(entry.password.utf8), salt: Array(entry.salt.utf8),
                iterations: entry.iterations, length: entry.length)
            #expect(Self.hex(key) == entry.hex)
        }
    }

    /// A hasher or HMAC copied midway goes on from where the copy was made, and a finished
    /// hasher starts again from an empty message.
    @Test func copiesAreIndependent() {
        var first = Digester<SHA256>()
        first.update(Array("hello ".utf8))
        var second = first
        first.update(Array("world".utf8))
        second.update(Array("there".utf8))
        #expect(Self.hex(first.finalize()) == Self.hex(Digester<SHA256>.hash(Array("hello world".utf8))))
        #expect(Self.hex(second.finalize()) == Self.hex(Digester<SHA256>.hash(Array("hello there".utf8))))
        #expect(Self.hex(first.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Odd requests don't trap: no key, no iterations, a sequence that is not contiguous.
    @Test func edgeCases() {
        #expect(PBKDF2.deriveKey(SHA256.self, password: [UInt8](), salt: [UInt8](), iterations: 1, length: 0).isEmpty)
        #expect(PBKDF2.deriveKey(SHA256.self, password: [UInt8](), salt: [UInt8](), iterations: 1, length: -5).isEmpty)
        #expect(
            PBKDF2.deriveKey(SHA1.self, password: Array("password".utf8), salt: Array("salt".utf8), iterations: 0)
                == PBKDF2.deriveKey(
                    SHA1.self, password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1))
        var hasher = Digester<MD5>()
        hasher.update("abc".utf8.lazy.map { $0 })
        #expect(Self.hex(hasher.finalize()) == "900150983cd24fb0d6963f7d28e17f72")
    }
}
