public import PonyORM
internal import PonySupport
internal import PonyTemplates
internal import Synchronization

/// The rows a model choice field offers, read from the database by ``Form/loaded()``: each
/// row's key (as text), its label (the model's `text`) and the row.
final class LoadedChoices: Sendable {
    private let state = Mutex<(choices: [Choice], rows: [String: any Sendable])?>(nil)
    let load: @Sendable () async throws -> [(key: String, label: String, row: any Sendable)]
    let emptyLabel: String?

    init(
        emptyLabel: String?,
        load: @escaping @Sendable () async throws -> [(key: String, label: String, row: any Sendable)]
    ) {
        self.emptyLabel = emptyLabel
        self.load = load
    }

    /// Reads the rows.
    func refresh() async throws {
        let rows = try await load()
        let options = (emptyLabel.map { [Choice("", $0)] } ?? []) + rows.map { Choice($0.key, $0.label) }
        state.withLock { $0 = (options, Dictionary(rows.map { ($0.key, $0.row) }) { first, _ in first }) }
    }

    /// The options to show, once read.
    var choices: [Choice]? { state.withLock { $0?.choices } }

    /// The row whose key is `key`; throws Django's message when there is none, and a
    /// developer's message when the rows were never read.
    func row(_ key: String, invalid: String) throws(ValidationError) -> any Sendable {
        guard let rows = state.withLock({ $0?.rows }) else {
            throw ValidationError(
                "The choices of this field were not read: make the form with `try await MyForm(…).loaded()`.")
        }
        guard let row = rows[key] else { throw ValidationError(invalid) }
        return row
    }
}

/// The rows of `query` as choices.
func modelChoices<T: Model>(_ query: QuerySet<T>)
    -> @Sendable () async throws -> [(
        key: String, label: String, row: any Sendable
    )]
{
    { try await query.fetch().map { (describe($0.pk), $0.text, $0 as any Sendable) } }
}

/// Django's `ModelChoiceField`: one row of `queryset`, shown as a `<select>` of the rows'
/// texts and cleaned to the row itself.
///
/// ```swift
/// final class MoveForm: Form {
///     @ModelChoiceField(Owner.objects.orderBy("name")) var owner: Owner?
/// }
/// let form = try await MoveForm(data: try request.form).loaded()    // reads the rows
/// ```
///
/// The rows are read by ``Form/loaded()``, which a form with model choice fields needs
/// before it renders or validates (a view's code is `async`; a form's properties are not).
@propertyWrapper public struct ModelChoiceField<T: Model>: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// A model choice field; `emptyLabel` is the first option's text (`nil`: none).
    public init(
        _ queryset: QuerySet<T>, required: Bool = true, label: String? = nil, helpText: String = "",
        disabled: Bool = false, emptyLabel: String? = "---------", widget: Widget = .select(),
        validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        let loaded = LoadedChoices(emptyLabel: emptyLabel, load: modelChoices(queryset))
        var spec = FieldSpec(
            required: required, label: label, helpText: helpText, initial: nil, disabled: disabled, widget: widget,
            toValue: { value throws(ValidationError) in
                guard let key = value.text, !key.isEmpty else { return nil }
                try runChecks(key, [], validators)
                return try loaded.row(
                    key, invalid: ValidationMessages.invalidModelChoice)
            },
            prepare: { value in
                if let row = value as? T { return .text(describe(row.pk)) }
                return .text("\(value)")
            })
        spec.loadedChoices = loaded
        field = FieldBox(spec, errorMessages: errorMessages)
    }

    /// The chosen row (`nil` when none was chosen or the form is not valid).
    public var wrappedValue: T? {
        get { field.cleaned as? T }
        nonmutating set { field.cleaned = newValue }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `ModelMultipleChoiceField`: any rows of `queryset`, a `<select multiple>` of their
/// texts by default, cleaned to the rows. Read with ``Form/loaded()``, as ``ModelChoiceField``.
@propertyWrapper public struct ModelMultipleChoiceField<T: Model>: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// A model multiple-choice field.
    public init(
        _ queryset: QuerySet<T>, required: Bool = true, label: String? = nil, helpText: String = "",
        disabled: Bool = false, widget: Widget = .selectMultiple(), errorMessages: [String: String] = [:]
    ) {
        let loaded = LoadedChoices(emptyLabel: nil, load: modelChoices(queryset))
        let integerKeys = [.bigAuto, .auto, .integer, .bigInteger, .smallInteger].contains(T.schemaInfo.primaryKey.type)
        var spec = FieldSpec(
            required: required, label: label, helpText: helpText, initial: nil, disabled: disabled, widget: widget,
            toValue: { value throws(ValidationError) in
                let keys: [String]
                switch value {
                case .none: return nil
                case .list(let list): keys = list
                case .text(let text): keys = [text]
                case .bool, .file: throw ValidationError(ValidationMessages.list)
                }
                guard !keys.isEmpty else { return nil }
                var rows: [T] = []
                for key in keys {
                    // NB: as Django's, a key the primary key's type cannot hold has its own message.
                    if integerKeys, Int64(key) == nil { throw ValidationError("“\(key)” is not a valid value.") }
                    let row = try loaded.row(
                        key, invalid: ValidationMessages.invalidChoice(key))
                    if let row = row as? T { rows.append(row) }
                }
                return rows
            },
            prepare: { value in
                if let rows = value as? [T] { return .list(rows.map { describe($0.pk) }) }
                if let keys = value as? [String] { return .list(keys) }
                return .none
            })
        spec.loadedChoices = loaded
        spec.emptyWidgetValue = .list([])
        field = FieldBox(spec, errorMessages: errorMessages)
    }

    /// The chosen rows.
    public var wrappedValue: [T] {
        get { field.cleaned as? [T] ?? [] }
        nonmutating set { field.cleaned = newValue }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension Form {
    /// Reads the rows of the form's model choice fields (``ModelChoiceField``,
    /// ``ModelMultipleChoiceField``) and returns the form, so that it renders them and
    /// validates against them: `try await PickForm(data: try request.form).loaded()`.
    @discardableResult
    public func loaded() async throws -> Self {
        for field in core.fields {
            try await field.spec.loadedChoices?.refresh()
        }
        core.errors = nil
        return self
    }
}
