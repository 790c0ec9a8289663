/// Django's CSRF secrets and masked tokens (`django.middleware.csrf`): a 32-character secret
/// of letters and digits in the cookie, and per-render tokens of 64 characters, a random mask
/// followed by the secret shifted by it, so the token differs on every page (no BREACH).
enum CSRFToken {
    static let allowed = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let secretLength = 32
    static let tokenLength = 64
    private static let indexes: [UInt8: Int] = {
        var table: [UInt8: Int] = [:]
        for (index, character) in allowed.enumerated() { table[character.asciiValue ?? 0] = index }
        return table
    }()

    /// A new random secret (`_get_new_csrf_string`).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<secretLength).map { _ in allowed[Int(generator.next(upperBound: UInt64(allowed.count)))] })
    }

    /// `mask + (secret shifted by mask)` (`_mask_cipher_secret`); `mask` is random unless given.
    static func mask(_ secret: String, with mask: String = newSecret()) -> String {
        let cipher = zip(secret.utf8, mask.utf8).map { pair -> Character in
            allowed[((indexes[pair.0] ?? 0) + (indexes[pair.1] ?? 0)) % allowed.count]
        }
        return mask + String(cipher)
    }

    /// The secret inside a masked token (`_unmask_cipher_token`); the token must be well formed.
    static func unmask(_ token: String) -> String {
        let bytes = Array(token.utf8)
        let mask = bytes[..<secretLength]
        let cipher = bytes[secretLength...]
        return String(
            zip(cipher, mask).map { pair -> Character in
                allowed[((indexes[pair.0] ?? 0) - (indexes[pair.1] ?? 0) + allowed.count) % allowed.count]
            })
    }

    /// Why a token is malformed (`_check_token_format`), or `nil` when it is 32 or 64 letters
    /// and digits.
    static func formatProblem(_ token: String) -> String? {
        let bytes = Array(token.utf8)
        guard bytes.count == secretLength || bytes.count == tokenLength else { return "has incorrect length" }
        guard bytes.allSatisfy({ indexes[$0] != nil }) else { return "has invalid characters" }
        return nil
    }

    /// Whether a well-formed token (masked or not) carries `secret` (`_does_token_match`),
    /// compared in constant time.
    static func matches(_ token: String, secret: String) -> Bool {
        let candidate = token.utf8.count == tokenLength ? unmask(token) : token
        return constantTimeEqual(candidate, secret)
    }
}
