import Foundation
import PonySupport
import Testing

@testable import PonyAuth

/// The values Django 5.2 made in Fixtures/generate_django_fixtures.py (committed with it).
struct DjangoFixtures {
    let root: JSONValue

    static let shared: DjangoFixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/django_signing", withExtension: "json")
        let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data()
        return DjangoFixtures(root: (try? JSONValue(parsing: Array(data))) ?? .null)
    }()

    subscript(section: String) -> [JSONValue] {
        if case .array(let entries) = root[section] { return entries }
        return []
    }

    var now: Date { Date(timeIntervalSince1970: Double(root["now"]?.intValue ?? 0) + 0.75) }
}

@Suite struct SigningTests {
    let fixtures = DjangoFixtures.shared

    @Test func fixturesAreFromDjango52() {
        #expect(fixtures.root["django"]?.stringValue?.hasPrefix("5.2") == true)
        #expect(fixtures["dumps"].count == 28)
    }

    /// Django's `Signer.sign` for each algorithm and salt: Pony signs to the same bytes and
    /// reads Django's values.
    @Test func signerMatchesDjango() throws {
        for entry in fixtures["signer"] {
            let value = try #require(entry["value"]?.stringValue)
            let algorithm = try #require(entry["algorithm"]?.stringValue.flatMap(HashAlgorithm.init(rawValue:)))
            let signer = Signer(
                key: try #require(entry["key"]?.stringValue), salt: try #require(entry["salt"]?.stringValue),
                algorithm: algorithm)
            let signed = try #require(entry["signed"]?.stringValue)
            #expect(signer.sign(value) == signed)
            #expect(try signer.unsign(signed) == value)
        }
    }

    @Test func timestampSignerMatchesDjango() throws {
        for entry in fixtures["timestamp"] {
            let signer = TimestampSigner(key: "key-one")
            let signed = try #require(entry["signed"]?.stringValue)
            #expect(signer.sign(try #require(entry["value"]?.stringValue), at: fixtures.now) == signed)
            #expect(try signer.unsign(signed, maxAge: 10, now: fixtures.now) == entry["value"]?.stringValue)
        }
    }

    /// `signing.dumps` with and without compression, for strings, numbers, nested objects
    /// (keys in Django's order) and a session-shaped dictionary.
    @Test func dumpsMatchesDjango() throws {
        for entry in fixtures["dumps"] {
            let value = try #require(entry["value"])
            let signed = try #require(entry["signed"]?.stringValue)
            let compress = entry["compress"]?.boolValue == true
            #expect(Signing.dumps(value, key: "key-one", compress: compress, at: fixtures.now) == signed)
            #expect(try Signing.loads(signed, key: "key-one") == value)
        }
    }

    @Test func compressionIsUsedOnlyWhenItSaves() throws {
        let long = Signing.dumps(.array((1...19).map { .int($0) }), key: "k", compress: true)
        #expect(long.hasPrefix("."))
        #expect(!Signing.dumps("hello", key: "k", compress: true).hasPrefix("."))
    }

    @Test func cookieSignerMatchesDjango() throws {
        for entry in fixtures["cookies"] {
            let signer = Signing.cookieSigner(
                secretKey: try #require(entry["secret"]?.stringValue),
                cookieName: try #require(entry["name"]?.stringValue), salt: try #require(entry["salt"]?.stringValue))
            let signed = try #require(entry["signed"]?.stringValue)
            #expect(signer.sign(try #require(entry["value"]?.stringValue), at: fixtures.now) == signed)
            #expect(try signer.unsign(signed) == entry["value"]?.stringValue)
            // Another cookie name is another salt.
            let other = Signing.cookieSigner(secretKey: "django-insecure-fixture-key", cookieName: "other")
            #expect(throws: SignatureError.self) { try other.unsign(signed) }
        }
    }

    /// `SessionStore.encode`: Django's session_data column.
    @Test func sessionDataMatchesDjango() throws {
        for entry in fixtures["sessions"] {
            let data = try #require(entry["data"]?.stringValue)
            let secret = try #require(entry["secret"]?.stringValue)
            let salt = try #require(entry["salt"]?.stringValue)
            let value = try #require(entry["value"])
            #expect(Signing.dumps(value, key: secret, salt: salt, compress: true, at: fixtures.now) == data)
            #expect(try Signing.loads(data, key: secret, salt: salt) == value)
        }
    }

    /// Django's `SECRET_KEY_FALLBACKS`: a value signed with an old key still loads.
    @Test func fallbackKeysVerify() throws {
        let signed = try #require(fixtures.root["fallback"]?.stringValue)
        #expect(throws: SignatureError.self) { try Signing.loads(signed, key: "new-key") }
        #expect(try Signing.loads(signed, key: "new-key", fallbackKeys: ["old-key-1"]) == ["a": 1])
    }

    // MARK: - Django's signing tests (tests/signing/tests.py)

    @Test func testSignUnsign() throws {
        let signer = Signer(key: "predictable-secret")
        for example in ["q;wjmbk;wkmb", "3098247529087", "jkw osanteuh ,rcuh nthu aou oauh ,ud du", "\u{2019}"] {
            let signed = signer.sign(example)
            #expect(signed != example)
            #expect(try signer.unsign(signed) == example)
        }
    }

    @Test func testUnsignDetectsTampering() {
        let signer = Signer(key: "predictable-secret")
        let signed = signer.sign("Another string")
        let transforms: [(String) -> String] = [
            { $0.uppercased() }, { $0 + "a" }, { "a" + String($0.dropFirst()) },
            { $0.replacingOccurrences(of: ":", with: "") },
        ]
        for transform in transforms {
            #expect(throws: SignatureError.self) { try signer.unsign(transform(signed)) }
        }
    }

    @Test func testTimestampSignerMaxAge() throws {
        let signer = TimestampSigner(key: "predictable-key")
        let start = Date(timeIntervalSince1970: 123_456_789)
        let signed = signer.sign("hello", at: start)
        #expect(try signer.unsign(signed, maxAge: 12, now: start.addingTimeInterval(10)) == "hello")
        #expect(throws: SignatureError.expired(age: 20, maxAge: 11)) {
            try signer.unsign(signed, maxAge: 11, now: start.addingTimeInterval(20))
        }
    }

    @Test func testB62() {
        for number in [-Int64.max, -1_000_000, -1, 0, 1, 1_000_000, Int64.max] {
            #expect(Base62.decode(Base62.encode(number)) == number)
        }
        #expect(Base62.encode(1_764_716_400) == "1vQZLk")
    }

    /// Hostile signed values: garbage, a huge timestamp, a valid signature over a payload that
    /// is not base64, zlib or JSON. Each is a `SignatureError`, never a trap.
    @Test func hostileValuesAreRefused() throws {
        let signer = Signer(key: "k", salt: "django.core.signing")
        for bad in ["", ":", "::::", "no-separator", String(repeating: ":", count: 10_000), "\u{0}:\u{0}", "é:é"] {
            #expect(throws: SignatureError.self) { try Signing.loads(bad, key: "k") }
        }
        // Correctly signed, but the timestamp overflows 64 bits or is not base 62.
        for stamp in ["zzzzzzzzzzzzzzzzzzzz", "!!", ""] {
            #expect(throws: SignatureError.self) { try Signing.loads(signer.sign("eyJhIjoxfQ:" + stamp), key: "k") }
        }
        let stamp = Base62.encode(Int64(Date().timeIntervalSince1970))
        for payload in ["not base64!", ".bm90IHpsaWI", "bm90IGpzb24", ".", "e" + String(repeating: "W", count: 4097)] {
            #expect(throws: SignatureError.self) { try Signing.loads(signer.sign(payload + ":" + stamp), key: "k") }
        }
    }

    @Test func zlibRoundTripsAndRefusesBombs() throws {
        let text = Array(String(repeating: "pony ", count: 10_000).utf8)
        let compressed = try #require(Zlib.compress(text))
        #expect(compressed.count < 200)
        #expect(Zlib.decompress(compressed, limit: 1 << 20) == text)
        #expect(Zlib.decompress(compressed, limit: 1000) == nil)
        #expect(Zlib.decompress(Array(compressed.dropLast(3)), limit: 1 << 20) == nil)
    }
}
