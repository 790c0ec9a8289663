internal import Foundation
internal import PonySupport

/// Reads an object's members; a refused value is recorded and replaced by a stand-in.
struct KeyedInput<Key: CodingKey>: KeyedDecodingContainerProtocol {
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
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        let value = object[key.stringValue]
        return value == nil || value == .null
    }

    private func child(_ key: Key) -> InputDecoder {
        decoder.readKeys?.keys.insert(key.stringValue)
        return decoder.child(object[key.stringValue], .string(key.stringValue), key: key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let child = child(key)
        if failed { return try placeholder(T.self) }
        return try child.decode(T.self, constraint: decoder.constraint(for: key.stringValue))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let child = child(key)
        guard !failed, let node = child.node, node != .null else { return nil }
        return try child.decode(T.self, constraint: decoder.constraint(for: key.stringValue))
    }

    // The types synthesised `Decodable` code reads by name, without a dynamic cast, and without
    // a decoder of their own (see `InputDecoder.member(_:in:failed:)`).
    //
    // NB: the helpers are inlined so that each overload calls `member` with its type written
    // out. Called through a helper generic over both `Key` and the scalar type, nothing was
    // specialised, and every field built `Result<S, Rejection>`'s metadata at run time.

    @inline(__always)
    private func scalar<S: LaxScalar>(_ key: Key) throws -> S {
        try decoder.member(key.stringValue, in: object, failed: failed)
    }

    @inline(__always)
    private func optionalScalar<S: LaxScalar>(_ key: Key) throws -> S? {
        try decoder.optionalMember(key.stringValue, in: object, failed: failed)
    }

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

    func superDecoder() throws -> any Decoder { decoder }
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
