public import Foundation
internal import PonySupport

/// A value in a template context: what `{{ name }}` looks up and filters transform.
///
/// Build contexts from Swift values with ``TemplateContext`` (any `Encodable` works), or
/// conform your own types to ``TemplateRepresentable``.
@frozen
public enum TemplateValue: Sendable {
    /// `None` in Django: renders as "None".
    case null
    /// A boolean.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A decimal number and the places it prints with: Python's `Decimal`, whose
    /// `Decimal("9.90")` keeps its zero. A `DecimalField`'s value has its field's places; a
    /// plain Swift `Decimal` converts with its own digits.
    indirect case decimal(Decimal, places: Int)
    /// Text that is escaped when autoescaping is on.
    case string(String)
    /// Text marked safe (Django's `SafeString`): never escaped again.
    case safe(String)
    /// A list.
    case array([TemplateValue])
    /// A dictionary with ordered keys.
    case dictionary(TemplateDictionary)
    /// A date and time.
    case date(Date)
    /// A custom value that resolves attributes itself.
    indirect case object(any TemplateObject)

    /// Python's truth value: empty text, lists and dictionaries, zero, `None` and `False`
    /// are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .decimal(let value, _): !value.isZero
        case .string(let value), .safe(let value): !value.isEmpty
        case .array(let values): !values.isEmpty
        case .dictionary(let values): !values.isEmpty
        case .date: true
        case .object(let object): object.isTruthy
        }
    }

    /// Whether the value is text marked safe.
    public var isSafe: Bool {
        switch self {
        case .safe: true
        case .object(let object): object.isSafeText
        default: false
        }
    }

    /// The value as Django prints it: `str()` (decimals with all their places), and dates in the current language's
    /// `DATETIME_FORMAT` (printing in a template also gives floats its decimal separator).
    public var text: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): PythonFormat.localized(value)
        case .decimal(let value, let places): PythonDecimal.text(value, places: places)
        case .string(let value), .safe(let value): value
        case .array, .dictionary: PythonFormat.repr(self)
        case .date(let date): DateFormat.format(date, DateFormat.formats.dateTime)
        case .object(let object): object.text
        }
    }

    /// Looks up one part of a dotted name (`user.name`, `items.0`), as Django tries a
    /// dictionary key, then an attribute, then a list index.
    public func lookup(_ key: String) -> TemplateValue? {
        switch self {
        case .dictionary(let dictionary):
            if let value = dictionary[key] { return value }
            switch key {
            case "items": return .array(dictionary.entries.map { .array([.string($0.key), $0.value]) })
            case "keys": return .array(dictionary.entries.map { .string($0.key) })
            case "values": return .array(dictionary.entries.map(\.value))
            default: return nil
            }
        case .array(let values):
            guard let index = Int(key), index >= 0, index < values.count else { return nil }
            return values[index]
        case .string(let text), .safe(let text):
            guard let index = Int(key), index >= 0, index < text.count else { return nil }
            return .string(String(text[text.index(text.startIndex, offsetBy: index)]))
        case .object(let object):
            return object.lookup(key)
        default:
            return nil
        }
    }

    /// The elements a `{% for %}` loop visits: list items, dictionary keys, characters.
    var iterationElements: [TemplateValue]? {
        switch self {
        case .array(let values): values
        case .dictionary(let dictionary): dictionary.entries.map { .string($0.key) }
        case .string(let text), .safe(let text): text.map { .string(String($0)) }
        case .object(let object): object.elements
        default: nil
        }
    }
}

/// An ordered dictionary of template values (insertion order, as Python dictionaries keep).
public struct TemplateDictionary: Sendable {
    /// The entries in order.
    public private(set) var entries: [(key: String, value: TemplateValue)] = []
    private var positions: [String: Int] = [:]

    /// Creates an empty dictionary.
    public init() {}

    /// Creates a dictionary from entries; later duplicates replace earlier ones.
    public init(_ entries: [(String, TemplateValue)]) {
        for (key, value) in entries { self[key] = value }
    }

    /// The value for `key`; setting appends new keys at the end.
    public subscript(key: String) -> TemplateValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    indexEntries()
                }
            } else if let newValue {
                entries.append((key: key, value: newValue))
                if entries.count > Self.linearLimit { positions[key] = entries.count - 1 }
                if entries.count == Self.linearLimit + 1 { indexEntries() }
            }
        }
    }

    /// NB: most template dictionaries are rows of a few columns, where comparing keys beats
    /// hashing them; larger ones keep an index.
    private static let linearLimit = 8

    private func position(of key: String) -> Int? {
        if entries.count <= Self.linearLimit { return entries.firstIndex { $0.key == key } }
        return positions[key]
    }

    private mutating func indexEntries() {
        positions =
            entries.count > Self.linearLimit
            ? Dictionary(entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first }) : [:]
    }

    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }
    /// The number of entries.
    public var count: Int { entries.count }
}

/// A custom type that templates can look into, without reflection.
///
/// ```swift
/// struct Money: TemplateObject {
///     let cents: Int
///     func lookup(_ key: String) -> TemplateValue? { key == "cents" ? .int(cents) : nil }
///     var text: String { "$\(cents / 100).\(cents % 100)" }
/// }
/// ```
public protocol TemplateObject: Sendable {
    /// The value of the attribute `key`, or `nil` when there is none.
    func lookup(_ key: String) -> TemplateValue?
    /// How `{{ value }}` prints it.
    var text: String { get }
    /// Its truth value in `{% if %}` (default: true).
    var isTruthy: Bool { get }
    /// The elements `{% for %}` visits, or `nil` when it is not iterable (default).
    var elements: [TemplateValue]? { get }
    /// Whether ``text`` is HTML to print as it is (Django's `__html__`: a form, a widget);
    /// false by default, so text is escaped.
    var isSafeText: Bool { get }
}

extension TemplateObject {
    /// Objects are true unless they say otherwise.
    public var isTruthy: Bool { true }
    /// Objects are not iterable unless they say otherwise.
    public var elements: [TemplateValue]? { nil }
    /// Objects print escaped unless they say otherwise.
    public var isSafeText: Bool { false }
}

/// A Swift type with its own template representation (instead of its `Encodable` one).
/// An object that answers `{% if x in object %}` itself (Python's `__contains__`), as the
/// auth app's `perms` does for `"app.codename" in perms`. Other objects answer by their
/// elements, when they have some.
public protocol TemplateContainer: TemplateObject {
    /// Whether `value` is in the object.
    func contains(_ value: TemplateValue) -> Bool
}

public protocol TemplateRepresentable {
    /// The value templates see.
    var templateValue: TemplateValue { get }
}

extension Duration: TemplateRepresentable {
    /// A duration prints as Django prints a `timedelta`: `0:00:01.500000`, `2 days, 1:02:03`.
    public var templateValue: TemplateValue { .string(PythonDuration.description(self)) }
}
