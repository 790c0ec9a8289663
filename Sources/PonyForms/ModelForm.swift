internal import Foundation
public import PonyORM
internal import PonySupport
internal import PonyTemplates
public import PonyWeb

/// A form made from a model (Django's `ModelForm`): a field for each editable model field,
/// mapped as Django maps them, and ``save(commit:storage:)`` to create or update the row.
///
/// ```swift
/// final class EntryForm: ModelForm<Entry> {
///     override class var modelFields: [String]? { ["name", "message"] }   // Meta.fields
///
///     override func clean() throws(ValidationError) {
///         if cleaned(\.message)?.contains("http://") == true { throw ValidationError("No spam, please.") }
///     }
/// }
///
/// let form = try await EntryForm(data: try request.form)
/// if try await form.validate() {
///     let entry = try await form.save()
/// }
/// ```
///
/// ``validate()`` runs the form's checks and then the model's (`fullClean`: lengths,
/// choices, and uniqueness against the database, with Django's messages), so it is `async`;
/// ``Form/isValid`` alone skips the model's. A foreign key is a `<select>` of the target's
/// rows (Django's `ModelChoiceField`), read from the database when the form is made, so
/// making one is `async` too; a many-to-many field is a `<select multiple>` of them (Django's
/// `ModelMultipleChoiceField`), saved with the row (or by ``saveManyToMany(_:)`` after
/// `save(commit: false)`, Django's `save_m2m()`).
open class ModelForm<M: Model>: Form {
    /// The model fields the form edits, by name, in this order (Django's `Meta.fields`);
    /// `nil` for every editable field.
    open class var modelFields: [String]? { nil }
    /// Model fields left out (Django's `Meta.exclude`).
    open class var excludedFields: [String] { [] }
    /// Foreign keys offered without listing every row of their target, for targets too big
    /// for a `<select>` (what the admin's `rawIdFields` and `autocompleteFields` use): only
    /// the current and the submitted rows are read, and a key with no row is refused.
    open class var relationInputs: [String: RelationInput] { [:] }
    /// Number fields that read and write the language's separators in a text input (Django's
    /// `Meta.localized_fields`); `["__all__"]` for every one.
    open class var localizedFields: [String] { [] }
    /// Messages that replace Django's, by field name and then by Django's error code
    /// (Django's `Meta.error_messages`): for the form field and for the model's validation
    /// of it (`["name": ["unique": "That name is taken."]]`).
    open class var errorMessages: [String: [String: String]] { [:] }

    /// The row being edited, or `nil` for a new one.
    public let instance: M?
    /// The options of each foreign key the form edits: the target rows' keys and texts.
    let relatedChoices: [String: [(String, String)]]

    /// A form for a new row (`instance: nil`) or for editing `instance`, whose values are
    /// the initial ones; reads the rows each foreign key may point to. (`required`, so that a
    /// ``ModelFormSet`` can make its forms.)
    public required init(
        data: QueryDict? = nil, files: UploadedFiles = UploadedFiles(), instance: M? = nil,
        initial: [String: any Sendable] = [:], prefix: String? = nil, autoID: String = "id_%s",
        useRequiredAttribute: Bool = true
    ) async throws {
        self.instance = instance
        relatedChoices = try await Self.loadRelatedChoices(data: data, prefix: prefix, instance: instance)
        var values: [String: any Sendable] = [:]
        if let instance, instance.pk != .null {
            for relation in Self.editedManyToMany {
                values[relation.info.name] = try await relation.relatedKeys(of: instance).map(describe)
            }
        }
        if let instance {
            for field in M.schema.fields {
                let value = instance[keyPath: field.keyPath]
                if field.info.relatedModel != nil, let key = value as? any ModelValue {
                    values[field.name] = describe(key.databaseValue)
                } else if let value = ModelForm.formValue(value) {
                    values[field.name] = value
                }
            }
        }
        values.merge(initial) { $1 }
        super.init(
            data: data, files: files, initial: values, prefix: prefix, autoID: autoID,
            useRequiredAttribute: useRequiredAttribute)
    }

    /// A model form made without the database, for a ``FormSet``: its foreign keys offer no
    /// rows (so none can be chosen); make model forms with the `async` initializer.
    public required init(
        data: QueryDict? = nil, files: UploadedFiles = UploadedFiles(), initial: [String: any Sendable] = [:],
        prefix: String? = nil, autoID: String = "id_%s", labelSuffix: String = ":", useRequiredAttribute: Bool = true
    ) {
        instance = nil
        relatedChoices = [:]
        super.init(
            data: data, files: files, initial: initial, prefix: prefix, autoID: autoID, labelSuffix: labelSuffix,
            useRequiredAttribute: useRequiredAttribute)
    }

    /// The model fields the form edits.
    static var editedFields: [FieldInfo] {
        let editable = M.schemaInfo.fields.filter { field in
            !field.isAutomatic && field.options.editable
                && (field.relatedModel != nil || spec(for: field) != nil) && !excludedFields.contains(field.name)
        }
        guard let names = modelFields else { return editable }
        return names.compactMap { name in editable.first { $0.name == name || $0.column == name } }
    }

    /// The rows of each edited foreign key's target, in the target's ordering; for a field of
    /// ``relationInputs``, only the rows the instance and the submitted data name.
    static func loadRelatedChoices(data: QueryDict? = nil, prefix: String? = nil, instance: M? = nil) async throws
        -> [String: [(String, String)]]
    {
        var choices: [String: [(String, String)]] = [:]
        let inputs = relationInputs
        for field in editedFields {
            guard let target = field.relatedModel else { continue }
            guard inputs[field.name] != nil || inputs[snakeCase(field.name)] != nil else {
                choices[field.name] = try await rows(of: target)
                continue
            }
            var keys: [DatabaseValue] = []
            if let instance, let current = M.schema.fields.first(where: { $0.name == field.name }),
                let key = instance[keyPath: current.keyPath] as? any ModelValue
            {
                keys.append(key.databaseValue)
            }
            let name = (prefix.map { $0 + "-" } ?? "") + snakeCase(field.name)
            if let text = data?[name], let key = keyValue(text, for: target.schemaInfo.primaryKey) {
                keys.append(key)
            }
            choices[field.name] = try await rows(of: target, keys: keys.filter { $0 != .null })
        }
        for relation in editedManyToMany {
            choices[relation.info.name] = try await rows(of: relation.info.target)
        }
        return choices
    }

    private static func rows<T: Model>(of target: T.Type) async throws -> [(String, String)] {
        try await T.objects.fetch().map { (describe($0.pk), $0.text) }
    }

    private static func rows<T: Model>(of target: T.Type, keys: [DatabaseValue]) async throws -> [(String, String)] {
        guard !keys.isEmpty else { return [] }
        return try await T.objects.filter(.lookup("pk__in", .list(keys))).fetch().map { (describe($0.pk), $0.text) }
    }

    /// A submitted key as the target's primary key stores it, or `nil` when it cannot be one.
    private static func keyValue(_ text: String, for key: FieldInfo) -> DatabaseValue? {
        switch key.type {
        case .integer, .bigInteger, .smallInteger, .positiveInteger, .positiveBigInteger, .positiveSmallInteger, .auto,
            .bigAuto:
            Int64(text.trimmingCharacters(in: .whitespaces)).map(DatabaseValue.integer)
        default: text.isEmpty ? nil : .text(text)
        }
    }

    override func generatedFields() -> [FieldBox] {
        let columns = Self.editedFields.compactMap { info -> FieldBox? in
            let spec: FieldSpec?
            if info.relatedModel != nil {
                spec = Self.relationSpec(
                    for: info, choices: relatedChoices[info.name] ?? [], editing: instance != nil,
                    input: Self.relationInputs[info.name] ?? Self.relationInputs[snakeCase(info.name)])
            } else {
                let localized = Self.localizedFields
                spec = Self.spec(
                    for: info,
                    localize: localized.contains("__all__") || localized.contains(info.name)
                        || localized.contains(snakeCase(info.name)))
            }
            guard var spec else { return nil }
            spec.verboseName = verboseName(name: info.name, verboseName: info.options.verboseName)
            let box = FieldBox(spec, errorMessages: Self.errorMessages(for: info.name))
            box.name = snakeCase(info.name)
            box.swiftName = info.name
            return box
        }
        let relations = Self.editedManyToMany.map { relation in
            var spec = Self.manyToManySpec(for: relation.info, choices: relatedChoices[relation.info.name] ?? [])
            spec.verboseName = verboseName(name: relation.info.name, verboseName: relation.info.options.verboseName)
            let box = FieldBox(spec, errorMessages: Self.errorMessages(for: relation.info.name))
            box.name = snakeCase(relation.info.name)
            box.swiftName = relation.info.name
            return box
        }
        // NB: in `modelFields`' order when it is given; else the columns, then the relations.
        guard let order = Self.modelFields else { return columns + relations }
        let position = { (box: FieldBox) in order.firstIndex { $0 == box.swiftName || $0 == box.name } ?? order.count }
        return (columns + relations).enumerated().sorted {
            (position($0.element), $0.offset) < (position($1.element), $1.offset)
        }
        .map(\.element)
    }

    /// Django's `formfield()` for a model field: the form field, widget, label, help text,
    /// `required` (not for `blank` or optional fields) and choices; `localize` for numbers.
    static func spec(for field: FieldInfo, localize: Bool = false) -> FieldSpec? {
        // NB: as Django's `formfield()`: required unless blank (or, in Swift, optional); a
        // default is the initial value, not a reason to skip the field.
        let required = !field.options.blank && !field.isNullable
        let label = label(for: field)
        let help = field.options.helpText ?? ""
        if let pairs = field.choices {
            // NB: Django offers "---------" unless the field has a default to preselect.
            let blank = field.options.blank || field.isNullable || field.defaultValue == nil
            // NB: labels are message ids, as Django's are usually `gettext_lazy` strings.
            let choices = (blank ? [("", "---------")] : []) + pairs.map { (describe($0.0), translate($0.1)) }
            var spec = ChoiceField<String?>(choices: choices, required: required, label: label, helpText: help).field
                .spec
            spec.initial = field.defaultValue.map { describe($0()) }
            return spec
        }
        let spec: FieldSpec?
        switch field.type {
        case .char(let maxLength):
            spec = CharField<String?>(required: required, label: label, helpText: help, maxLength: maxLength).field.spec
        case .text:
            spec = CharField<String?>(required: required, label: label, helpText: help, widget: .textarea).field.spec
        case .email(let maxLength):
            spec =
                EmailField<String?>(required: required, label: label, helpText: help, maxLength: maxLength).field.spec
        case .url(let maxLength):
            spec = URLField<String?>(required: required, label: label, helpText: help, maxLength: maxLength).field.spec
        case .slug(let maxLength):
            spec = SlugField<String?>(required: required, label: label, helpText: help, maxLength: maxLength).field.spec
        case .integer, .bigInteger, .smallInteger:
            spec = IntegerField<Int?>(required: required, label: label, helpText: help, localize: localize).field.spec
        case .positiveInteger, .positiveBigInteger, .positiveSmallInteger:
            spec =
                IntegerField<Int?>(required: required, label: label, helpText: help, minValue: 0, localize: localize)
                .field.spec
        case .float:
            spec = FloatField<Double?>(required: required, label: label, helpText: help, localize: localize).field.spec
        case .decimal(let digits, let places):
            spec =
                DecimalField<Decimal?>(
                    required: required, label: label, helpText: help, maxDigits: digits, decimalPlaces: places,
                    localize: localize
                ).field.spec
        case .boolean: spec = BooleanField(required: false, label: label, helpText: help).field.spec
        case .date: spec = DateField<CalendarDate?>(required: required, label: label, helpText: help).field.spec
        case .dateTime: spec = DateTimeField<Date?>(required: required, label: label, helpText: help).field.spec
        case .time: spec = TimeField<TimeOfDay?>(required: required, label: label, helpText: help).field.spec
        case .uuid: spec = UUIDField<UUID?>(required: required, label: label, helpText: help).field.spec
        case .genericIPAddress:
            spec = GenericIPAddressField<String?>(required: required, label: label, helpText: help).field.spec
        case .file(let maxLength):
            spec =
                FileField<UploadedFile?>(
                    required: required, label: label, helpText: help, maxLength: maxLength,
                    mediaURL: FileStorage.default.baseURL
                ).field.spec
        case .image(let maxLength):
            spec =
                ImageField<UploadedFile?>(
                    required: required, label: label, helpText: help, maxLength: maxLength,
                    mediaURL: FileStorage.default.baseURL
                ).field.spec
        default: spec = nil
        }
        guard var spec else { return nil }
        if let make = field.defaultValue, spec.initial == nil { spec.initial = typed(make(), field.type) }
        return spec
    }

    /// A stored default as the form field's type (`0` as `false` for a boolean).
    static func typed(_ value: DatabaseValue, _ type: FieldType) -> (any Sendable)? {
        guard value != .null else { return nil }
        switch type {
        case .boolean: return try? Bool(databaseValue: value)
        case .date: return try? CalendarDate(databaseValue: value)
        case .time: return try? TimeOfDay(databaseValue: value)
        case .dateTime: return try? Date(databaseValue: value)
        case .decimal: return try? Decimal(databaseValue: value)
        case .uuid: return try? UUID(databaseValue: value)
        case .float: return try? Double(databaseValue: value)
        default: return formValue(value)
        }
    }

    /// Django's `ModelChoiceField` for a foreign key: a `<select>` of `choices`, the target's
    /// rows (`---------` first unless the field is required and has an initial value), or the
    /// input ``relationInputs`` asks for. A key outside `choices` is refused with Django's message.
    static func relationSpec(
        for field: FieldInfo, choices: [(String, String)], editing: Bool, input: RelationInput? = nil
    ) -> FieldSpec {
        let required = !field.options.blank && !field.isNullable
        let label = label(for: field)
        var widget = input == .key ? Widget.textInput(attrs: ["class": "vForeignKeyRawIdAdminField"]) : Widget.select()
        if input != .key {
            let blank = (required && editing && input == nil) ? [] : [("", "---------")]
            widget.choices = (blank + choices).map { Choice($0.0, $0.1) }
        }
        let keys = Set(choices.map(\.0))
        return FieldSpec(
            required: required, label: label, helpText: field.options.helpText ?? "", initial: nil, disabled: false,
            widget: widget,
            toValue: { value in
                guard let text = value.text, !text.isEmpty else { return nil }
                return text
            },
            validate: { value throws(ValidationError) in
                guard let key = value as? String, keys.contains(key) else {
                    throw ValidationError(ValidationMessages.invalidModelChoice)
                }
            },
            prepare: { value in .text((value as? String) ?? "\(value)") })
    }

    /// A model property's value as a form field takes it (`Int64` as `Int`, no `Optional`).
    static func formValue(_ value: Any) -> (any Sendable)? {
        switch value {
        case let value as DatabaseValue:
            switch value {
            case .null: return nil
            case .integer(let number): return Int(exactly: number)
            case .double(let number): return number
            case .text(let text): return text
            case .blob: return nil
            }
        case let optional as any OptionalProtocol: return optional.unwrapped.flatMap(formValue)
        case let number as any BinaryInteger: return Int(exactly: number)
        case let choice as any Choices: return describe(choice.databaseValue)
        case let value as any Sendable: return value
        default: return nil
        }
    }

    /// The cleaned value of the model field at `keyPath`, as the model's type (`nil` when
    /// the field has errors, was left empty, or is not in the form): for ``Form/clean()``.
    ///
    /// ```swift
    /// if form.cleaned(\.message)?.contains("http://") == true { … }
    /// ```
    public func cleaned<V: ModelValue>(_ keyPath: KeyPath<M, V>) -> V? {
        _ = errors
        guard let name = M.schema.fieldName(keyPath), let info = M.schemaInfo.field(named: name),
            let box = field(named: name), let value = box.cleaned
        else { return nil }
        return try? V(databaseValue: Self.databaseValue(value, for: info))
    }

    /// Checks the form's fields, then the model's rules on the row it would save (Django's
    /// `is_valid()` for a model form, whose `_post_clean` calls `full_clean`): `true` when
    /// both pass.
    public func validate() async throws -> Bool {
        guard isBound else { return false }
        // NB: as Django's `_post_clean`, the model's checks run on the fields that passed
        // the form's, even when others failed, so that every error shows at once.
        let formErrors = Set(errors.map(\.field))
        let failed = Self.editedFields.map(\.name).filter { formErrors.contains(self.field(named: $0)?.name ?? $0) }
        do {
            let messages = Dictionary(
                uniqueKeysWithValues: M.schemaInfo.fields.map { ($0.name, Self.errorMessages(for: $0.name)) }
                    .filter { !$0.1.isEmpty })
            try await buildInstance(storing: nil, skipping: Set(failed))
                .fullClean(exclude: Self.uncheckedFields + failed, errorMessages: messages)
            if formErrors.isEmpty { try await cleanWithDatabase() }
        } catch let error as ValidationError {
            for (field, messages) in error.errors.sorted(by: { $0.key < $1.key }) {
                let name = field == ValidationError.nonField ? nil : self.field(named: field)?.name ?? field
                for message in messages { addError(name, message) }
            }
        }
        return errors.isEmpty
    }

    /// Checks that read the database (what a Django form's `clean()` does with queries), run by
    /// ``validate()`` once the form's and the model's own checks pass: throw a
    /// ``PonyORM/ValidationError`` to show on the form. Does nothing by default.
    open func cleanWithDatabase() async throws {}

    /// ``errorMessages`` for the model field `name`, given by its Swift or its snake_case name.
    static func errorMessages(for name: String) -> [String: String] {
        errorMessages[name] ?? errorMessages[snakeCase(name)] ?? [:]
    }

    /// Model fields the form does not edit: the model's checks skip them, as Django's do.
    static var uncheckedFields: [String] {
        let edited = Set(editedFields.map(\.name))
        return M.schemaInfo.fields.map(\.name).filter { !edited.contains($0) }
    }

    /// The instance with the cleaned values (a new one from the model's defaults when none
    /// was given). A new file is named as it would be stored, but not stored: ``save(commit:storage:)``
    /// stores it.
    public func buildInstance() throws -> M { try buildInstance(storing: nil) }

    /// The instance; with a `storage`, new files are saved there first and their stored
    /// names (Django's available names) used. Fields in `failed` (which the form refused)
    /// keep the instance's values, as Django's `construct_instance` skips them.
    private func buildInstance(storing storage: FileStorage?, skipping failed: Set<String> = []) throws -> M {
        let info = M.schemaInfo
        var values =
            instance?.databaseValues
            ?? info.fields.map { field in field.defaultValue?() ?? Self.placeholder(for: field) }
        let edited = Set(Self.editedFields.map(\.name))
        for (index, field) in info.fields.enumerated() {
            guard edited.contains(field.name), !failed.contains(field.name), let box = self.field(named: field.name)
            else { continue }
            if case .upload(let file) = box.cleaned as? FileChange {
                let target = storage ?? FileStorage.default
                let name = try target.uploadName(file.name, uploadTo: field.options.uploadTo)
                values[index] = .text(try storage?.save(file, as: name, maxLength: field.type.maxLength) ?? name)
                continue
            }
            values[index] = Self.databaseValue(box.cleaned, for: field)
        }
        return try M(row: ModelRow(values: values[...], model: info.name))
    }

    /// A new row's value for a field the form does not set and the model gives no default:
    /// now for `autoNow` dates (saving sets them again), else the type's zero, so the row can
    /// be built; `NULL` for optional fields, relations and fields with a database default
    /// (which the save leaves to the database, as Django leaves a `DatabaseDefault`).
    static func placeholder(for field: FieldInfo) -> DatabaseValue {
        guard !field.isNullable, !field.isAutomatic, !field.hasDatabaseDefault else { return .null }
        switch field.type {
        case .dateTime: return Date().databaseValue
        case .date: return (CalendarDate(Date()) ?? .min).databaseValue
        case .time: return TimeOfDay.midnight.databaseValue
        case .decimal: return Decimal(0).databaseValue
        case .uuid: return UUID().databaseValue
        case .float: return .double(0)
        case .char, .text, .email, .url, .slug, .genericIPAddress, .file, .image: return .text("")
        case .foreignKey, .oneToOne, .json, .binary, .duration: return .null
        default: return .integer(0)
        }
    }

    /// A cleaned value as the model stores it; a choice as its stored type.
    static func databaseValue(_ value: (any Sendable)?, for field: FieldInfo) -> DatabaseValue {
        // NB: as Django's: an empty text field that is not nullable stores "" (its form field's
        // empty value), not NULL.
        guard let value else {
            return !field.isNullable && Self.placeholder(for: field) == .text("") ? .text("") : .null
        }
        switch value as? FileChange {
        case .keep(let name): return .text(name)
        case .clear: return field.isNullable ? .null : .text("")
        case .upload(let file): return .text(file.name)
        case nil: break
        }
        if field.relatedModel != nil, let key = value as? String {
            return Int64(key).map(DatabaseValue.integer) ?? .text(key)
        }
        if let text = value as? String, let choices = field.options.choices?.map(\.0) ?? field.choiceValues {
            return choices.first { describe($0) == text } ?? (text.isEmpty ? .null : .text(text))
        }
        if let text = value as? String, text.isEmpty, field.isNullable { return .null }
        if let number = value as? Int { return .integer(Int64(number)) }
        if let model = value as? any ModelValue { return model.databaseValue }
        return .text("\(value)")
    }

    /// Validates (``validate()``) and saves the row; returns it. With `commit: false`, returns
    /// the instance without saving (Django's `save(commit=False)`). Throws the form's errors
    /// as a ``ValidationError`` when it is not valid.
    ///
    /// New files of file fields are saved in `storage` (``FileStorage/default``, the site's
    /// `media/`, when `nil`) under the field's `uploadTo`, and the row holds their names.
    /// As a row holds only names, files are stored even with `commit: false`.
    @discardableResult
    public func save(commit: Bool = true, storage: FileStorage? = nil) async throws -> M {
        guard try await validate() else {
            throw ValidationError(Dictionary(errors.map { ($0.field, $0.messages) }) { $0 + $1 })
        }
        let row = try buildInstance(storing: storage ?? FileStorage.default)
        guard commit else { return row }
        // NB: the row and its relations together, or neither.
        let relations = chosenRelations
        return try await ORM.atomic {
            var saved = row
            try await saved.save()
            for (relation, keys) in relations { try await relation.setRelated(saved, keys: keys) }
            return saved
        }
    }
}

/// `Optional` of any type, so a model property's value can be unwrapped.
protocol OptionalProtocol {
    var unwrapped: Any? { get }
}

extension Optional: OptionalProtocol {
    var unwrapped: Any? { self.map { $0 as Any } }
}

/// A stored value as text: the value a choice's `<option>` submits.
func describe(_ value: DatabaseValue) -> String {
    switch value {
    case .null: ""
    case .integer(let number): String(number)
    case .double(let number): String(number)
    case .text(let text): text
    case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
    }
}

/// A model field's form label: its verbose name (`created at` by default) with a capital
/// first letter, as Django's `capfirst(verbose_name)`.
func label(for field: FieldInfo) -> String { label(name: field.name, verboseName: field.options.verboseName) }

/// A model field's label from its name (`relatedTags` → "Related tags") or verbose name.
func label(name: String, verboseName: String?) -> String {
    capitalizedFirst(PonyForms.verboseName(name: name, verboseName: verboseName))
}

/// A model field's verbose name: the given one, else its name in words (`relatedTags` →
/// "related tags").
func verboseName(name: String, verboseName: String?) -> String {
    verboseName ?? String(snakeCase(name).map { $0 == "_" ? " " : $0 })
}

/// Django's `capfirst`.
func capitalizedFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

/// How a ``ModelForm`` offers a foreign key without listing every row of its target.
public enum RelationInput: Sendable, Equatable {
    /// A text box for the target's primary key (Django's `ForeignKeyRawIdWidget`).
    case key
    /// A `<select>` holding only the chosen row, for a script to fill with search results
    /// (Django's `AutocompleteSelect`).
    case search
}
