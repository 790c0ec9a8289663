internal import Foundation
internal import Synchronization

extension TemplateValue {
    /// Converts a Swift value: template values, ``TemplateRepresentable`` types, strings,
    /// numbers, booleans, dates, optionals, arrays, dictionaries and `Encodable` values.
    public init(any value: Any) {
        switch value {
        case let value as String: self = .string(value)
        case let value as TemplateValue: self = value
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        default:
            // NB: a type's conversion is found once: each failed cast below (a dozen for a
            // plain Encodable struct, three of them protocol lookups) costs more than the
            // conversion itself, and a page converts the same row type many times.
            let type = ObjectIdentifier(Swift.type(of: value))
            switch Conversion.known.withLock({ $0[type] }) {
            case .representable?:
                if let value = value as? any TemplateRepresentable {
                    self = value.templateValue
                    return
                }
            case .object?:
                if let value = value as? any TemplateObject {
                    self = .object(value)
                    return
                }
            case .encodable?:
                if let value = value as? any Encodable {
                    self = (try? TemplateValueEncoder.encode(value, plain: true)) ?? .null
                    return
                }
            case .array?:
                if let value = value as? [Any] {
                    self = .array(value.map { TemplateValue(any: $0) })
                    return
                }
            case nil: break
            }
            self.init(converting: value)
        }
    }

    /// Every conversion in turn; a struct or class whose conversion is a protocol's is
    /// remembered (an optional is not: its case decides).
    private init(converting value: Any) {
        var found: Conversion?
        defer {
            if let found, !(value is any OptionalValue) {
                Conversion.known.withLock { known in
                    if known.count >= Conversion.capacity { known.removeAll() }
                    known[ObjectIdentifier(Swift.type(of: value))] = found
                }
            }
        }
        switch value {
        case let value as TemplateValue: self = value
        case let value as any TemplateRepresentable:
            found = .representable
            self = value.templateValue
        case let value as any TemplateObject:
            found = .object
            self = .object(value)
        case let value as String: self = .string(value)
        case let value as Substring: self = .string(String(value))
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as Int64: self = .int(Int(value))
        case let value as Int32: self = .int(Int(value))
        case let value as UInt: self = Int(exactly: value).map { .int($0) } ?? .string("\(value)")
        case let value as UInt64: self = Int(exactly: value).map { .int($0) } ?? .string("\(value)")
        case let value as Double: self = .double(value)
        case let value as Float: self = .double(Double(value))
        case let value as Decimal: self = .decimal(value, places: PythonDecimal.places(of: value))
        case let value as Date: self = .date(value)
        case let value as UUID: self = .string(value.uuidString.lowercased())
        case let value as URL: self = .string(value.absoluteString)
        case let value as [Any]:
            found = .array
            self = .array(value.map { TemplateValue(any: $0) })
        case let value as [String: Any]:
            self = .dictionary(
                TemplateDictionary(value.sorted { $0.key < $1.key }.map { ($0.key, TemplateValue(any: $0.value)) }))
        case let value as any Encodable:
            let plain = !(value is Date || value is UUID || value is URL)
            if plain { found = .encodable }
            self = (try? TemplateValueEncoder.encode(value, plain: plain)) ?? .null
        default:
            // An optional holding nil arrives here as `Optional<Any>.none`.
            if case Optional<Any>.none = value as Any? ?? nil { self = .null } else { self = .string("\(value)") }
        }
    }
}

/// How values of one Swift type convert, found by ``TemplateValue/init(any:)`` once per type.
private enum Conversion: Sendable {
    case representable, object, encodable, array

    /// The conversions found, by type.
    static let known = Mutex<[ObjectIdentifier: Conversion]>([:])
    /// The most types remembered; past it, the memory starts again.
    static let capacity = 1024
}

/// `Optional`, whose values of one type convert differently (`nil` or the wrapped value's way).
private protocol OptionalValue {}
extension Optional: OptionalValue {}

/// Encodes `Encodable` values into template values: keyed containers become dictionaries
/// (in encoding order), unkeyed ones lists, dates stay dates.
enum TemplateValueEncoder {
    /// `value` as a template value; `plain` when its type is none of the types encoded
    /// specially (dates, UUIDs, URLs, decimals, ``TemplateRepresentable`` types).
    static func encode(_ value: any Encodable, plain: Bool = false) throws -> TemplateValue {
        let box = Box()
        if plain {
            try value.encode(to: ValueEncoder(box: box, codingPath: []))
        } else {
            try encodeValue(value, into: box, codingPath: [])
        }
        return box.result
    }

    static func encodeValue(_ value: any Encodable, into box: Box, codingPath: [any CodingKey]) throws {
        switch value {
        case let date as Date: box.value = .date(date)
        case let uuid as UUID: box.value = .string(uuid.uuidString.lowercased())
        case let url as URL: box.value = .string(url.absoluteString)
        case let decimal as Decimal: box.value = .decimal(decimal, places: PythonDecimal.places(of: decimal))
        case let representable as any TemplateRepresentable: box.value = representable.templateValue
        default: try value.encode(to: ValueEncoder(box: box, codingPath: codingPath))
        }
    }

    /// Where an encoder writes its result; containers write into their parent's box.
    final class Box {
        var value: TemplateValue?
        var keyed: [(key: String, box: Box)] = []
        var unkeyed: [Box] = []
        var kind: Kind = .single
        enum Kind { case single, keyed, unkeyed }

        var result: TemplateValue {
            switch kind {
            case .single: value ?? .null
            case .keyed: .dictionary(TemplateDictionary(keyed.map { ($0.key, $0.box.result) }))
            case .unkeyed: .array(unkeyed.map(\.result))
            }
        }

        func child(forKey key: String, kind: Kind = .single) -> Box {
            let child = Box()
            child.kind = kind
            keyed.append((key, child))
            return child
        }
    }

    struct ValueEncoder: Encoder {
        let box: Box
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            box.kind = .keyed
            return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            box.kind = .unkeyed
            return UnkeyedContainer(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(box: box, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) { box.child(forKey: key.stringValue).value = .null }
        // NB: synthesized Encodable skips nil optionals; templates need them present as None
        // (so `default_if_none` works), as a Python attribute holding None would be.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            try encodeOptional(value, key)
        }
        private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value { try encode(value, forKey: key) } else { encodeNil(forKey: key) }
        }
        // NB: the common scalars directly: through the generic method each would be cast to
        // Date, UUID, URL, Decimal and TemplateRepresentable, then encoded through a container
        // of its own (most of a fortunes page's cost).
        mutating func encode(_ value: String, forKey key: Key) {
            box.child(forKey: key.stringValue).value = .string(value)
        }
        mutating func encode(_ value: Bool, forKey key: Key) { box.child(forKey: key.stringValue).value = .bool(value) }
        mutating func encode(_ value: Int, forKey key: Key) { box.child(forKey: key.stringValue).value = .int(value) }
        mutating func encode(_ value: Int64, forKey key: Key) {
            box.child(forKey: key.stringValue).value = .int(Int(value))
        }
        mutating func encode(_ value: Int32, forKey key: Key) {
            box.child(forKey: key.stringValue).value = .int(Int(value))
        }
        mutating func encode(_ value: Double, forKey key: Key) {
            box.child(forKey: key.stringValue).value = .double(value)
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let child = box.child(forKey: key.stringValue)
            try TemplateValueEncoder.encodeValue(value, into: child, codingPath: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let child = box.child(forKey: key.stringValue, kind: .keyed)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = box.child(forKey: key.stringValue, kind: .unkeyed)
            return UnkeyedContainer(box: child, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(box: box, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            ValueEncoder(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]
        var count: Int { box.unkeyed.count }

        mutating func encodeNil() { box.unkeyed.append(Box()) }
        mutating func encode(_ value: String) { append(.string(value)) }
        mutating func encode(_ value: Bool) { append(.bool(value)) }
        mutating func encode(_ value: Int) { append(.int(value)) }
        mutating func encode(_ value: Int64) { append(.int(Int(value))) }
        mutating func encode(_ value: Double) { append(.double(value)) }
        private mutating func append(_ value: TemplateValue) {
            let child = Box()
            child.value = value
            box.unkeyed.append(child)
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let child = Box()
            try TemplateValueEncoder.encodeValue(value, into: child, codingPath: codingPath)
            box.unkeyed.append(child)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
            NestedKey
        > {
            let child = Box()
            child.kind = .keyed
            box.unkeyed.append(child)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Box()
            child.kind = .unkeyed
            box.unkeyed.append(child)
            return UnkeyedContainer(box: child, codingPath: codingPath)
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(box: box, codingPath: codingPath) }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let box: Box
        let codingPath: [any CodingKey]

        mutating func encodeNil() { box.value = .null }
        mutating func encode(_ value: Bool) { box.value = .bool(value) }
        mutating func encode(_ value: String) { box.value = .string(value) }
        mutating func encode(_ value: Double) { box.value = .double(value) }
        mutating func encode(_ value: Float) { box.value = .double(Double(value)) }
        mutating func encode(_ value: Int) { box.value = .int(value) }
        mutating func encode(_ value: Int8) { box.value = .int(Int(value)) }
        mutating func encode(_ value: Int16) { box.value = .int(Int(value)) }
        mutating func encode(_ value: Int32) { box.value = .int(Int(value)) }
        mutating func encode(_ value: Int64) { box.value = .int(Int(value)) }
        // NB: past Int.max an unsigned value keeps its exact digits as text (Int(_:) would trap).
        mutating func encode(_ value: UInt) { box.value = Int(exactly: value).map { .int($0) } ?? .string("\(value)") }
        mutating func encode(_ value: UInt8) { box.value = .int(Int(value)) }
        mutating func encode(_ value: UInt16) { box.value = .int(Int(value)) }
        mutating func encode(_ value: UInt32) { box.value = .int(Int(value)) }
        mutating func encode(_ value: UInt64) {
            box.value = Int(exactly: value).map { .int($0) } ?? .string("\(value)")
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try TemplateValueEncoder.encodeValue(value, into: box, codingPath: codingPath)
        }
    }
}
