internal import PonyORM
internal import PonySupport

/// The schema of what an endpoint returns: sampled from a `Decodable` type, read from a
/// model's fields, or `{}` (any JSON) for a type that is only `Encodable`. `nil` for ``NoContent``.
func outputSchema(_ type: Any.Type, into components: SchemaComponents) -> JSONObject? {
    if type == NoContent.self { return nil }
    if let model = type as? any Model.Type { return modelSchema(model, into: components) }
    if let array = type as? any ArraySchema.Type {
        return ["type": "array", "items": .object(outputSchema(array.elementType, into: components) ?? [:])]
    }
    if let optional = type as? any NilValue.Type {
        return nullable(outputSchema(optional.wrappedType, into: components) ?? [:])
    }
    if let decodable = type as? any Decodable.Type, let schema = try? sampleSchema(decodable, into: components) {
        return schema
    }
    return [:]
}

/// Arrays, whose schema is their element's.
protocol ArraySchema { static var elementType: Any.Type { get } }
extension Array: ArraySchema { static var elementType: Any.Type { Element.self } }

/// What an endpoint returns for "204 No Content": no body.
///
/// ```swift
/// api.delete("/todos/{int:id}") { request in
///     try await Todo.objects.filter("id", request.parameter("id", as: Int64.self)).delete()
///     return NoContent()
/// }
/// ```
public struct NoContent: Encodable, Sendable {
    /// Nothing.
    public init() {}
}
