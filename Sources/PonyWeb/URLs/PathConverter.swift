/// Turns a captured piece of a URL into a parameter and back, like Django's path converters.
///
/// Built in: `int`, `str`, `slug`, `uuid` and `path`. Register your own with a regular
/// expression, then use it in patterns:
///
/// ```swift
/// app.converter(PathConverter(name: "year", regex: "[0-9]{4}"))
/// app.get("archive/<year:y>/") { request in ... }
/// ```
public struct PathConverter: Sendable {
    /// The name used in patterns (`<name:parameter>`).
    public let name: String
    /// The regular expression a value must match, without anchors or groups.
    public let regex: String
    /// The fast matcher for built-in converters (no regex needed).
    let characterClass: CharacterClass?

    /// Creates a custom converter matching `regex`, for example `"[0-9]{4}"`.
    public init(name: String, regex: String) {
        self.name = name
        self.regex = regex
        self.characterClass = nil
    }

    init(name: String, regex: String, characterClass: CharacterClass) {
        self.name = name
        self.regex = regex
        self.characterClass = characterClass
    }

    /// `[0-9]+`, converted with ``Request/parameter(_:as:)`` to `Int`.
    public static let int = PathConverter(name: "int", regex: "[0-9]+", characterClass: .digits)
    /// Any non-empty text without "/" (the default when no converter is named).
    public static let str = PathConverter(name: "str", regex: "[^/]+", characterClass: .notSlash)
    /// ASCII letters, digits, hyphens and underscores.
    public static let slug = PathConverter(name: "slug", regex: "[-a-zA-Z0-9_]+", characterClass: .slug)
    /// A lower-case UUID such as `075194d3-6885-417e-a8a8-6c931e272f00`.
    public static let uuid = PathConverter(
        name: "uuid",
        regex: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        characterClass: .uuid
    )
    /// Any non-empty text, "/" included (the rest of a path).
    public static let path = PathConverter(name: "path", regex: ".+", characterClass: .any)

    /// The converters every site knows.
    public static let builtIn: [String: PathConverter] = [
        "int": .int, "str": .str, "slug": .slug, "uuid": .uuid, "path": .path,
    ]

    /// Character classes the fast matcher handles without a regex.
    enum CharacterClass: Sendable {
        case digits, notSlash, slug, uuid, any

        func allows(_ byte: UInt8) -> Bool {
            switch self {
            case .digits: byte >= 0x30 && byte <= 0x39
            case .notSlash: byte != 0x2F
            case .slug:
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            case .uuid: (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || byte == 0x2D
            case .any: true
            }
        }

        /// Whether a whole value belongs to the class (used by `reverse`).
        func matches(_ value: some Collection<UInt8>) -> Bool {
            guard !value.isEmpty, value.allSatisfy(allows) else { return false }
            guard self == .uuid else { return true }
            let dashes = [8, 13, 18, 23]
            return value.count == 36
                && value.enumerated().allSatisfy { offset, byte in dashes.contains(offset) == (byte == 0x2D) }
        }
    }
}
