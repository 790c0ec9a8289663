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
///
/// NB: the members are kept in one array, and a small object finds a key by comparing it with
/// each: most objects (a request body, an item of a list) have a few members, for which hashing
/// the keys and a second allocation cost more than the comparisons. Past
/// ``JSONObject/linearLimit`` members a table of positions is kept as well.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var members: [(key: String, value: JSONValue)] = []
    /// Each key's index in ``members``; `nil` until the object has more than `linearLimit`.
    private var positions: [String: Int]?

    /// The most members an object finds a key among by comparison alone.
    static let linearLimit = 12

    /// An empty object.
    public init() {}

    /// An object with `elements` in order (a later duplicate key replaces the earlier value).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// An object with `members` in order (a later duplicate key replaces the earlier value),
    /// its storage allocated once for all of them.
    init(members: ArraySlice<(key: String, value: JSONValue)>) {
        self.members.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The value for `key`; setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    positions = nil
                    indexIfLarge()
                }
            } else if let newValue {
                members.append((key, newValue))
                if positions != nil { positions?[key] = members.count - 1 } else { indexIfLarge() }
            }
        }
    }

    /// Makes ``positions`` when the object has grown past ``linearLimit``.
    private mutating func indexIfLarge() {
        guard members.count > Self.linearLimit else { return }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (index, member) in members.enumerated() { positions[member.key] = index }
        self.positions = positions
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The members in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.makeIterator()
    }

    /// Objects are equal when they have the same members; order does not matter (as in Python).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Hashes the members, not their order (as `Dictionary` does: each member's hash, combined
    /// so that the order does not change the result).
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
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
