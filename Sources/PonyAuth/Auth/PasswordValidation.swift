internal import Foundation
public import PonyORM
internal import PonyWeb

/// A rule a new password must pass (Django's password validators, `AUTH_PASSWORD_VALIDATORS`).
///
/// ``AuthSettings/passwordValidators`` lists the ones in force; the password change page, the
/// admin's user pages and `createsuperuser`/`changepassword` check new passwords with them
/// through ``validatePassword(_:user:validators:)``. Messages are Django's.
public protocol PasswordValidator: Sendable {
    /// Throws a ``ValidationError`` with the rule's message when `password` breaks it; `user`
    /// is the account the password is for, when known.
    func validate(_ password: String, user: User?) throws(ValidationError)
    /// What the rule asks, as a form's help text says it.
    var helpText: String { get }
}

extension Array where Element == any PasswordValidator {
    /// The validators of Django's `startproject` settings, but for `CommonPasswordValidator`,
    /// whose list of 20,000 passwords Pony does not ship (add a ``CommonPasswordValidator``
    /// with a list of your own).
    public static var django: [any PasswordValidator] {
        [UserAttributeSimilarityValidator(), MinimumLengthValidator(), NumericPasswordValidator()]
    }
}

/// Checks `password` with every validator (Django's `validate_password`): throws one
/// ``ValidationError`` holding each broken rule's message, in order.
public func validatePassword(_ password: String, user: User? = nil, validators: [any PasswordValidator])
    throws(ValidationError)
{
    var messages: [String] = []
    for validator in validators {
        do {
            try validator.validate(password, user: user)
        } catch {
            messages += error.messages
        }
    }
    guard messages.isEmpty else { throw ValidationError([ValidationError.nonField: messages]) }
}

/// At least `minimumLength` characters (Django's `MinimumLengthValidator`, 8 by default).
public struct MinimumLengthValidator: PasswordValidator {
    /// The fewest characters allowed.
    public let minimumLength: Int

    /// Requires `minimumLength` characters.
    public init(minimumLength: Int = 8) { self.minimumLength = minimumLength }

    /// Refuses a shorter password.
    public func validate(_ password: String, user: User?) throws(ValidationError) {
        // NB: Python's len() counts code points, not grapheme clusters.
        guard password.unicodeScalars.count < minimumLength else { return }
        throw ValidationError(
            "This password is too short. It must contain at least \(minimumLength) character\(minimumLength == 1 ? "" : "s")."
        )
    }

    /// "Your password must contain at least 8 characters."
    public var helpText: String {
        "Your password must contain at least \(minimumLength) character\(minimumLength == 1 ? "" : "s")."
    }
}

/// Not only digits (Django's `NumericPasswordValidator`).
public struct NumericPasswordValidator: PasswordValidator {
    /// The rule.
    public init() {}

    /// Refuses a password of digits only (any script's, as Python's `str.isdigit`).
    public func validate(_ password: String, user: User?) throws(ValidationError) {
        let isDigits =
            !password.isEmpty
            && password.unicodeScalars.allSatisfy {
                $0.properties.numericType == .decimal || $0.properties.numericType == .digit
            }
        if isDigits { throw ValidationError("This password is entirely numeric.") }
    }

    /// "Your password can’t be entirely numeric."
    public var helpText: String { "Your password can’t be entirely numeric." }
}

/// Not too like the user's name or e-mail address (Django's `UserAttributeSimilarityValidator`):
/// the password is compared, lower-cased, with each attribute and each of its words, by
/// Python's `SequenceMatcher.quick_ratio`, and refused at `maximumSimilarity` (0.7) or above.
public struct UserAttributeSimilarityValidator: PasswordValidator {
    /// The attributes compared, with the names the message uses (Django's verbose names).
    public let attributes: [(keyPath: any KeyPath<User, String> & Sendable, name: String)]
    /// The similarity (0.1 to 1) at which a password is refused.
    public let maximumSimilarity: Double

    /// Compares with `attributes` (by default Django's: user name, first and last name, e-mail
    /// address); `maximumSimilarity` below 0.1 is taken as 0.1, as Django refuses it.
    public init(
        attributes: [(keyPath: any KeyPath<User, String> & Sendable, name: String)] = [
            (\.username, "username"), (\.firstName, "first name"), (\.lastName, "last name"),
            (\.email, "email address"),
        ],
        maximumSimilarity: Double = 0.7
    ) {
        self.attributes = attributes
        self.maximumSimilarity = max(maximumSimilarity, 0.1)
    }

    /// Refuses a password too like one of the user's attributes.
    public func validate(_ password: String, user: User?) throws(ValidationError) {
        guard let user else { return }
        let password = Array(password.lowercased().unicodeScalars)
        for (keyPath, name) in attributes {
            let value = user[keyPath: keyPath].lowercased()
            guard !value.isEmpty else { continue }
            for part in Self.words(value) + [Array(value.unicodeScalars)] {
                if Self.exceedsMaximumLengthRatio(password.count, maximumSimilarity, part.count) { continue }
                if Self.quickRatio(password, part) >= maximumSimilarity {
                    throw ValidationError("The password is too similar to the \(name).")
                }
            }
        }
    }

    /// "Your password can’t be too similar to your other personal information."
    public var helpText: String { "Your password can’t be too similar to your other personal information." }

    /// Python's `re.split(r"\W+", value)`: the runs of word characters (letters, numbers and
    /// `_`, as Python's `\w`), with the empty strings a leading or trailing separator leaves.
    static func words(_ value: String) -> [[Unicode.Scalar]] {
        var parts: [[Unicode.Scalar]] = [[]]
        var inSeparator = false
        for scalar in value.unicodeScalars {
            let properties = scalar.properties
            let isWord: Bool
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: isWord = true
            default: isWord = scalar == "_" || properties.numericType != nil
            }
            if isWord {
                if inSeparator { parts.append([]) }
                inSeparator = false
                parts[parts.count - 1].append(scalar)
            } else {
                inSeparator = true
            }
        }
        if inSeparator { parts.append([]) }
        return parts
    }

    /// Django's shortcut: a value much shorter than the password cannot be similar enough.
    static func exceedsMaximumLengthRatio(_ passwordLength: Int, _ maximumSimilarity: Double, _ valueLength: Int)
        -> Bool
    {
        let bound = maximumSimilarity / 2 * Double(passwordLength)
        return passwordLength >= 10 * valueLength && Double(valueLength) < bound
    }

    /// `difflib.SequenceMatcher(a: a, b: b).quick_ratio()`: twice the size of the multiset
    /// intersection over the total length.
    static func quickRatio(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        guard a.count + b.count > 0 else { return 1 }
        var available: [Unicode.Scalar: Int] = [:]
        for scalar in b { available[scalar, default: 0] += 1 }
        var matches = 0
        for scalar in a {
            let left = available[scalar, default: 0]
            available[scalar] = left - 1
            if left > 0 { matches += 1 }
        }
        return 2 * Double(matches) / Double(a.count + b.count)
    }
}

/// Not in a list of common passwords (Django's `CommonPasswordValidator`), read from a file of
/// one lower-case password per line, plain or gzipped, such as the list Django ships
/// (`django/contrib/auth/common-passwords.txt.gz`), which Pony does not.
public struct CommonPasswordValidator: PasswordValidator {
    let passwords: Set<String>

    /// Reads the list at `path`; throws when it cannot be read.
    public init(passwordListPath path: String) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        if bytes.starts(with: [0x1F, 0x8B]) {
            guard let inflated = Gzip.decompress(bytes) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
            }
            bytes = inflated
        }
        passwords = Set(
            String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            })
    }

    /// Refuses a password in the list (compared lower-cased, without surrounding spaces).
    public func validate(_ password: String, user: User?) throws(ValidationError) {
        if passwords.contains(password.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)) {
            throw ValidationError("This password is too common.")
        }
    }

    /// "Your password can’t be a commonly used password."
    public var helpText: String { "Your password can’t be a commonly used password." }
}
