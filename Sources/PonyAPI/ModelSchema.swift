public import PonyORM
internal import PonySupport

/// Some fields of a model, as an endpoint's output or input (django-ninja's `ModelSchema`
/// with `fields` or `exclude`):
///
/// ```swift
/// struct TaskOut: ModelSchema {
///     static let fields: [String]? = ["id", "title", "done"]
///     var row: Task
/// }
/// struct TaskIn: ModelSchema {
///     static let exclude = ["owner"]
///     var row: Task
/// }
/// app.api.get("/tasks") { _ in try await Task.objects.all().fetch().map(TaskOut.init) }
/// app.api.post("/tasks", body: TaskIn.self, status: .created) { _, new in
///     TaskOut(row: try await new.row.save())
/// }
/// ```
///
/// As output it encodes the named fields of ``row``; its schema is theirs, under the type's
/// name. As input (`body:`), it reads the fields a request may set (not the automatic key,
/// not `editable: false` or automatically dated fields; those it names are read-only and
/// ignored) into a new row, leniently and with the model's choices and lengths, every issue at
/// `["body", field]`; fields not sent get their defaults. Whether a related row exists is
/// checked when the row is saved.
public protocol ModelSchema: Codable, Sendable {
    /// The model.
    associatedtype Row: Model
    /// The fields it holds, by name; `nil` (the default) for all but ``exclude``.
    static var fields: [String]? { get }
    /// Fields left out of all of them (default: none).
    static var exclude: [String] { get }
    /// The row it shows, or that its input made.
    var row: Row { get }
    /// Shows `row`.
    init(row: Row)
}

extension ModelSchema {
    /// All fields.
    public static var fields: [String]? { nil }
    /// None.
    public static var exclude: [String] { [] }

    /// The names of the fields it holds.
    static var fieldNames: Set<String> {
        let all = Row.schema.fields.map(\.name)
        return Set((fields ?? all).filter { !exclude.contains($0) })
    }

    /// Encodes the fields it holds, by name.
    public func encode(to encoder: any Encoder) throws { try row.encode(to: encoder, fields: Self.fieldNames) }

    /// Reads a new row from an endpoint's JSON input; other decoders cannot make one.
    public init(from decoder: any Decoder) throws {
        guard let input = inputDecoder(decoder) else {
            throw DecodingError.typeMismatch(
                Self.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "A ModelSchema is read from an API request only"))
        }
        self.init(row: try ModelInput<Row>().row(from: input, fields: Self.fieldNames))
    }
}

extension ModelInput {
    /// A new row from the object at `input`, setting those of `names` a request may set;
    /// issues are recorded in the input's run, which then stops decoding.
    func row(from input: InputDecoder, fields names: Set<String>) throws -> M {
        guard case .object(let object)? = input.node else {
            _ = try? input.run.reject(input.node == nil ? .missing : .object, at: input.loc, as: Bool.self)
            throw PlaceholderUnavailable()
        }
        let known = input.run.issues.count
        var values: [Int: DatabaseValue] = [:]
        for (index, info) in fields where names.contains(info.name) {
            let loc = input.loc + [.string(info.name)]
            guard let node = object[info.name] else {
                if Self.isRequired(info) { _ = try? input.run.reject(.missing, at: loc, as: Bool.self) }
                continue
            }
            if node == .null && info.isNullable {
                values[index] = .null
                continue
            }
            switch Self.checkedValue(node, info) {
            case .success(let value): values[index] = value
            case .failure(let rejection): _ = try? input.run.reject(rejection, at: loc, as: Bool.self)
            }
        }
        if input.run.forbidsExtraFields {
            for key in object.keys where !names.contains(key) {
                _ = try? input.run.reject(.extra, at: input.loc + [.string(key)], as: Bool.self)
            }
        }
        guard input.run.issues.count == known else { throw PlaceholderUnavailable() }
        return try makeRow(values, over: nil)
    }

    /// A row of stand-in values (defaults, else zero values), for sampling a schema.
    func standIn() -> M? {
        let stored = M.schemaInfo.fields.map { field -> DatabaseValue in
            let initial = Self.initialValue(field)
            guard initial == .null, !field.isNullable || field.isAutomatic else { return initial }
            switch field.type {
            case .float, .decimal: return .double(0)
            case .char, .text, .email, .url, .slug, .file, .image, .genericIPAddress: return .text("")
            case .uuid: return .text("00000000000000000000000000000000")
            case .date: return .text("1970-01-01")
            case .time: return .text("00:00:00")
            case .json: return .text("null")
            case .binary: return .blob([])
            default: return .integer(0)
            }
        }
        return try? M(row: ModelRow(values: stored[...], model: M.schemaInfo.name))
    }

    /// The schema of a ``ModelSchema`` holding `names`: their schemas, read-only for those a
    /// request cannot set; required those a create must send, and the read-only ones.
    func schema(fields names: Set<String>, title: String) -> JSONObject {
        let editable = Set(fields.map(\.info.name))
        var properties = JSONObject()
        var required: [JSONValue] = []
        for field in M.schemaInfo.fields where names.contains(field.name) {
            var schema = field.isNullable ? nullable(fieldSchema(field)) : fieldSchema(field)
            if !editable.contains(field.name) { schema["readOnly"] = true }
            properties[field.name] = .object(schema)
            if !editable.contains(field.name) || Self.isRequired(field) { required.append(.string(field.name)) }
        }
        var schema: JSONObject = ["properties": .object(properties), "title": .string(title), "type": "object"]
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }
}

/// A stand-in and the schema of a ``ModelSchema`` type, for the sampler.
func sampleModelSchema<S: ModelSchema>(_ type: S.Type, _ components: SchemaComponents?) throws -> (S, JSONObject) {
    let input = ModelInput<S.Row>()
    guard let row = input.standIn() else { throw PlaceholderUnavailable() }
    guard let components else { return (S(row: row), [:]) }
    let schema = input.schema(fields: S.fieldNames, title: components.name(of: S.self))
    return (S(row: row), components.reference(S.self, schema))
}
