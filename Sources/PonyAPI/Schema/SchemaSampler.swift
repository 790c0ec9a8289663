internal import Foundation
internal import PonySupport
internal import PonyWeb

/// The named schemas (`#/components/schemas/…`) found while sampling types.
final class SchemaComponents {
    /// Schemas by component name, in the order found.
    private(set) var schemas = JSONObject()
    private var names: [ObjectIdentifier: String] = [:]
    fileprivate var depth = 0
    /// The keys of each object type's ``Header`` fields, by type.
    fileprivate(set) var headerKeys: [ObjectIdentifier: Set<String>] = [:]
    /// A sentence for each ``Constraint/pattern(_:)`` of the sampled types that did not compile.
    fileprivate(set) var invalidPatterns: [String] = []

    /// The keys of `type`'s ``Header`` fields (after it was sampled into these components).
    func headerKeys(of type: Any.Type) -> Set<String> { headerKeys[ObjectIdentifier(type)] ?? [] }

    /// Registers `schema` for `type` and returns a `$ref` to it.
    func reference(_ type: Any.Type, _ schema: JSONObject) -> JSONObject {
        let name = name(of: type)
        schemas[name] = .object(schema)
        return ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// Registers `schema` under `name` (for schemas no Swift type has: `TaskIn`, `PagedTask`).
    func schemas(named name: String, _ schema: JSONObject) { schemas[name] = .object(schema) }

    /// A component name for `type` (its Swift name, with characters OpenAPI forbids replaced).
    func name(of type: Any.Type) -> String {
        if let known = names[ObjectIdentifier(type)] { return known }
        let base = String(String(describing: type).map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        var name = base
        var suffix = 2
        while names.values.contains(name) {
            name = "\(base)\(suffix)"
            suffix += 1
        }
        names[ObjectIdentifier(type)] = name
        return name
    }
}

/// A stand-in value of `type`, for a field whose input was refused.
func placeholder<T: Decodable>(_ type: T.Type) throws -> T { try sample(T.self, into: nil).value }

/// A value of any `Decodable` type, made by decoding nothing, and (with `components`) the type's
/// JSON Schema, learnt from which keys and types its `init(from:)` asks for.
///
/// Types that cannot be made this way (a custom `init(from:)` that rejects every stand-in)
/// throw ``PlaceholderUnavailable``.
func sample<T: Decodable>(_ type: T.Type, into components: SchemaComponents?) throws -> (value: T, schema: JSONObject) {
    if T.self == UploadedFile.self, let empty = UploadedFile(name: "", bytes: []) as? T {
        return (empty, ["type": "string", "format": "binary"])
    }
    if let modelSchema = T.self as? any ModelSchema.Type {
        guard let (value, schema) = try sampleModelSchema(modelSchema, components) as? (T, JSONObject) else {
            throw PlaceholderUnavailable()
        }
        return (value, schema)
    }
    if let scalar = T.self as? any LaxScalar.Type {
        guard let value = scalar.sampleAny as? T else { throw PlaceholderUnavailable() }
        return (value, scalar.jsonSchema)
    }
    if let optional = T.self as? any NilValue.Type {
        guard let none = optional.nilValue as? T else { throw PlaceholderUnavailable() }
        guard let components, let wrapped = optional.wrappedType as? any Decodable.Type else { return (none, [:]) }
        return (none, nullable(try sampleSchema(wrapped, into: components)))
    }
    if let options = InputTypeInfo.of(T.self).options, let first = options.first {
        let run = ValidationRun(forbidsExtraFields: false)
        let value = try InputDecoder(node: first, loc: [], run: run).decode(T.self)
        guard run.issues.isEmpty else { throw PlaceholderUnavailable() }
        // NB: a stand-in for a refused value needs no schema; naming the type was a quarter of
        // making one.
        guard components != nil else { return (value, [:]) }
        var schema: JSONObject = ["enum": .array(options), "title": .string(String(describing: T.self))]
        schema["type"] = first.stringValue != nil ? "string" : "integer"
        return (value, components?.reference(T.self, schema) ?? schema)
    }
    if let dictionary = T.self as? any StringKeyedDictionary.Type {
        guard let empty = dictionary.empty as? T else { throw PlaceholderUnavailable() }
        guard let components, let valueType = dictionary.valueType as? any Decodable.Type else { return (empty, [:]) }
        return (
            empty, ["type": "object", "additionalProperties": .object(try sampleSchema(valueType, into: components))]
        )
    }
    components?.depth += 1
    defer { components?.depth -= 1 }
    guard (components?.depth ?? 0) < 32 else { throw PlaceholderUnavailable() }
    let recorder = SchemaRecorder(components: components)
    let value: T
    do { value = try T(from: SamplingDecoder(recorder: recorder)) } catch { throw PlaceholderUnavailable() }
    guard let components else { return (value, [:]) }
    switch recorder.shape {
    case .none: return (value, [:])
    case .single(let schema): return (value, schema)
    case .array(let items):
        return (value, items.map { ["type": "array", "items": .object($0)] } ?? ["type": "array"])
    case .object(let properties, let required):
        var properties = properties
        for (key, constraint) in (T.self as? any Constrained.Type)?.constraints ?? [:] {
            if case .failure(let error)? = constraint.compiledPattern, let pattern = constraint.pattern {
                let problem =
                    "\(T.self).constraints[\"\(key)\"] has the pattern '\(pattern)', which cannot be used: \(error)."
                if !components.invalidPatterns.contains(problem) { components.invalidPatterns.append(problem) }
            }
            guard case .object(var property) = properties[key] else { continue }
            constraint.apply(to: &property, isArray: types(property).contains("array"))
            properties[key] = .object(property)
        }
        var schema: JSONObject = ["properties": .object(properties), "title": .string(String(describing: T.self))]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        schema["type"] = "object"
        if !recorder.headerKeys.isEmpty { components.headerKeys[ObjectIdentifier(T.self)] = recorder.headerKeys }
        return (value, components.reference(T.self, schema))
    }
}

/// The schema of a type held as a metatype.
func sampleSchema(_ type: any Decodable.Type, into components: SchemaComponents) throws -> JSONObject {
    try sampleOpened(type, components)
}

private func sampleOpened<T: Decodable>(_ type: T.Type, _ components: SchemaComponents) throws -> JSONObject {
    try sample(T.self, into: components).schema
}

/// `schema` or `null`: `type: [T, "null"]` for a simple type, `anyOf` otherwise (JSON Schema 2020-12).
func nullable(_ schema: JSONObject) -> JSONObject {
    if case .string(let type)? = schema["type"] {
        var copy = schema
        copy["type"] = [.string(type), "null"]
        if case .array(let options)? = schema["enum"] { copy["enum"] = .array(options + [.null]) }
        return copy
    }
    // NB: one list of choices, as pydantic writes `Optional[Decimal]`.
    if case .array(let options)? = schema["anyOf"], schema.count == 1 {
        return ["anyOf": .array(options + [["type": "null"]])]
    }
    return ["anyOf": [.object(schema), ["type": "null"]]]
}

extension Optional {
    static var wrappedType: Any.Type { Wrapped.self }
}

/// `[String: V]`, whose schema is an object with `additionalProperties`.
protocol StringKeyedDictionary {
    static var empty: Self { get }
    static var valueType: Any.Type { get }
}

extension Dictionary: StringKeyedDictionary where Key == String {
    static var empty: Self { [:] }
    static var valueType: Any.Type { Value.self }
}

/// What a type's `init(from:)` asked for: an object's keys, an array's items or one value.
final class SchemaRecorder {
    enum Shape {
        case none
        case object(properties: JSONObject, required: [String])
        case array(items: JSONObject?)
        case single(JSONObject)
    }

    let components: SchemaComponents?
    var shape = Shape.none
    /// The keys of ``Header`` fields.
    var headerKeys: Set<String> = []

    init(components: SchemaComponents?) { self.components = components }

    func property(_ key: String, _ schema: JSONObject, required: Bool, type: Any.Type) {
        guard components != nil else { return }
        if type is any HeaderField.Type { headerKeys.insert(key) }
        var (properties, names) = (JSONObject(), [String]())
        if case .object(let known, let knownRequired) = shape { (properties, names) = (known, knownRequired) }
        properties[key] = .object(schema)
        if required, !names.contains(key) { names.append(key) }
        shape = .object(properties: properties, required: names)
    }
}

/// A decoder that answers every request with a stand-in and records the request.
struct SamplingDecoder: Decoder {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .none = recorder.shape, recorder.components != nil {
            recorder.shape = .object(properties: [:], required: [])
        }
        return KeyedDecodingContainer(KeyedSampler<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if recorder.components != nil { recorder.shape = .array(items: nil) }
        return UnkeyedSampler(recorder: recorder)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleSampler(recorder: recorder) }
}

private struct KeyedSampler<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try record(key) }

    private func record<T: Decodable>(_ key: Key) throws -> T {
        let (value, schema) = try sample(T.self, into: recorder.components)
        recorder.property(key.stringValue, schema, required: true, type: T.self)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try recordOptional(T.self, key) }

    private func recordOptional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard let components = recorder.components else { return nil }
        recorder.property(
            key.stringValue, nullable(try sample(T.self, into: components).schema), required: false, type: T.self)
        return nil
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try recordOptional(String.self, key)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try recordOptional(Bool.self, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try recordOptional(Double.self, key)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try recordOptional(Float.self, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try recordOptional(Int.self, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try recordOptional(Int8.self, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try recordOptional(Int16.self, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try recordOptional(Int32.self, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try recordOptional(Int64.self, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try recordOptional(UInt.self, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try recordOptional(UInt8.self, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try recordOptional(UInt16.self, key)
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try recordOptional(UInt32.self, key)
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try recordOptional(UInt64.self, key)
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { try record(key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try record(key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try record(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try record(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try record(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try record(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try record(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try record(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try record(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try record(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try record(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try record(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try record(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try record(key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(KeyedSampler<NestedKey>(recorder: SchemaRecorder(components: nil)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        UnkeyedSampler(recorder: SchemaRecorder(components: nil))
    }

    func superDecoder() throws -> any Decoder { SamplingDecoder(recorder: recorder) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        SamplingDecoder(recorder: SchemaRecorder(components: nil))
    }
}

private struct UnkeyedSampler: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var currentIndex = 0
    /// One item is read (to learn its schema) when recording; none for a stand-in.
    var isAtEnd: Bool { recorder.components == nil || currentIndex > 0 }

    init(recorder: SchemaRecorder) { self.recorder = recorder }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        let (value, schema) = try sample(T.self, into: recorder.components)
        if recorder.components != nil { recorder.shape = .array(items: schema) }
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        return KeyedDecodingContainer(KeyedSampler<NestedKey>(recorder: SchemaRecorder(components: nil)))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return UnkeyedSampler(recorder: SchemaRecorder(components: nil))
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        return SamplingDecoder(recorder: SchemaRecorder(components: nil))
    }
}

private struct SingleSampler: SingleValueDecodingContainer {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try sample(T.self, into: recorder.components)
        if recorder.components != nil { recorder.shape = .single(schema) }
        return value
    }
}
