internal import PonySupport
internal import Synchronization

/// What ``InputDecoder`` needs to know about a type beyond `Decodable`: whether it is a scalar,
/// an optional, an array of scalars or an enumeration, and the limits it declares. Worked out
/// once per type.
///
/// NB: the dynamic casts behind these answers and an enumeration's list of raw values were
/// remade for every field of every request, about 3% of a 10-field body's CPU time; a type's
/// answers never change. ``Constrained/constraints`` is read once, too.
struct InputTypeInfo: Sendable {
    let scalar: (any LaxScalar.Type)?
    let optional: (any NilValue.Type)?
    /// An array of scalars, or of other items (see ArrayInput.swift).
    let scalarArray: (any LaxScalarArray.Type)?
    let array: (any DecodableArray.Type)?
    /// An enumeration's raw values (see ``enumOptions(_:)``).
    let options: [JSONValue]?
    let limits: FieldLimits

    private init<T>(_ type: T.Type) {
        scalar = T.self as? any LaxScalar.Type
        optional = T.self as? any NilValue.Type
        scalarArray = T.self as? any LaxScalarArray.Type
        array = T.self as? any DecodableArray.Type
        options = enumOptions(T.self)
        limits = FieldLimits((T.self as? any Constrained.Type)?.constraints ?? [:])
    }

    private static let known = Mutex<[ObjectIdentifier: InputTypeInfo]>([:])

    /// The answers for `type`, worked out on its first use.
    static func of<T>(_ type: T.Type) -> InputTypeInfo {
        let key = ObjectIdentifier(T.self)
        if let info = known.withLock({ $0[key] }) { return info }
        let info = InputTypeInfo(T.self)
        known.withLock { $0[key] = info }
        return info
    }
}
