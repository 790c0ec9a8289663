/// A JSON value whose objects keep their keys in order, as Python's `dict` does.
///
/// Sessions, messages and signed values hold JSON that Django writes and reads; keeping the
/// order lets Pony write the very bytes Django writes (see ``JSONValue/pythonJSON``).
///
/// ```swift
/// let cart: JSONValue = ["items": [1, 2], "coupon": nil]
/// cart["items"]?[0]        // .int(1)
/// ```
@frozen
public enum JSONValue: Sendable, Hashable {
    /// `null` (Python's `None`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits in 64 bits; larger ones are read as ``double(_:)``.
    case int(Int64)
    /// A number with a fraction or an exponent (or too large for ``int(_:)``).
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its keys in insertion order.
    case object(JSONObject)

    /// The member `key` of an object, or `nil` for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array, or `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number as an `Int64`, if this is a whole number that fits.
    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The Boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// A JSON object: string keys in insertion order, each with a value.
///
/// Setting an existing key keeps its place; setting a new one appends it (Python's `dict`).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with `elements` in order (a later duplicate key replaces the earlier value).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// An object with `members` in order (a later duplicate key replaces the earlier value),
    /// its storage allocated once for all of them.
    init(members: ArraySlice<(key: String, value: JSONValue)>) {
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// The value for `key`; setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The members in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        var index = keys.startIndex
        return AnyIterator { [keys, values] () -> (key: String, value: JSONValue)? in
            guard index < keys.endIndex, let value = values[keys[index]] else { return nil }
            defer { index += 1 }
            return (keys[index], value)
        }
    }

    /// Objects are equal when they have the same members; order does not matter (as in Python).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.values == rhs.values }

    /// Hashes the members, not their order.
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` is `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal, its keys kept in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
