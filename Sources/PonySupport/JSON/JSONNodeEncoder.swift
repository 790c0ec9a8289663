internal import Foundation

/// The `Encoder` behind ``CompactJSONEncoder``: one per value that encodes itself, holding the
/// node its containers fill.
final class JSONNodeEncoder: Encoder {
    // NB: unowned: a `superEncoder` is held by its parent's tree (`.pending`), and a strong
    // reference back would be a cycle. A child is used only while its parent encodes.
    private unowned let parent: JSONNodeEncoder?
    /// The keys of the parent's nested containers that hold this value (usually none).
    private let path: [any CodingKey]
    /// This value's key in its container (`nil` at the top).
    private let key: (any CodingKey)?
    /// What the value encoded, `nil` until it asks for a container.
    var node: JSONNode?

    init(parent: JSONNodeEncoder?, path: [any CodingKey], key: (any CodingKey)?) {
        self.parent = parent
        self.path = path
        self.key = key
    }

    // NB: the path is rebuilt only when asked (errors, and values that read it), never
    // while encoding.
    var codingPath: [any CodingKey] { (parent?.codingPath ?? []) + path + (key.map { [$0] } ?? []) }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // NB: as Foundation's, asking twice gives the same object.
        if case .object(let box) = node { return KeyedEncodingContainer(JSONKeyedContainer(box, self, [])) }
        let box = JSONObjectBox()
        node = .object(box)
        return KeyedEncodingContainer(JSONKeyedContainer(box, self, []))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let box) = node { return JSONUnkeyedContainer(box, self, []) }
        let box = JSONArrayBox()
        node = .array(box)
        return JSONUnkeyedContainer(box, self, [])
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// The node of a nested value, at `path` then `key` below this encoder's value: `{}` for a
    /// value that encodes nothing, as Foundation.
    func node<Value: Encodable>(for value: Value, path: [any CodingKey], key: any CodingKey) throws -> JSONNode {
        try encoded(value, path: path, key: key) ?? .object(JSONObjectBox())
    }

    /// The node of `value`: Foundation's special cases (dates, data, URLs, decimals), else the
    /// value's own encoding; `nil` when it encoded nothing.
    func encoded<Value: Encodable>(_ value: Value, path: [any CodingKey], key: (any CodingKey)?) throws -> JSONNode? {
        if let node = try Self.special(value, at: { self.codingPath + path + (key.map { [$0] } ?? []) }) {
            return node
        }
        let child = JSONNodeEncoder(parent: self, path: path, key: key)
        try value.encode(to: child)
        return child.node
    }

    /// The node of a top-level value, `nil` when it encoded nothing.
    static func root<Value: Encodable>(_ value: Value) throws -> JSONNode? {
        if let node = try special(value, at: { [] }) { return node }
        let encoder = JSONNodeEncoder(parent: nil, path: [], key: nil)
        try value.encode(to: encoder)
        return encoder.node
    }

    /// The values Foundation's encoder writes its own way rather than as they encode themselves,
    /// and the common scalars, which need no encoder of their own: a model's fields reach
    /// `encode(_:forKey:)` through generic code, not the typed overloads.
    private static func special<Value: Encodable>(_ value: Value, at path: () -> [any CodingKey]) throws -> JSONNode? {
        if Value.self == String.self, let string = value as? String { return .string(string) }
        if Value.self == Int64.self, let number = value as? Int64 { return .int(number) }
        if Value.self == Int.self, let number = value as? Int { return .int(Int64(number)) }
        if Value.self == Bool.self, let flag = value as? Bool { return .bool(flag) }
        if Value.self == Optional<String>.self, let string = value as? String? {
            return string.map { .string($0) } ?? .null
        }
        if Value.self == Optional<Int64>.self, let number = value as? Int64? { return number.map { .int($0) } ?? .null }
        if Value.self == Optional<Date>.self, let date = value as? Date? {
            return try date.map { try special($0, at: path) } ?? .null
        }
        if Value.self == Date.self, let date = value as? Date {
            let interval = date.timeIntervalSince1970
            return JSONDates.arithmetic.contains(interval)
                ? .date(Int(interval.rounded(.down))) : .string(date.formatted(.iso8601))
        }
        if Value.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
        if Value.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if Value.self == Decimal.self, let decimal = value as? Decimal {
            guard !decimal.isNaN else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: path(), debugDescription: "Unable to encode Decimal.nan directly in JSON."))
            }
            return .number(decimal.description)
        }
        return nil
    }

    /// A `Double` or `Float` as Foundation writes it (`1` for 1.0, `1e+20`); non-finite values throw.
    func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: Number, keys: @autoclosure () -> [any CodingKey]
    ) throws -> JSONNode {
        guard value.isFinite else {
            throw invalid(value, keys(), "Unable to encode \(Number.self).\(value) directly in JSON.")
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    private func invalid(_ value: Any, _ keys: [any CodingKey], _ description: String) -> EncodingError {
        .invalidValue(value, EncodingError.Context(codingPath: codingPath + keys, debugDescription: description))
    }
}

extension JSONNodeEncoder: SingleValueEncodingContainer {
    func encodeNil() { node = .null }
    func encode(_ value: Bool) { node = .bool(value) }
    func encode(_ value: String) { node = .string(value) }
    func encode(_ value: Double) throws { node = try number(value, keys: []) }
    func encode(_ value: Float) throws { node = try number(value, keys: []) }
    func encode(_ value: Int) { node = .int(Int64(value)) }
    func encode(_ value: Int8) { node = .int(Int64(value)) }
    func encode(_ value: Int16) { node = .int(Int64(value)) }
    func encode(_ value: Int32) { node = .int(Int64(value)) }
    func encode(_ value: Int64) { node = .int(value) }
    func encode(_ value: UInt) { node = .unsigned(UInt64(value)) }
    func encode(_ value: UInt8) { node = .unsigned(UInt64(value)) }
    func encode(_ value: UInt16) { node = .unsigned(UInt64(value)) }
    func encode(_ value: UInt32) { node = .unsigned(UInt64(value)) }
    func encode(_ value: UInt64) { node = .unsigned(value) }
    func encode<Value: Encodable>(_ value: Value) throws {
        node = try encoded(value, path: [], key: nil) ?? .object(JSONObjectBox())
    }
}

/// A coding key for array positions and `super`, in coding paths.
struct JSONIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    private let box: JSONObjectBox
    private let encoder: JSONNodeEncoder
    /// The keys of nested containers between the encoder and this one.
    private let path: [any CodingKey]

    init(_ box: JSONObjectBox, _ encoder: JSONNodeEncoder, _ path: [any CodingKey]) {
        self.box = box
        self.encoder = encoder
        self.path = path
    }

    var codingPath: [any CodingKey] { encoder.codingPath + path }

    mutating func encodeNil(forKey key: Key) { box.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) { box.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) { box.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.set(key.stringValue, try encoder.number(value, keys: path + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        box.set(key.stringValue, try encoder.number(value, keys: path + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) { box.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) { box.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) { box.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) { box.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) { box.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) { box.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) { box.set(key.stringValue, .unsigned(value)) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        box.set(key.stringValue, try encoder.node(for: value, path: path, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBox()
        box.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(nested, encoder, path + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        box.set(key.stringValue, .array(nested))
        return JSONUnkeyedContainer(nested, encoder, path + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: JSONIndexKey(stringValue: "super")) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let child = JSONNodeEncoder(parent: encoder, path: path, key: key)
        box.set(key.stringValue, .pending(child))
        return child
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    private let box: JSONArrayBox
    private let encoder: JSONNodeEncoder
    private let path: [any CodingKey]

    init(_ box: JSONArrayBox, _ encoder: JSONNodeEncoder, _ path: [any CodingKey]) {
        self.box = box
        self.encoder = encoder
        self.path = path
    }

    var codingPath: [any CodingKey] { encoder.codingPath + path }
    var count: Int { box.elements.count }

    private var nextKey: JSONIndexKey { JSONIndexKey(intValue: box.elements.count) }

    mutating func encodeNil() { box.elements.append(.null) }
    mutating func encode(_ value: Bool) { box.elements.append(.bool(value)) }
    mutating func encode(_ value: String) { box.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        box.elements.append(try encoder.number(value, keys: path + [nextKey]))
    }
    mutating func encode(_ value: Float) throws {
        box.elements.append(try encoder.number(value, keys: path + [nextKey]))
    }
    mutating func encode(_ value: Int) { box.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) { box.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) { box.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) { box.elements.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) { box.elements.append(.int(value)) }
    mutating func encode(_ value: UInt) { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) { box.elements.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) { box.elements.append(.unsigned(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        box.elements.append(try encoder.node(for: value, path: path, key: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONObjectBox()
        let key = nextKey
        box.elements.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(nested, encoder, path + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        let key = nextKey
        box.elements.append(.array(nested))
        return JSONUnkeyedContainer(nested, encoder, path + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONNodeEncoder(parent: encoder, path: path, key: nextKey)
        box.elements.append(.pending(child))
        return child
    }
}

/// Dates as `JSONEncoder.DateEncodingStrategy.iso8601` writes them: whole seconds, UTC.
enum JSONDates {
    /// 1583-01-01 to 10000-01-01 (exclusive): here Foundation's calendar is the proleptic
    /// Gregorian one, and arithmetic gives its text (``JSONByteWriter``); outside, Foundation
    /// formats (its calendar is Julian before the 1582 reform, and it clamps what is far off).
    static let arithmetic: Range<Double> = -12_212_553_600..<253_402_300_800
}
