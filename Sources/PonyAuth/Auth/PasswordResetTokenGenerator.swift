public import Foundation
internal import PonySupport

/// Django's `PasswordResetTokenGenerator`: one-use tokens for password reset links, valid for
/// `timeout` seconds (Django's `PASSWORD_RESET_TIMEOUT`, three days).
///
/// A token is `<timestamp in base 36>-<32 hex digits>`: every other digit of a salted HMAC of
/// the user's id, password hash, last login, the timestamp and email. Logging in or changing
/// the password changes the HMAC, so a used link stops working. Tokens match Django's for the
/// same secret key, so a Django project's links work in Pony and the other way round.
public struct PasswordResetTokenGenerator: Sendable {
    private static let keySalt = "django.contrib.auth.tokens.PasswordResetTokenGenerator"
    private let macs: [SaltedHMAC]
    /// How long a token is valid, in seconds.
    public let timeout: Int
    /// The time zone of Django's `datetime.now()` (its `TIME_ZONE`): timestamps count local
    /// seconds since 2001-01-01.
    public let timeZone: TimeZone

    /// A generator signing with `secretKey`, and accepting tokens signed with `fallbackKeys`
    /// (Django's `SECRET_KEY_FALLBACKS`).
    public init(
        secretKey: String, fallbackKeys: [String] = [], timeout: Int = 259_200,
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    ) {
        macs = ([secretKey] + fallbackKeys).map {
            SaltedHMAC(keySalt: Self.keySalt, secret: Array($0.utf8), algorithm: .sha256)
        }
        self.timeout = timeout
        self.timeZone = timeZone
    }

    /// A token for `user` (Django's `make_token`).
    public func makeToken(for user: User, at now: Date = Date()) -> String {
        makeToken(for: user, timestamp: seconds(now))
    }

    /// The token for `user` at `timestamp` (Django's `_make_token_with_timestamp`).
    func makeToken(for user: User, timestamp: Int) -> String { token(for: user, timestamp: timestamp, mac: macs[0]) }

    /// Whether `token` is a valid token for `user` that has not expired (Django's `check_token`).
    public func checkToken(_ token: String, for user: User, at now: Date = Date()) -> Bool {
        let pieces = token.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 2, let timestamp = Self.base36(pieces[0]) else { return false }
        guard macs.contains(where: { constantTimeEqual(self.token(for: user, timestamp: timestamp, mac: $0), token) })
        else { return false }
        return seconds(now) - timestamp <= timeout
    }

    private func token(for user: User, timestamp: Int, mac: SaltedHMAC) -> String {
        let lastLogin = user.lastLogin.map(Self.pythonDateTime) ?? ""
        let value = "\(user.id.map(String.init) ?? "None")\(user.password)\(lastLogin)\(timestamp)\(user.email)"
        let hex = Array(hexString(mac.code(for: value)))
        return Self.base36(timestamp) + "-" + String(stride(from: 0, to: hex.count, by: 2).map { hex[$0] })
    }

    /// Django's `_num_seconds(datetime.now())`: local wall-clock seconds since 2001-01-01.
    func seconds(_ date: Date) -> Int {
        let local = PythonDates.clamped(date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date)))
        // NB: clamped to Python's years, so the conversion cannot trap.
        return Int(local.rounded(.down)) - 978_307_200
    }

    /// `str(last_login.replace(microsecond=0, tzinfo=None))` of a UTC date: `2026-12-06 10:15:00`.
    static func pythonDateTime(_ date: Date) -> String {
        let fields = PythonDates.utcFields(date.timeIntervalSince1970)
        let year = String(repeating: "0", count: max(0, 4 - String(fields.year).count)) + String(fields.year)
        return
            "\(year)-\(PythonDates.UTCFields.two(fields.month))-\(PythonDates.UTCFields.two(fields.day)) \(fields.time)"
    }

    private static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// Django's `int_to_base36`.
    static func base36(_ value: Int) -> String {
        guard value > 0 else { return "0" }
        var value = value
        var output: [Character] = []
        while value > 0 {
            output.append(digits[value % 36])
            value /= 36
        }
        return String(output.reversed())
    }

    /// Django's `base36_to_int` (at most 13 digits), or `nil` for anything else, including
    /// values too large for `Int`.
    static func base36(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 13 else { return nil }
        var value = 0
        for character in text.lowercased() {
            guard let digit = digits.firstIndex(of: character) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 36)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
