internal import PonySupport

// Arrays, which ``InputDecoder`` reads item by item itself rather than through `Array`'s own
// `init(from:)`: that makes an unkeyed container and, for every item, calls through the
// `UnkeyedDecodingContainer` existential and appends in code not specialised for the item
// type. Items are read and reported exactly as through `Decodable` (each refused item at its
// index, the array's own limits checked when its items passed).

/// An array of scalars, which ``InputDecoder`` reads with ``LaxScalar/laxArray(_:at:run:)``
/// (a loop made for each scalar type).
protocol LaxScalarArray: SendableMetatype {
    static func laxArray(_ items: [JSONValue], at loc: [JSONValue], run: ValidationRun) throws -> Self
}

extension Array: LaxScalarArray where Element: LaxScalar {
    static func laxArray(_ items: [JSONValue], at loc: [JSONValue], run: ValidationRun) throws -> [Element] {
        try Element.laxArray(items, at: loc, run: run)
    }
}

/// An array of any other `Decodable` items (objects, optionals, enumerations, arrays).
protocol DecodableArray: SendableMetatype {
    /// `items` decoded by `decoder`'s ``InputDecoder/item(_:at:)`` decoders.
    static func decodeItems(_ items: [JSONValue], with decoder: InputDecoder) throws -> Self
}

extension Array: DecodableArray where Element: Decodable {
    static func decodeItems(_ items: [JSONValue], with decoder: InputDecoder) throws -> [Element] {
        let info = InputTypeInfo.of(Element.self)
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            values.append(try decoder.item(item, at: index).decode(Element.self, info: info))
        }
        return values
    }
}
