internal import PonyCrypto

/// A hash function for HMACs and password hashes, by Django's `hashlib` name.
@frozen
public enum HashAlgorithm: String, Sendable, CaseIterable {
    /// SHA-1: Django's signing before 3.1 and `salted_hmac`'s default; kept for old values.
    case sha1
    /// SHA-256: Django's signing default since 3.1.
    case sha256
    /// SHA-512.
    case sha512

    /// `hashlib.new(name, data).digest()`.
    func digest(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Digester<SHA1>.hash(data)
        case .sha256: Digester<SHA256>.hash(data)
        case .sha512: Digester<SHA512>.hash(data)
        }
    }

    /// The HMAC of `message` under `key`.
    func hmac(_ message: some StringProtocol, key: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: HMAC<SHA1>.code(for: message.utf8, key: key)
        case .sha256: HMAC<SHA256>.code(for: message.utf8, key: key)
        case .sha512: HMAC<SHA512>.code(for: message.utf8, key: key)
        }
    }
}

/// Django's `salted_hmac`: an HMAC keyed by `hash(keySalt + secret)`, so that each use of the
/// secret (sessions, cookies, tokens) has a key of its own.
struct SaltedHMAC: Sendable {
    let algorithm: HashAlgorithm
    private let key: [UInt8]

    init(keySalt: String, secret: [UInt8], algorithm: HashAlgorithm) {
        self.algorithm = algorithm
        key = algorithm.digest(Array(keySalt.utf8) + secret)
    }

    func code(for value: some StringProtocol) -> [UInt8] { algorithm.hmac(value, key: key) }
}

/// URL-safe base64 without padding (Django's `signing.b64_encode`/`b64_decode`).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int(chunk >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            for shift in [18, 12, 6].prefix(rest + 1) { output.append(alphabet[Int(chunk >> UInt32(shift) & 63)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of `text`, or `nil` if it is not URL-safe base64 (padding is optional, as
    /// Django adds it back before decoding).
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var bits: UInt32 = 0
        var count = 0
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = values[Int(byte)]
            guard value >= 0, padding == 0 else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                output.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
            }
        }
        // One leftover character (6 bits) cannot encode a byte.
        guard count < 6 else { return nil }
        return output
    }
}

/// Django's base 62 for timestamps (`signing.b62_encode`/`b62_decode`).
enum Base62 {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func encode(_ number: Int64) -> String {
        if number == 0 { return "0" }
        var magnitude = number.magnitude
        var digits: [Character] = []
        while magnitude > 0 {
            digits.append(alphabet[Int(magnitude % 62)])
            magnitude /= 62
        }
        return (number < 0 ? "-" : "") + String(digits.reversed())
    }

    /// The number, or `nil` for a character outside the alphabet or a value beyond 64 bits.
    static func decode(_ text: some StringProtocol) -> Int64? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for character in digits {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 62)
            let (sum, carry) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}

/// Compares two strings in time that depends only on their lengths, not on where they differ
/// (Django's `constant_time_compare`).
func constantTimeEqual(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0
}
