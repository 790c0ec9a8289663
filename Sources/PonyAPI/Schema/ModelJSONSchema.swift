internal import PonyORM
internal import PonySupport

/// The JSON Schema of a model as it encodes: every field by name, a relation as its key.
func modelSchema(_ model: any Model.Type, into components: SchemaComponents) -> JSONObject {
    openedModelSchema(model, components)
}

private func openedModelSchema<M: Model>(_ model: M.Type, _ components: SchemaComponents) -> JSONObject {
    var properties = JSONObject()
    for field in M.schema.fields {
        var schema = fieldSchema(field.info, output: true)
        if field.info.isNullable { schema = nullable(schema) }
        properties[field.name] = .object(schema)
    }
    let schema: JSONObject = [
        "properties": .object(properties), "required": .array(M.schema.fields.map { .string($0.name) }),
        "title": .string(String(describing: M.self)), "type": "object",
    ]
    return components.reference(M.self, schema)
}

/// The schema of one stored value, as a request may send it, or, for `output`, as a model
/// encodes it. A decimal is django-ninja's: a string of digits out (``Model`` encodes it so,
/// keeping every digit), a number or such a string in.
func fieldSchema(_ info: FieldInfo, output: Bool = false) -> JSONObject {
    var schema: JSONObject
    switch info.type {
    case .bigAuto, .auto, .bigInteger, .integer, .smallInteger, .foreignKey, .oneToOne: schema = ["type": "integer"]
    case .positiveSmallInteger, .positiveInteger, .positiveBigInteger: schema = ["type": "integer", "minimum": 0]
    case .float: schema = ["type": "number"]
    case .decimal:
        let digits: JSONObject = ["pattern": .string(decimalPattern), "type": "string"]
        schema = output ? digits : ["anyOf": [["type": "number"], .object(digits)]]
    case .boolean: schema = ["type": "boolean"]
    case .dateTime: schema = ["type": "string", "format": "date-time"]
    case .date: schema = ["type": "string", "format": "date"]
    case .time: schema = ["type": "string", "format": "time"]
    case .duration: schema = ["type": "string", "format": "duration"]
    case .uuid: schema = ["type": "string", "format": "uuid"]
    case .email: schema = ["type": "string", "format": "email"]
    case .url: schema = ["type": "string", "format": "uri"]
    case .json: schema = [:]
    default: schema = ["type": "string"]
    }
    if info.relatedModel.map({ relatedKeyIsText($0) }) == true { schema = ["type": "string"] }
    if let maxLength = info.type.maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
    if let choices = info.choiceValues ?? info.options.choices?.map(\.0) {
        schema["enum"] = .array(
            choices.compactMap {
                switch $0 {
                case .integer(let value): .int(value)
                case .text(let value): .string(value)
                default: nil
                }
            })
    }
    return schema
}

/// Pydantic's pattern of a decimal written as text (django-ninja's schemas carry it).
let decimalPattern = #"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$"#

private func relatedKeyIsText(_ model: any Model.Type) -> Bool { openedKeyIsText(model) }

private func openedKeyIsText<M: Model>(_ model: M.Type) -> Bool {
    let index = M.schema.info.primaryKeyIndex
    guard M.schema.fields.indices.contains(index) else { return false }
    switch M.schema.fields[index].info.type {
    case .bigAuto, .auto, .bigInteger, .integer, .smallInteger, .positiveInteger, .positiveBigInteger,
        .positiveSmallInteger:
        return false
    default: return true
    }
}
