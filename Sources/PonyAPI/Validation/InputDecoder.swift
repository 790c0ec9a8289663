internal import Foundation
internal import PonySupport
internal import PonyWeb

/// The state of one request's validation: the issues found so far.
final class ValidationRun {
    var issues: [ValidationIssue] = []
    let forbidsExtraFields: Bool
    /// The files of a multipart form, which a file field's node refers to by index.
    var uploads: [UploadedFile] = []

    init(forbidsExtraFields: Bool) { self.forbidsExtraFields = forbidsExtraFields }

    /// Records `rejection` at `loc` and returns a stand-in value so that decoding goes on and
    /// finds every other issue too.
    func reject<T: Decodable>(_ rejection: Rejection, at loc: [JSONValue], as type: T.Type = T.self) throws -> T {
        record(rejection, at: loc)
        return try placeholder(T.self)
    }

    /// ``reject(_:at:as:)`` for a scalar type, whose stand-in is its sample (without sampling
    /// the type through `Decodable` again).
    func reject<S: LaxScalar>(scalar rejection: Rejection, at loc: [JSONValue]) throws -> S {
        record(rejection, at: loc)
        return try S.sample ?? placeholder(S.self)
    }

    private func record(_ rejection: Rejection, at loc: [JSONValue]) {
        issues.append(ValidationIssue(type: rejection.type, loc: loc, msg: rejection.msg, ctx: rejection.ctx))
    }
}

/// A value was refused and no stand-in could be made for its type: decoding stops with the
/// issues found so far.
struct PlaceholderUnavailable: Error {}

/// Decodes API input (a JSON body, or path and query parameters as strings) into `Decodable`
/// types the way django-ninja validates: leniently ("3" is 3), every field checked, and every
/// failure recorded with its location instead of stopping at the first.
struct InputDecoder: Decoder {
    /// The value here; `nil` when missing.
    let node: JSONValue?
    /// Where the value is, for issues, without its last part: `["body"]` for `["body", "title"]`.
    ///
    /// NB: kept in two parts so that a member's decoder shares its parent's array: the whole
    /// location is put together only when an issue or a nested container needs it.
    private var base: [JSONValue]
    /// The last part of the location, if it has one beyond ``base``.
    private var last: JSONValue?
    let run: ValidationRun
    /// The limits of the fields of the type being decoded here.
    var limits = FieldLimits()
    /// For the top level of an endpoint's input or form: each key's source (`"path"`, `"query"`,
    /// `"header"`, `"body"`, `"form"`, `"file"`), which replaces ``loc`` in its members' locations.
    var sources: [String: JSONValue]? = nil
    /// The members read from the object here, when extra ones are forbidden.
    var readKeys: ReadKeys? = nil
    /// Not kept, to save an allocation per field: issues carry ``loc``.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A decoder for `node`, found at `loc`.
    init(node: JSONValue?, loc: [JSONValue], run: ValidationRun) {
        self.init(node: node, base: loc, last: nil, run: run)
    }

    private init(node: JSONValue?, base: [JSONValue], last: JSONValue?, run: ValidationRun) {
        self.node = node
        self.base = base
        self.last = last
        self.run = run
    }

    /// Where the value is, for issues: `["body", "title"]`.
    var loc: [JSONValue] {
        guard let last else { return base }
        return base + [last]
    }

    /// This decoder with its location in one array, for an array's items, which all need it.
    ///
    /// NB: an object's container keeps the two parts: its scalar members need the location only
    /// for an issue, and flattening made an array for every object of a list (6% of the CPU
    /// time of a body of 50 small objects).
    private var flattened: InputDecoder {
        guard last != nil else { return self }
        var decoder = self
        decoder.base = loc
        decoder.last = nil
        return decoder
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = node else {
            if node != nil { _ = try? run.reject(.object, at: loc, as: Bool.self) }
            return KeyedDecodingContainer(KeyedInput<Key>(input: ObjectInput(decoder: self, object: [:], failed: true)))
        }
        return KeyedDecodingContainer(KeyedInput<Key>(input: ObjectInput(decoder: self, object: object, failed: false)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node else {
            if node != nil { _ = try? run.reject(.list, at: loc, as: Bool.self) }
            return UnkeyedInput(decoder: flattened, items: [])
        }
        return UnkeyedInput(decoder: flattened, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleInput(decoder: self) }

    /// A decoder for `node`, the member `name` of this value.
    func child(_ node: JSONValue?, named name: String) -> InputDecoder {
        InputDecoder(node: node, base: prefix(of: name), last: .string(name), run: run)
    }

    /// A decoder for the item at `index` of this array.
    ///
    /// NB: without a coding key, whose `stringValue` formatted the index for every item only to
    /// look up a source that items never have.
    func item(_ node: JSONValue?, at index: Int) -> InputDecoder {
        InputDecoder(node: node, base: loc, last: .int(Int64(index)), run: run)
    }

    /// Where the member `name` of this value is, for an issue: what ``child(_:named:)`` gives
    /// a member's decoder, made only when an issue needs it.
    func location(of name: String) -> [JSONValue] {
        prefix(of: name) + [.string(name)]
    }

    /// The location of the member `name` without its own part: its source when the input
    /// names one (`["query"]`), else this value's location.
    private func prefix(of name: String) -> [JSONValue] {
        sources?[name].map { [$0] } ?? loc
    }

    /// The limit declared for the member `name` of the type decoded here.
    func limit(for name: String) -> FieldLimit? { limits.limit(for: name) }

    /// The value here as one of the scalar types, or a stand-in after recording why not.
    func decodeScalar<S: LaxScalar>(_ type: S.Type) throws -> S {
        try Self.scalar(node, limit: nil, run: run) { loc }
    }

    /// `node` as one of the scalar types, or a stand-in after recording why not at `loc`.
    ///
    /// NB: for an object's members this runs without a decoder of their own, and `loc` is
    /// built only for an issue: a valid field then allocates nothing here.
    static func scalar<S: LaxScalar>(
        _ node: JSONValue?, limit: FieldLimit?, run: ValidationRun, at loc: () -> [JSONValue]
    ) throws -> S {
        guard let node else { return try run.reject(scalar: .missing, at: loc()) }
        switch S.lax(node) {
        case .success(let value):
            if let limit, let rejection = value.violation(of: limit) {
                return try run.reject(scalar: rejection, at: loc())
            }
            return value
        case .failure(let rejection): return try run.reject(scalar: rejection, at: loc())
        }
    }

    /// The value here as `T`, or a stand-in after recording why it is not one; `info` is
    /// `T`'s, when the caller has it at hand.
    func decode<T: Decodable>(_ type: T.Type, limit: FieldLimit? = nil, info: InputTypeInfo? = nil) throws -> T {
        guard let node else { return try run.reject(.missing, at: loc) }
        let info = info ?? InputTypeInfo.of(T.self)
        if let scalar = info.scalar {
            // NB: through `Any`: a generic `Result<T, …>` would need its metadata made at run time.
            switch scalar.laxAny(node) {
            case .success(let value):
                if let limit, let rejection = limitViolation(limit, value) {
                    return try run.reject(rejection, at: loc)
                }
                return try exactly(value, as: T.self)
            case .failure(let rejection): return try run.reject(rejection, at: loc)
            }
        }
        if node == .null, let optional = info.optional {
            return try exactly(optional.nilValue, as: T.self)
        }
        if case .array(let items) = node {
            let known = run.issues.count
            if let value = try array(items, info) {
                if let limit, run.issues.count == known, let rejection = limitViolation(limit, value) {
                    return try run.reject(rejection, at: loc)
                }
                return try exactly(value, as: T.self)
            }
        }
        if let options = info.options, !options.contains(node),
            !options.contains(node.stringValue.flatMap { Int64($0) }.map(JSONValue.int) ?? .null)
        {
            return try run.reject(.choice(options), at: loc)
        }
        var nested = self
        nested.limits = info.limits
        // NB: a type that reads this same value as another type (a wrapper, through a
        // single-value container) shares the members read, and whichever finishes first checks
        // for extra ones: checked by the outer type too, every member became "extra".
        if run.forbidsExtraFields, case .object = node, nested.readKeys == nil { nested.readKeys = ReadKeys() }
        let known = run.issues.count
        do {
            let value: T
            if case .object(let object) = node {
                value = try T(from: ObjectInput(decoder: nested, object: object, failed: false))
            } else {
                value = try T(from: nested)
            }
            if let readKeys = nested.readKeys, !readKeys.checked, case .object(let object) = node {
                readKeys.checked = true
                for key in object.keys where !readKeys.keys.contains(key) {
                    _ = try? run.reject(.extra, at: loc + [.string(key)], as: Bool.self)
                }
            }
            if let limit, run.issues.count == known, let rejection = limitViolation(limit, value) {
                return try run.reject(rejection, at: loc)
            }
            return value
        } catch let error as PlaceholderUnavailable {
            throw error
        } catch {
            // A type's own check failed (a custom `init(from:)` threw): report it as pydantic's
            // `value_error`, unless the failure was already recorded.
            if run.issues.count > known { return try placeholder(T.self) }
            return try run.reject(Rejection(type: "value_error", msg: "Value error, \(describe(error))"), at: loc)
        }
    }

    /// `items` read as the array type `info` describes (see ArrayInput.swift); `nil` for a type
    /// that is not an array.
    private func array(_ items: [JSONValue], _ info: InputTypeInfo) throws -> Any? {
        if let scalars = info.scalarArray { return try scalars.laxArray(items, at: loc, run: run) }
        if let array = info.array { return try array.decodeItems(items, with: flattened) }
        return nil
    }
}

/// `value` as `T`, the type it holds (else `PlaceholderUnavailable`).
///
/// NB: not `value as? T`. In code not specialised for `T` (``InputDecoder/decode(_:limit:info:)``
/// runs for every member and item of a type it does not know), an `Optional<T>` anywhere in a
/// function makes every call look up that type's metadata (`$sSqMa`) as it starts: 10% of the
/// CPU time of a body holding two arrays of 100 scalars. Here no `Optional<T>` is made.
func exactly<T>(_ value: Any, as type: T.Type) throws -> T {
    guard Swift.type(of: value) == T.self else { throw PlaceholderUnavailable() }
    // The same type: the sizes `unsafeBitCast` checks are equal.
    func cast<Held>(_ held: Held) -> T { unsafeBitCast(held, to: T.self) }
    return _openExistential(value, do: cast)
}

/// The members a keyed container read, to find extra ones when they are forbidden.
final class ReadKeys {
    var keys: Set<String> = []
    /// Whether the extra members were looked for (once, by the innermost type).
    var checked = false
}

/// A readable reason from an error a type's decoder threw.
func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
        DecodingError.valueNotFound(_, let context):
        context.debugDescription
    case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
    default: String(describing: error)
    }
}

/// `Optional`, for decoders that must make a `nil` of a type they hold only generically.
protocol NilValue: SendableMetatype {
    static var nilValue: Self { get }
    static var wrappedType: Any.Type { get }
}
extension Optional: NilValue { static var nilValue: Self { nil } }

/// The raw values of an enumeration type (`CaseIterable` and `RawRepresentable` by `String`
/// or an integer), or `nil` for another type.
func enumOptions<T>(_ type: T.Type) -> [JSONValue]? {
    guard let cases = T.self as? any (CaseIterable & RawRepresentable).Type else { return nil }
    return rawValues(cases)
}

private func rawValues<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [JSONValue]? {
    var values: [JSONValue] = []
    for item in E.allCases {
        switch item.rawValue {
        case let text as String: values.append(.string(text))
        case let number as any BinaryInteger:
            guard let whole = Int64(exactly: number) else { return nil }
            values.append(.int(whole))
        default: return nil
        }
    }
    return values
}
