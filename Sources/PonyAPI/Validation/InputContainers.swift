internal import Foundation
internal import PonySupport

/// An object being read: its decoder and members, shared by its container's copies. It is
/// also the decoder a type's `init(from:)` is given for an object.
///
/// NB: a class, so that copying a ``KeyedInput`` is one retain. `KeyedDecodingContainer`'s box
/// copies its container for every member it reads, and copying the decoder and the object
/// member by member was about 5% of the CPU time of a body of 50 small objects. Given to
/// `init(from:)` itself, it also spares the `any Decoder` box a copy of ``InputDecoder`` (too
/// large to be held inline) and the container another.
final class ObjectInput: Decoder {
    let decoder: InputDecoder
    let object: JSONObject
    /// The value was not an object (already recorded): every member reads as a stand-in.
    let failed: Bool

    init(decoder: InputDecoder, object: JSONObject, failed: Bool) {
        self.decoder = decoder
        self.object = object
        self.failed = failed
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { decoder.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedInput<Key>(input: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try decoder.unkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { try decoder.singleValueContainer() }

    /// A decoder for the member `name`.
    func child(_ name: String) -> InputDecoder {
        decoder.readKeys?.keys.insert(name)
        return decoder.child(object[name], named: name)
    }

    /// The member `name` as one of the scalar types, or a stand-in after recording why not.
    ///
    /// NB: not generic over the container's key type, so each scalar type's call is
    /// specialised; and without a decoder of the member's own: a valid field allocates nothing.
    func member<S: LaxScalar>(_ name: String) throws -> S {
        decoder.readKeys?.keys.insert(name)
        if failed { return try placeholder(S.self) }
        return try InputDecoder.scalar(object[name], limit: decoder.limit(for: name), run: decoder.run) {
            decoder.location(of: name)
        }
    }

    /// ``member(_:)`` for an optional member: `nil` when missing or `null`.
    func optionalMember<S: LaxScalar>(_ name: String) throws -> S? {
        decoder.readKeys?.keys.insert(name)
        guard !failed, let node = object[name] else { return nil }
        if case .null = node { return nil }
        return try InputDecoder.scalar(node, limit: decoder.limit(for: name), run: decoder.run) {
            decoder.location(of: name)
        }
    }
}

/// The ``InputDecoder`` behind `decoder`, for types that only an API request can make (a model
/// schema, an uploaded file); `nil` for another decoder.
func inputDecoder(_ decoder: any Decoder) -> InputDecoder? {
    (decoder as? InputDecoder) ?? (decoder as? ObjectInput)?.decoder
}

/// Reads an object's members; a refused value is recorded and replaced by a stand-in.
struct KeyedInput<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let input: ObjectInput

    init(input: ObjectInput) { self.input = input }

    var codingPath: [any CodingKey] { input.decoder.codingPath }
    var allKeys: [Key] { input.object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { input.object[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        let value = input.object[key.stringValue]
        return value == nil || value == .null
    }

    private func child(_ key: Key) -> InputDecoder { input.child(key.stringValue) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let child = child(key)
        if input.failed { return try placeholder(T.self) }
        return try child.decode(T.self, limit: input.decoder.limit(for: key.stringValue))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let child = child(key)
        guard !input.failed, let node = child.node, node != .null else { return nil }
        return try child.decode(T.self, limit: input.decoder.limit(for: key.stringValue))
    }

    // The types synthesised `Decodable` code reads by name, without a dynamic cast, and without
    // a decoder of their own (see `ObjectInput.member(_:)`).
    //
    // NB: the helpers are inlined so that each overload calls `member` with its type written
    // out. Called through a helper generic over both `Key` and the scalar type, nothing was
    // specialised, and every field built `Result<S, Rejection>`'s metadata at run time.

    @inline(__always)
    private func scalar<S: LaxScalar>(_ key: Key) throws -> S { try input.member(key.stringValue) }

    @inline(__always)
    private func optionalScalar<S: LaxScalar>(_ key: Key) throws -> S? { try input.optionalMember(key.stringValue) }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalScalar(key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalScalar(key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalScalar(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optionalScalar(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalScalar(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optionalScalar(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optionalScalar(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optionalScalar(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optionalScalar(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optionalScalar(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optionalScalar(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optionalScalar(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optionalScalar(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optionalScalar(key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { input.decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { child(key) }
}

/// Reads an array's items.
struct UnkeyedInput: UnkeyedDecodingContainer {
    let decoder: InputDecoder
    let items: [JSONValue]
    var currentIndex = 0

    init(decoder: InputDecoder, items: [JSONValue]) {
        self.decoder = decoder
        self.items = items
    }

    /// The item type's answers, looked up for the first item (an array's items are of one type).
    private var itemInfo: (type: ObjectIdentifier, info: InputTypeInfo)?

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() -> InputDecoder {
        let index = currentIndex
        currentIndex += 1
        return decoder.item(items.indices.contains(index) ? items[index] : nil, at: index)
    }

    mutating func decodeNil() throws -> Bool {
        guard items.indices.contains(currentIndex), items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let key = ObjectIdentifier(T.self)
        if itemInfo?.type != key { itemInfo = (key, InputTypeInfo.of(T.self)) }
        return try next().decode(T.self, info: itemInfo?.info)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { next() }
}

/// Reads the value itself (for types that decode from one value: wrappers, enumerations).
struct SingleInput: SingleValueDecodingContainer {
    let decoder: InputDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node == nil || decoder.node == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeScalar(String.self) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeScalar(Int.self) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeScalar(Bool.self) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeScalar(Double.self) }
}
