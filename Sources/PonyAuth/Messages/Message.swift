internal import PonySupport
public import PonyTemplates

/// How important a message is (Django's `messages.INFO` & co.): a number, so apps can add
/// their own levels between Django's.
public struct MessageLevel: RawRepresentable, Hashable, Sendable, Comparable {
    /// The number (Django's values: 10, 20, 25, 30, 40).
    public let rawValue: Int

    /// A level.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `DEBUG` (10): not recorded unless the level is lowered.
    public static let debug = MessageLevel(rawValue: 10)
    /// `INFO` (20), the lowest level recorded by default.
    public static let info = MessageLevel(rawValue: 20)
    /// `SUCCESS` (25).
    public static let success = MessageLevel(rawValue: 25)
    /// `WARNING` (30).
    public static let warning = MessageLevel(rawValue: 30)
    /// `ERROR` (40).
    public static let error = MessageLevel(rawValue: 40)

    /// Django's `DEFAULT_TAGS`: `"success"`, `"error"`, …; "" for other levels.
    public var tag: String {
        switch rawValue {
        case 10: "debug"
        case 20: "info"
        case 25: "success"
        case 30: "warning"
        case 40: "error"
        default: ""
        }
    }

    /// By number.
    public static func < (lhs: MessageLevel, rhs: MessageLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A one-time message for the next page the user sees (Django's `Message`).
public struct Message: Sendable, Equatable, TemplateObject {
    /// The level.
    public let level: MessageLevel
    /// The text.
    public let message: String
    /// Tags given when the message was added (`"sticky"`).
    public let extraTags: String
    /// Whether the text is HTML that must not be escaped (Django's `mark_safe`).
    public let isSafe: Bool

    /// A message.
    public init(level: MessageLevel, message: String, extraTags: String = "", isSafe: Bool = false) {
        self.level = level
        self.message = message
        self.extraTags = extraTags
        self.isSafe = isSafe
    }

    /// The extra tags and the level's tag (`"sticky success"`), for CSS classes.
    public var tags: String { [extraTags, level.tag].filter { !$0.isEmpty }.joined(separator: " ") }

    /// `{{ message }}` prints the text; `.tags`, `.level`, `.level_tag`, `.extra_tags`.
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "message": isSafe ? .safe(message) : .string(message)
        case "tags": .string(tags)
        case "level": .int(level.rawValue)
        case "level_tag": .string(level.tag)
        case "extra_tags": .string(extraTags)
        default: nil
        }
    }

    /// The text.
    public var text: String { message }

    /// Django's stored form: `["__json_message", safe, level, text, extra_tags]`.
    var json: JSONValue {
        ["__json_message", .int(isSafe ? 1 : 0), .int(Int64(level.rawValue)), .string(message), .string(extraTags)]
    }

    /// A message from its stored form, or `nil` for anything else.
    init?(json: JSONValue) {
        guard case .array(let parts) = json, parts.count >= 4, parts[0] == "__json_message",
            let safe = parts[1].intValue, let level = parts[2].intValue, let text = parts[3].stringValue,
            let levelValue = Int(exactly: level)
        else { return nil }
        self.init(
            level: MessageLevel(rawValue: levelValue), message: text,
            extraTags: parts.count > 4 ? parts[4].stringValue ?? "" : "", isSafe: safe != 0)
    }
}
