internal import Foundation
internal import PonySupport

/// Invalid values, by field: what Django's `ValidationError.message_dict` holds. Thrown by
/// ``Model/fullClean(exclude:)`` and, for values the column cannot store, by `save()`.
///
/// A field validator (`@Field(validators: [...])`) throws one with a message:
/// `throw ValidationError("Enter an even number.")`.
public struct ValidationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The key of errors that belong to no single field (Django's `NON_FIELD_ERRORS`).
    public static let nonField = "__all__"

    /// Messages by field name.
    public var errors: [String: [String]]

    /// One message, not tied to a field (a validator's; the field is added where it is caught).
    public init(_ message: String) { errors = [Self.nonField: [message]] }

    /// Messages by field name.
    public init(_ errors: [String: [String]]) { self.errors = errors }

    /// Every message, by field name and then in order (Django's `ValidationError.messages`).
    public var messages: [String] { errors.sorted { $0.key < $1.key }.flatMap(\.value) }

    /// Every message, as `field: message` lines sorted by field name.
    public var description: String {
        errors.sorted { $0.key < $1.key }.flatMap { field, messages in messages.map { "\(field): \($0)" } }
            .joined(separator: "\n")
    }
}

extension Model {
    /// Validates every field as Django's `full_clean()` does, and throws a
    /// ``ValidationError`` with all the problems found: required values (null, blank),
    /// maximum lengths, choices, decimal digits, email/URL/slug formats, the fields'
    /// validators, then uniqueness against the database (unless the field already failed),
    /// then the model's constraints (Django's `validate_constraints`: check constraints and
    /// unique ones, skipped when a field they name is excluded or failed, or, for a unique
    /// one, `nil`). `exclude` names fields not to check. A field's
    /// ``FieldOptions/errorMessages`` replace Django's messages for their codes.
    public func fullClean(exclude: [String] = []) async throws {
        try await fullClean(exclude: exclude, errorMessages: [:])
    }

    /// ``fullClean(exclude:)`` with messages by field name and code that replace the fields'
    /// own (a model form's `errorMessages`, Django's `Meta.error_messages`).
    package func fullClean(exclude: [String], errorMessages: [String: [String: String]]) async throws {
        let values = databaseValues
        var errors = Self.fieldErrors(values, exclude: exclude, storageOnly: false, errorMessages: errorMessages)
        let info = Self.schemaInfo
        for (index, field) in info.fields.enumerated()
        where field.options.unique && !field.isAutomatic && !exclude.contains(field.name) && errors[field.name] == nil
            && values[index] != .null
        {
            var others = Self.objects.filter(.lookup(field.name, .value(values[index])))
            if pk != .null { others = others.exclude(.lookup("pk", .value(pk))) }
            if try await others.exists() {
                let message = Self.withMessages(of: field, errorMessages) {
                    ValidationMessages.unique(
                        model: capitalizedFirst(info.verboseName),
                        field: capitalizedFirst(field.options.verboseName ?? words(field.name)))
                }
                errors[field.name, default: []].append(message)
            }
        }
        // NB: as Django, constraints skip the fields excluded and those that already failed.
        let skipped = Set(exclude).union(errors.keys)
        for constraint in info.options.constraints {
            if let message = try await violation(of: constraint, values, skipping: skipped) {
                errors[ValidationError.nonField, default: []].append(message)
            }
        }
        if !errors.isEmpty { throw ValidationError(errors) }
    }

    /// Django's message when the instance breaks `constraint`, or `nil`: a check whose
    /// condition is false (not `NULL`), or another row with the same values in a unique
    /// constraint's fields ("Entry with this Owner and Name already exists."; with a
    /// condition, when it holds for both rows). A constraint naming a skipped field, or a
    /// unique one with a `nil` value, is not checked.
    private func violation(of constraint: ModelConstraint, _ values: [DatabaseValue], skipping skipped: Set<String>)
        async throws -> String?
    {
        let info = Self.schemaInfo
        if !constraint.fieldNames(of: info).isDisjoint(with: skipped) { return nil }
        guard case .unique(let unique) = constraint else {
            return try await Self.isFalse(constraint.condition, for: values) ? constraint.violationMessage : nil
        }
        var others = Self.objects.all()
        var labels: [String] = []
        // NB: as Django, a NULL makes the row unique unless the constraint makes NULLs equal
        // (`nullsDistinct: false`); then it matches the others' NULLs.
        let nullsMatch = unique.nullsDistinct == false
        for name in unique.fields {
            guard let index = info.fieldIndex(name), !skipped.contains(info.fields[index].name) else { return nil }
            let field = info.fields[index]
            // NB: as Django, a generated field's value is its expression's for this instance,
            // not the value it holds until it is saved.
            var value = values[index]
            if let expression = field.options.generated { value = try await Self.value(of: expression, for: values) }
            guard value != .null || nullsMatch else { return nil }
            others = others.filter(Self.sameValue(field.name, value))
            labels.append(capitalizedFirst(field.options.verboseName ?? words(field.name)))
        }
        // NB: as Django, an expression's value for this instance is compared with the
        // others': computed by the database from the instance's values, annotated on theirs.
        for (index, expression) in unique.expressions.enumerated() {
            let value = try await Self.value(of: expression, for: values)
            if value == .null && !nullsMatch { return nil }
            let name = "_unique\(index)"
            others = others.annotate([name: expression]).filter(Self.sameValue(name, value))
        }
        if pk != .null { others = others.exclude(.lookup("pk", .value(pk))) }
        if unique.isIndex {
            let condition = unique.condition ?? .and([])
            guard try await !Self.isFalse(condition, for: values), try await others.filter(condition).exists() else {
                return nil
            }
            return constraint.violationMessage
        }
        guard try await others.exists() else { return nil }
        if unique.violationErrorMessage != nil { return constraint.violationMessage }
        // NB: Django's get_text_list: "A", "A and B", "A, B and C".
        let list =
            labels.count < 2
            ? labels.joined() : labels.dropLast().joined(separator: ", ") + " and " + labels[labels.count - 1]
        return "\(capitalizedFirst(info.verboseName)) with this \(list) already exists."
    }

    /// Rows whose `path` holds `value`: `IS NULL` for a `NULL`.
    private static func sameValue(_ path: String, _ value: DatabaseValue) -> Q {
        value == .null ? .lookup(path + "__isnull", .value(.integer(1))) : .lookup(path, .value(value))
    }

    /// Whether `condition` is false (not true, not `NULL`) for the instance's `values`,
    /// asked of the database as Django's `Q.check` does: `SELECT 1 WHERE NOT (condition)`, the
    /// columns replaced by the values (cast to their columns' types where the database would
    /// not infer them).
    private static func isFalse(_ condition: Q?, for values: [DatabaseValue]) async throws -> Bool {
        guard let condition else { return false }
        var compiler = SQLCompiler(root: schemaInfo)
        let expression = try compiler.compile(condition)
        return try await !query(.not(expression), values).isEmpty
    }

    /// What `expression` computes for the instance's `values`, asked of the database.
    private static func value(of expression: F, for values: [DatabaseValue]) async throws -> DatabaseValue {
        var compiler = SQLCompiler(root: schemaInfo)
        let compiled = try compiler.expression(expression)
        return try await query(compiled, values, selecting: true).first?.values.first ?? .null
    }

    /// `SELECT 1 WHERE expression` (or `SELECT expression`), the columns replaced by
    /// `values`, cast to their columns' types where the database would not infer them.
    private static func query(_ expression: SQLExpression, _ values: [DatabaseValue], selecting: Bool = false)
        async throws -> [DatabaseRow]
    {
        let info = schemaInfo
        let database = try ORM.requireDatabase()
        let dialect = database.dialect
        var columns: [String: SQLExpression] = [:]
        for (field, value) in zip(info.fields, values) {
            let bound = SQLExpression.typedBind(value, field.type)
            if dialect != .sqlite {
                columns[field.column] = .cast(bound, to: dialect.columnType(field.type))
            } else if case .decimal = field.type {
                // NB: as Django's SQLiteNumericMixin; text would compare as text.
                columns[field.column] = .cast(bound, to: "NUMERIC")
            } else {
                columns[field.column] = bound
            }
        }
        // NB: a generated column stands for its expression of the instance's values (Django's
        // `_get_field_expression_map`), when that names no generated column itself.
        for index in info.generatedIndices {
            guard let expression = info.fields[index].options.generated,
                expression.paths.allSatisfy({ info.field(named: lookupParts($0)[0])?.isGenerated == false })
            else { continue }
            var compiler = SQLCompiler(root: info)
            columns[info.fields[index].column] = try compiler.expression(expression)
        }
        let (sql, binds) = SQLRenderer.render(expression, values: columns, dialect, selecting: selecting)
        return try await database.query(rendered: sql, binds)
    }

    /// The values a column cannot store — too long, not a choice, too many digits — as
    /// `save()` checks them before writing, so the error names the field rather than
    /// coming back from the database.
    static func validateForStorage(_ values: [DatabaseValue]) throws {
        let errors = fieldErrors(values, exclude: [], storageOnly: true)
        if !errors.isEmpty { throw ValidationError(errors) }
    }

    private static func fieldErrors(
        _ values: [DatabaseValue], exclude: [String], storageOnly: Bool,
        errorMessages: [String: [String: String]] = [:]
    ) -> [String: [String]] {
        let info = schemaInfo
        var errors: [String: [String]] = [:]
        for (index, field) in info.fields.enumerated()
        where !field.isAutomatic && !field.isGenerated && !exclude.contains(field.name) {
            let messages = withMessages(of: field, errorMessages) {
                Self.messages(for: values[index], of: field, storageOnly: storageOnly)
            }
            if !messages.isEmpty { errors[field.name] = messages }
        }
        return errors
    }

    /// `body`'s result with the field's own messages (``FieldOptions/errorMessages``, then those
    /// `errorMessages` gives for it) in place of Django's.
    private static func withMessages<R>(
        of field: FieldInfo, _ errorMessages: [String: [String: String]], _ body: () -> R
    ) -> R {
        let given = errorMessages[field.name]
        if field.options.errorMessages.isEmpty && given == nil { return body() }
        let messages = field.options.errorMessages.merging(given ?? [:]) { $1 }
        return ValidationMessages.$overrides.withValue(messages, operation: body)
    }

    private static func messages(for value: DatabaseValue, of field: FieldInfo, storageOnly: Bool) -> [String] {
        // NB: Django does not validate fields that forms cannot edit: binary data and the
        // automatic dates (their validators still run).
        let editable =
            field.options.editable && field.type != .binary && !field.options.autoNow && !field.options.autoNowAdd
        if !editable && !storageOnly { return validatorMessages(value, field) }
        if value == .null {
            // NB: an Optional is Django's `null=True, blank=True`: `nil` is a valid answer; for
            // a field with a database default it is that default (Django's `DatabaseDefault`).
            return field.isNullable || field.hasDatabaseDefault ? [] : [ValidationMessages.cannotBeNull]
        }
        var messages: [String] = []
        if case .text(let text) = value {
            // NB: as in Django, an empty JSON list or object is blank too.
            if !storageOnly && !field.options.blank
                && (text.isEmpty || (field.type == .json && (text == "[]" || text == "{}")))
            {
                return [ValidationMessages.cannotBeBlank]
            }
            let length = text.unicodeScalars.count
            if let maximum = field.type.maxLength, length > maximum {
                messages.append(ValidationMessages.maxLength(maximum, length))
            }
            if !storageOnly, !text.isEmpty, let message = formatMessage(text, field.type) { messages.append(message) }
        }
        if let choices = field.choiceValues ?? field.options.choices?.map(\.0), !choices.contains(value) {
            messages.append(ValidationMessages.invalidModelValue(describe(value)))
        }
        if case .decimal(let digits, let places) = field.type, let decimal = try? Decimal(databaseValue: value) {
            messages += decimalMessages(decimal, digits: digits, places: places)
        }
        if !storageOnly { messages += validatorMessages(value, field) }
        return messages
    }

    private static func validatorMessages(_ value: DatabaseValue, _ field: FieldInfo) -> [String] {
        var messages: [String] = []
        for validator in field.options.validators {
            do {
                try validator(value)
            } catch let error as ValidationError {
                messages += error.errors.values.flatMap { $0 }
            } catch {
                messages.append("\(error)")
            }
        }
        return messages
    }
}

/// Django's messages for `DecimalField` digits.
private func decimalMessages(_ value: Decimal, digits: Int, places: Int) -> [String] {
    let text = "\(value)".replacingOccurrences(of: "-", with: "")
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let whole = parts[0].drop { $0 == "0" }.count
    let fraction = parts.count > 1 ? parts[1].count : 0
    if whole + fraction > digits {
        return [ValidationMessages.maxDigits(digits)]
    }
    if fraction > places { return [ValidationMessages.maxDecimalPlaces(places)] }
    if whole > digits - places {
        return [ValidationMessages.maxWholeDigits(digits - places)]
    }
    return []
}

/// Django's messages for email, URL, slug and IP address fields, whose validators forms share.
private func formatMessage(_ text: String, _ type: FieldType) -> String? {
    switch type {
    case .email: TextFormats.isEmail(text) ? nil : ValidationMessages.email
    case .url: TextFormats.isURL(text) ? nil : ValidationMessages.url
    case .genericIPAddress: TextFormats.ipAddress(text) == nil ? ValidationMessages.ipAddress : nil
    case .slug:
        TextFormats.isSlug(text) ? nil : ValidationMessages.slug
    default: nil
    }
}

/// A value as Django's messages quote it (`'urgent'`, `3`).
private func describe(_ value: DatabaseValue) -> String {
    switch value {
    case .text(let text): "'\(text)'"
    case .integer(let number): String(number)
    case .double(let number): String(number)
    case .blob, .null: "\(value)"
    }
}

/// `createdAt` → `created at`: Django's default verbose name of a field or model.
func words(_ name: String) -> String { snakeCase(name).replacingOccurrences(of: "_", with: " ") }

private func capitalizedFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
