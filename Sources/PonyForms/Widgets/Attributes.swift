internal import PonySupport

/// An HTML attribute's value: text (`maxlength="100"`), or a flag that is written bare when
/// `true` (`required`) and left out when `false`.
public enum AttributeValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral
{
    /// `name="text"`, escaped.
    case text(String)
    /// `name` when true, nothing when false.
    case flag(Bool)

    /// A text value.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A flag.
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    /// A number, written as text.
    public init(integerLiteral value: Int) { self = .text(String(value)) }
}

/// HTML attributes in order, as a Python dict keeps them: setting a name already present
/// keeps its place, a new one goes last (so Pony writes attributes in Django's order).
public struct Attributes: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The attributes in order.
    public private(set) var items: [(name: String, value: AttributeValue)] = []

    /// No attributes.
    public init() {}

    /// Attributes in the literal's order: `["class": "wide", "autofocus": true]`.
    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of `name`, or `nil`; setting `nil` removes it.
    public subscript(name: String) -> AttributeValue? {
        get { items.first { $0.name == name }?.value }
        set {
            if let index = items.firstIndex(where: { $0.name == name }) {
                if let newValue { items[index].value = newValue } else { items.remove(at: index) }
            } else if let newValue {
                items.append((name, newValue))
            }
        }
    }

    /// The text of `name` when it is text.
    func text(_ name: String) -> String? {
        if case .text(let value)? = self[name] { return value }
        return nil
    }

    /// These attributes updated with `other`'s (Python's `{**self, **other}`).
    func merging(_ other: Attributes) -> Attributes {
        var merged = self
        for (name, value) in other.items { merged[name] = value }
        return merged
    }

    /// ` name="value"` for each, as Django's `attrs.html` writes them (values escaped, true
    /// flags bare, false flags left out).
    func write(to output: inout String) {
        for (name, value) in items {
            switch value {
            case .flag(false): continue
            case .flag(true):
                output += " "
                output += name
            case .text(let text):
                output += " "
                output += name
                output += "=\""
                appendEscapedHTML(text, to: &output)
                output += "\""
            }
        }
    }

    /// Equal when they hold the same attributes in the same order.
    public static func == (lhs: Attributes, rhs: Attributes) -> Bool {
        lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
