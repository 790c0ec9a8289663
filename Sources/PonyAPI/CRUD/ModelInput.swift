internal import Foundation
internal import PonyORM
internal import PonySupport

/// A model's fields as API input: which a request may set, how JSON becomes their stored
/// values (leniently, as pydantic reads), and their schema.
struct ModelInput<M: Model>: Sendable {
    /// The fields a request may set: not the automatic key, not `editable: false`, not set
    /// automatically (`autoNow`, `autoNowAdd`), and not binary or duration values.
    let fields: [(index: Int, info: FieldInfo)]

    init() {
        fields = M.schemaInfo.fields.enumerated().compactMap { index, info in
            let options = info.options
            guard !info.isAutomatic, options.editable, !options.autoNow, !options.autoNowAdd else { return nil }
            switch info.type {
            case .binary, .duration: return nil
            default: return (index, info)
            }
        }
    }

    /// Whether a create (or full update) must send the field; one with a database default
    /// that is not sent is left to the database.
    static func isRequired(_ info: FieldInfo) -> Bool {
        !info.isNullable && info.defaultValue == nil && !info.options.blank && !info.hasDatabaseDefault
    }

    /// The stored values of the fields `body` sends, by field index, and the issues found
    /// (`partial`: missing fields are left alone, as PATCH does).
    func read(_ body: JSONValue?, partial: Bool, forbidsExtraFields: Bool) async throws -> (
        values: [Int: DatabaseValue], issues: [ValidationIssue]
    ) {
        var values: [Int: DatabaseValue] = [:]
        var issues: [ValidationIssue] = []
        func reject(_ rejection: Rejection, _ loc: [JSONValue]) {
            issues.append(ValidationIssue(type: rejection.type, loc: loc, msg: rejection.msg, ctx: rejection.ctx))
        }
        guard let body else { return ([:], [ValidationIssue(type: "missing", loc: ["body"], msg: "Field required")]) }
        guard case .object(let object) = body else {
            reject(.object, ["body"])
            return ([:], issues)
        }
        for (index, info) in fields {
            let loc: [JSONValue] = ["body", .string(info.name)]
            guard let node = object[info.name] else {
                if !partial && Self.isRequired(info) { reject(.missing, loc) }
                continue
            }
            if node == .null && info.isNullable {
                values[index] = .null
                continue
            }
            switch Self.checkedValue(node, info) {
            case .failure(let rejection): reject(rejection, loc)
            case .success(let value):
                if let rejection = try await Self.checkRelated(value, node, info) {
                    reject(rejection, loc)
                } else {
                    values[index] = value
                }
            }
        }
        if forbidsExtraFields {
            let names = Set(fields.map(\.info.name))
            for key in object.keys where !names.contains(key) { reject(.extra, ["body", .string(key)]) }
        }
        return (values, issues)
    }

    /// `node` as the field stores it.
    static func storedValue(_ node: JSONValue, _ info: FieldInfo) -> Result<DatabaseValue, Rejection> {
        switch info.type {
        case .bigAuto, .auto, .bigInteger, .integer, .smallInteger: return Int64.lax(node).map(\.databaseValue)
        case .positiveBigInteger, .positiveInteger, .positiveSmallInteger:
            return Int64.lax(node).flatMap { number in
                number >= 0
                    ? .success(number.databaseValue)
                    : .failure(
                        Rejection(
                            type: "greater_than_equal", msg: "Input should be greater than or equal to 0",
                            ctx: ["ge": 0]))
            }
        case .float: return Double.lax(node).map(\.databaseValue)
        case .decimal: return Decimal.lax(node).map(\.databaseValue)
        case .boolean: return Bool.lax(node).map(\.databaseValue)
        case .dateTime: return Date.lax(node).map(\.databaseValue)
        case .date: return CalendarDate.lax(node).map(\.databaseValue)
        case .time: return TimeOfDay.lax(node).map(\.databaseValue)
        case .uuid: return UUID.lax(node).map(\.databaseValue)
        case .json: return .success(.text(node.pythonJSON(compact: true, asciiOnly: false)))
        case .foreignKey, .oneToOne:
            if case .string(let text) = node, info.relatedModel.map(keyIsText) == true { return .success(.text(text)) }
            return Int64.lax(node).map(\.databaseValue)
        default: return String.lax(node).map(\.databaseValue)
        }
    }

    /// `node` as the field stores it, within the field's choices and maximum length.
    static func checkedValue(_ node: JSONValue, _ info: FieldInfo) -> Result<DatabaseValue, Rejection> {
        storedValue(node, info).flatMap { value in
            if let choices = info.choiceValues ?? info.options.choices?.map(\.0), !choices.contains(value) {
                return .failure(
                    .choice(
                        choices.map { choice in
                            switch choice {
                            case .integer(let number): .int(number)
                            case .text(let text): .string(text)
                            default: .null
                            }
                        }))
            }
            if let maxLength = info.type.maxLength, case .text(let text) = value,
                let rejection = Constraint.maxLength(maxLength).violation(of: text)
            {
                return .failure(rejection)
            }
            return .success(value)
        }
    }

    /// For a relation, a rejection when the related row does not exist.
    static func checkRelated(_ value: DatabaseValue, _ node: JSONValue, _ info: FieldInfo) async throws -> Rejection? {
        guard let related = info.relatedModel, value != .null, try await !exists(related, value) else { return nil }
        return Rejection(
            type: "value_error",
            msg:
                "Value error, \(related.schemaInfo.name) instance with \(related.schemaInfo.primaryKey.name) \(node.pythonJSON) does not exist."
        )
    }
}

/// Whether `model`'s primary key is text.
func keyIsText(_ model: any Model.Type) -> Bool {
    switch model.schemaInfo.primaryKey.type {
    case .bigAuto, .auto, .bigInteger, .integer, .smallInteger, .positiveInteger, .positiveBigInteger,
        .positiveSmallInteger:
        false
    default: true
    }
}

/// Whether a row of `model` has the primary key `key`.
func exists(_ model: any Model.Type, _ key: DatabaseValue) async throws -> Bool {
    try await existsOpened(model, key)
}

private func existsOpened<R: Model>(_ model: R.Type, _ key: DatabaseValue) async throws -> Bool {
    try await R.objects.filter(Q("pk", key)).exists()
}
