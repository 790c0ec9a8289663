public import Foundation
public import PonySupport

/// Why a signed value was refused.
public enum SignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value was not signed with any of the keys, was changed, or is malformed (Django's
    /// `BadSignature`).
    case badSignature(String)
    /// The signature is good but older than the age allowed (Django's `SignatureExpired`).
    case expired(age: Double, maxAge: Double)

    /// A readable description.
    public var description: String {
        switch self {
        case .badSignature(let reason): reason
        case .expired(let age, let maxAge): "Signature age \(age) > \(maxAge) seconds"
        }
    }
}

/// Signs strings so that changes are detected, byte for byte as Django's `signing.Signer`.
///
/// ```swift
/// let signer = Signer(key: settings.secretKey)
/// let value = signer.sign("hello")          // "hello:<signature>"
/// try signer.unsign(value)                  // "hello"
/// ```
///
/// The signature is `base64url(HMAC(hash(salt + "signer" + key), value))`. Values signed with
/// a key in `fallbackKeys` are accepted too (Django's `SECRET_KEY_FALLBACKS`, for rotating the
/// secret); new signatures always use `key`.
public struct Signer: Sendable {
    /// The namespace of the signatures; values signed under one salt do not verify under another.
    public let salt: String
    /// The hash function of the HMAC.
    public let algorithm: HashAlgorithm
    private let macs: [SaltedHMAC]
    static let separator: Character = ":"

    /// A signer with Django's defaults (salt `django.core.signing.Signer`, SHA-256).
    public init(
        key: String, fallbackKeys: [String] = [], salt: String = "django.core.signing.Signer",
        algorithm: HashAlgorithm = .sha256
    ) {
        self.init(keys: ([key] + fallbackKeys).map { Array($0.utf8) }, salt: salt, algorithm: algorithm)
    }

    init(keys: [[UInt8]], salt: String, algorithm: HashAlgorithm) {
        self.salt = salt
        self.algorithm = algorithm
        macs = keys.map { SaltedHMAC(keySalt: salt + "signer", secret: $0, algorithm: algorithm) }
    }

    /// `value:signature`.
    public func sign(_ value: String) -> String {
        "\(value)\(Signer.separator)\(Base64URL.encode(macs[0].code(for: value)))"
    }

    /// The value of a string made by ``sign(_:)`` with this signer's salt and one of its keys.
    public func unsign(_ signedValue: String) throws(SignatureError) -> String {
        guard let cut = signedValue.lastIndex(of: Signer.separator) else {
            throw .badSignature("No \"\(Signer.separator)\" found in value")
        }
        let value = signedValue[..<cut]
        let signature = signedValue[signedValue.index(after: cut)...]
        for mac in macs where constantTimeEqual(signature, Base64URL.encode(mac.code(for: value))) {
            return String(value)
        }
        throw .badSignature("Signature \"\(signature)\" does not match")
    }

    /// Signs a JSON value (Django's `sign_object`): its Python-style JSON, zlib-compressed
    /// when `compress` is set and that saves space (marked by a leading `.`), in base64url.
    public func sign(object: JSONValue, compress: Bool = false) -> String {
        sign(Signer.encode(object, compress: compress))
    }

    /// The JSON value of a string made by ``sign(object:compress:)``.
    public func unsignObject(_ signedValue: String) throws(SignatureError) -> JSONValue {
        try Signer.decode(try unsign(signedValue))
    }

    static func encode(_ object: JSONValue, compress: Bool) -> String {
        var data = object.pythonJSONBytes()
        var compressed = false
        if compress, let smaller = Zlib.compress(data), smaller.count < data.count - 1 {
            data = smaller
            compressed = true
        }
        return (compressed ? "." : "") + Base64URL.encode(data)
    }

    /// The largest decompressed payload accepted (signed data is trusted, but a stolen key
    /// must not turn into a memory exhaustion).
    static let maximumPayload = 16 * 1024 * 1024

    static func decode(_ payload: String) throws(SignatureError) -> JSONValue {
        let compressed = payload.hasPrefix(".")
        guard var data = Base64URL.decode(compressed ? payload.dropFirst() : Substring(payload)) else {
            throw .badSignature("The signed payload is not base64")
        }
        if compressed {
            guard let inflated = Zlib.decompress(data, limit: maximumPayload) else {
                throw .badSignature("The signed payload does not decompress")
            }
            data = inflated
        }
        // NB: Django's JSONSerializer reads the bytes as Latin-1 (it writes ASCII only).
        var text = String.UnicodeScalarView()
        for byte in data { text.append(Unicode.Scalar(byte)) }
        do {
            return try JSONValue(parsing: String(text))
        } catch {
            throw .badSignature("The signed payload is not JSON: \(error)")
        }
    }
}

/// A ``Signer`` that adds the time of signing, so that old values can be refused (Django's
/// `signing.TimestampSigner`): `value:timestamp:signature`, the timestamp in base 62.
public struct TimestampSigner: Sendable {
    let signer: Signer

    /// A signer with Django's defaults (salt `django.core.signing.TimestampSigner`, SHA-256).
    public init(
        key: String, fallbackKeys: [String] = [], salt: String = "django.core.signing.TimestampSigner",
        algorithm: HashAlgorithm = .sha256
    ) {
        signer = Signer(key: key, fallbackKeys: fallbackKeys, salt: salt, algorithm: algorithm)
    }

    init(signer: Signer) { self.signer = signer }

    /// `value:timestamp:signature`, stamped with `date` (now by default).
    public func sign(_ value: String, at date: Date = Date()) -> String {
        let seconds = Int64(exactly: date.timeIntervalSince1970.rounded(.down)) ?? 0
        return signer.sign("\(value)\(Signer.separator)\(Base62.encode(seconds))")
    }

    /// The value of a string made by ``sign(_:at:)``, refused when it is older than `maxAge`
    /// seconds at `now`.
    public func unsign(_ signedValue: String, maxAge: Double? = nil, now: Date = Date()) throws(SignatureError)
        -> String
    {
        let stamped = try signer.unsign(signedValue)
        guard let cut = stamped.lastIndex(of: Signer.separator),
            let timestamp = Base62.decode(stamped[stamped.index(after: cut)...])
        else { throw .badSignature("The signed value has no timestamp") }
        if let maxAge {
            let age = now.timeIntervalSince1970 - Double(timestamp)
            if age > maxAge { throw .expired(age: age, maxAge: maxAge) }
        }
        return String(stamped[..<cut])
    }

    /// Signs a JSON value with a timestamp; see ``Signer/sign(object:compress:)``.
    public func sign(object: JSONValue, compress: Bool = false, at date: Date = Date()) -> String {
        sign(Signer.encode(object, compress: compress), at: date)
    }

    /// The JSON value of a string made by ``sign(object:compress:at:)``.
    public func unsignObject(_ signedValue: String, maxAge: Double? = nil, now: Date = Date())
        throws(SignatureError) -> JSONValue
    {
        try Signer.decode(try unsign(signedValue, maxAge: maxAge, now: now))
    }
}

/// Django's `signing.dumps` and `signing.loads`: JSON values signed with a timestamp, for
/// tokens in URLs and cookies.
public enum Signing {
    /// Django's default salt for `dumps`/`loads`.
    public static let defaultSalt = "django.core.signing"

    /// A URL-safe signed string of `object` (Django's `signing.dumps`).
    public static func dumps(
        _ object: JSONValue, key: String, salt: String = defaultSalt, compress: Bool = false, at date: Date = Date()
    ) -> String {
        TimestampSigner(key: key, salt: salt).sign(object: object, compress: compress, at: date)
    }

    /// The value of a string made by ``dumps(_:key:salt:compress:at:)`` (Django's `signing.loads`).
    public static func loads(
        _ signed: String, key: String, fallbackKeys: [String] = [], salt: String = defaultSalt,
        maxAge: Double? = nil, now: Date = Date()
    ) throws(SignatureError) -> JSONValue {
        try TimestampSigner(key: key, fallbackKeys: fallbackKeys, salt: salt)
            .unsignObject(signed, maxAge: maxAge, now: now)
    }

    /// Django's `get_cookie_signer(salt)`: a ``TimestampSigner`` keyed by
    /// `"django.http.cookies" + secretKey` with `rawSalt` as it is (the messages cookie uses it).
    public static func cookieSigner(secretKey: String, fallbackKeys: [String] = [], rawSalt: String) -> TimestampSigner
    {
        let keys = ([secretKey] + fallbackKeys).map { Array("django.http.cookies\($0)".utf8) }
        return TimestampSigner(signer: Signer(keys: keys, salt: rawSalt, algorithm: .sha256))
    }

    /// The signer of signed cookies (Django's `set_signed_cookie`/`get_signed_cookie`): a
    /// ``TimestampSigner`` keyed by `"django.http.cookies" + secretKey`, salted per cookie name.
    public static func cookieSigner(
        secretKey: String, fallbackKeys: [String] = [], cookieName: String, salt: String = ""
    ) -> TimestampSigner {
        cookieSigner(
            secretKey: secretKey, fallbackKeys: fallbackKeys,
            rawSalt: "django.http.cookies.v2:\(salt.count):\(salt)\(cookieName)")
    }
}
