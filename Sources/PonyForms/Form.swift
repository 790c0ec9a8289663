public import PonyORM
public import PonyWeb
internal import Synchronization

/// A Django form: fields declared once, bound to submitted data, validated into typed
/// values, and rendered as Django 5.2 renders it.
///
/// ```swift
/// final class ContactForm: Form {
///     @CharField(maxLength: 100) var subject: String
///     @EmailField var sender: String
///     @CharField(widget: .textarea) var message: String
///     @BooleanField(required: false) var ccMyself: Bool
///
///     override func clean() throws(ValidationError) {
///         if subject.contains("viagra") { throw ValidationError("No spam, please.") }
///     }
/// }
///
/// app.post("/contact/") { request in
///     let form = ContactForm(data: try request.form)
///     if form.isValid {
///         send(form.subject, from: form.sender)            // typed, cleaned values
///         return Response.redirect(to: "/thanks/")
///     }
///     return try render(request, "contact.html", ["form": form])   // errors beside the inputs
/// }
/// ```
///
/// Fields are the properties declared with a field type (``CharField``, ``IntegerField``,
/// …), in declaration order, a parent class's first. A property `ccMyself` is the field
/// `cc_myself` (its input's name, and the label "Cc myself"), as a Django developer would
/// name it.
///
/// A form belongs to one request: it is validated once, the first time its errors, validity
/// or fields are read. Its state (data, fields, errors) is a ``FormCore`` that templates
/// read; the form object itself stays with the view.
open class Form {
    /// The state templates and bound fields read.
    public let core: FormCore

    /// The submitted data; empty for an unbound form.
    public var data: QueryDict { core.data }
    /// Whether data was given (Django's `is_bound`): only a bound form validates.
    public var isBound: Bool { core.isBound }
    /// Initial values by field name (`"cc_myself"` or `"ccMyself"`), shown by an unbound form.
    public var initial: [String: any Sendable] { core.initial }
    /// A prefix for the inputs' names (`prefix-name`), to put several forms in one page.
    public var prefix: String? { core.prefix }

    /// A form; bound when `data` is given (`ContactForm(data: try request.form)`), with the
    /// request's `files` for file fields (`files: try request.files`). `autoID`
    /// makes the inputs' `id`s (`%s` is the name; `""` for none); `labelSuffix` follows each
    /// label unless it ends in punctuation. (`required`, so that a ``FormSet`` can make its
    /// forms: a subclass with an initializer of its own also writes this one.)
    public required init(
        data: QueryDict? = nil, files: UploadedFiles = UploadedFiles(), initial: [String: any Sendable] = [:],
        prefix: String? = nil, autoID: String = "id_%s", labelSuffix: String = ":", useRequiredAttribute: Bool = true
    ) {
        core = FormCore(
            data: data, files: files, initial: initial, prefix: prefix, autoID: autoID, labelSuffix: labelSuffix,
            useRequiredAttribute: useRequiredAttribute)
        core.fields = Form.merge(generatedFields(), Form.discoverFields(Mirror(reflecting: self)))
        core.typeName = String(describing: type(of: self))
    }

    /// Fields a subclass makes instead of declaring (a model form's), before the declared
    /// ones; a declared field of the same name replaces one, in its place.
    func generatedFields() -> [FieldBox] { [] }

    private static func merge(_ generated: [FieldBox], _ declared: [FieldBox]) -> [FieldBox] {
        var result = generated
        for field in declared {
            if let index = result.firstIndex(where: { $0.name == field.name }) {
                result[index] = field
            } else {
                result.append(field)
            }
        }
        return result
    }

    /// The field wrappers of the object `mirror` reflects, its superclasses' first, named.
    private static func discoverFields(_ mirror: Mirror) -> [FieldBox] {
        var chain: [Mirror] = []
        var current: Mirror? = mirror
        while let next = current {
            chain.append(next)
            current = next.superclassMirror
        }
        var boxes: [FieldBox] = []
        for mirror in chain.reversed() {
            for child in mirror.children {
                guard let wrapper = child.value as? any FormFieldWrapper, var label = child.label else { continue }
                if label.hasPrefix("_") { label.removeFirst() }
                wrapper.field.name = snakeCase(label)
                wrapper.field.swiftName = label
                boxes.append(wrapper.field)
            }
        }
        return boxes
    }

    // MARK: - Validation

    /// Checks the form as a whole, after every field cleaned (Django's `clean()`): read the
    /// typed properties, throw a ``ValidationError`` for an error that belongs to no one
    /// field, or call ``addError(_:_:)``. Does nothing by default.
    open func clean() throws(ValidationError) {}

    /// Checks one field after it cleaned, by name (`"username"`; Django's `clean_<name>()`):
    /// read its property, set it to change the cleaned value, or throw a ``ValidationError``
    /// to show beside the field. Does nothing by default.
    open func clean(field name: String) throws(ValidationError) {}

    /// Every error, by field name in field order, with the errors of the form as a whole
    /// under `__all__`; empty for an unbound form. Reading it validates the form once.
    public var errors: [(field: String, messages: [String])] {
        if let known = core.errors { return known }
        return fullClean()
    }

    /// Whether the form is bound and has no errors (Django's `is_valid()`).
    public var isValid: Bool { isBound && errors.isEmpty }

    /// The errors of one field (or `ValidationError.nonField` for the form's own).
    public func errors(for field: String) -> [String] {
        _ = errors
        return core.errors(for: field)
    }

    /// The cleaned values by field name, of the fields without errors (Django's
    /// `cleaned_data`); the typed properties are the usual way to read them.
    public var cleanedData: [String: any Sendable] {
        _ = errors
        var values: [String: any Sendable] = [:]
        for field in core.fields where core.errors(for: field.name).isEmpty { values[field.name] = field.cleaned }
        return values
    }

    /// The errors of the form as a whole (Django's `non_field_errors()`).
    public var nonFieldErrors: [String] { errors(for: ValidationError.nonField) }

    /// Adds an error to `field` (`nil`: to the form as a whole) and drops the field's cleaned
    /// value, as Django's `add_error`; for ``clean()``.
    public func addError(_ field: String?, _ message: String) {
        _ = errors
        let key = field.flatMap { core.field(named: $0)?.name ?? $0 } ?? ValidationError.nonField
        core.record(key, [message])
    }

    /// The field called `name` (its snake_case or Swift name).
    func field(named name: String) -> FieldBox? { core.field(named: name) }

    /// Django's `full_clean`: each field cleaned (then its hook), then the form's ``clean()``.
    /// Errors are recorded as they are found, so `clean()` sees the fields' errors and may
    /// add its own.
    private func fullClean() -> [(field: String, messages: [String])] {
        core.errors = []
        // NB: as Django's: an extra form of a formset left as it was is valid, and cleans nothing.
        guard isBound, !(core.emptyPermitted && !hasChanged) else { return [] }
        for field in core.fields {
            let bound = BoundField(core: core, field: field)
            let value = field.spec.disabled ? bound.initialWidgetValue : bound.submitted
            do {
                field.cleaned = try field.clean(value, initial: bound.initialWidgetValue)
                try clean(field: field.name)
            } catch {
                core.record(field.name, error.errors.sorted { $0.key < $1.key }.flatMap(\.value))
            }
        }
        do {
            try clean()
        } catch {
            for (key, messages) in error.errors.sorted(by: { $0.key < $1.key }) {
                core.record(key == ValidationError.nonField ? key : core.field(named: key)?.name ?? key, messages)
            }
        }
        return core.errors ?? []
    }

    // MARK: - Fields for rendering

    /// Every field, bound to this form's data (Django's `for field in form`).
    public var boundFields: [BoundField] {
        _ = errors
        return core.boundFields
    }

    /// One field by name (`form["subject"]`), or `nil`.
    public subscript(name: String) -> BoundField? {
        _ = errors
        return core.field(named: name).map { BoundField(core: core, field: $0) }
    }

    /// Whether any field's submitted value differs from its initial one (Django's
    /// `has_changed()`); `false` for an unbound form.
    public var hasChanged: Bool { !changedData.isEmpty }

    /// The names of the fields whose submitted value differs from the initial one (Django's
    /// `changed_data`), in the form's order; empty for an unbound form.
    public var changedData: [String] {
        guard isBound else { return [] }
        return core.fields.filter { field in
            let bound = BoundField(core: core, field: field)
            // NB: as Django's FileField.has_changed: any value from a file input is a change.
            if field.spec.widget.needsMultipartForm { return !field.spec.disabled && bound.submitted != .none }
            return !field.spec.disabled && Form.comparable(bound.submitted) != Form.comparable(bound.initialWidgetValue)
        }
        .map(\.name)
    }

    /// Whether the form has a file input, so its `<form>` needs
    /// `enctype="multipart/form-data"` (Django's `is_multipart()`).
    public var isMultipart: Bool { core.isMultipart }

    /// A widget value as text to compare: nothing, `""`, `[]` and an unticked box are alike.
    private static func comparable(_ value: WidgetValue) -> String {
        switch value {
        case .none, .bool(false): ""
        case .bool(true): "True"
        case .text(let text): text
        case .list(let values): values.joined(separator: "\u{0}")
        case .file: "\u{1}file"
        }
    }

    /// The fields with hidden inputs.
    public var hiddenFields: [BoundField] { boundFields.filter(\.isHidden) }

    /// The fields people see.
    public var visibleFields: [BoundField] { boundFields.filter { !$0.isHidden } }
}

/// A form's state, safe to share: its data, options, fields and errors. ``Form`` validates
/// into it; templates and ``BoundField``s read it.
public final class FormCore: Sendable {
    /// The submitted data; empty for an unbound form.
    public let data: QueryDict
    /// The submitted files.
    public let files: UploadedFiles
    /// Whether data was given.
    public let isBound: Bool
    /// Initial values by field name.
    public let initial: [String: any Sendable]
    /// The inputs' name prefix.
    public let prefix: String?
    /// How inputs' `id`s are made (`id_%s`).
    public let autoID: String
    /// What follows a label.
    public let labelSuffix: String
    /// Whether required inputs carry `required`.
    public let useRequiredAttribute: Bool
    private let state = Mutex<
        (fields: [FieldBox], errors: [(field: String, messages: [String])]?, emptyPermitted: Bool)
    >(([], nil, false))

    init(
        data: QueryDict?, files: UploadedFiles, initial: [String: any Sendable], prefix: String?, autoID: String,
        labelSuffix: String, useRequiredAttribute: Bool
    ) {
        self.data = data ?? QueryDict()
        self.files = files
        self.isBound = data != nil
        self.initial = initial
        self.prefix = prefix
        self.autoID = autoID
        self.labelSuffix = labelSuffix
        self.useRequiredAttribute = useRequiredAttribute
    }

    /// Whether a field has a file input (Django's `is_multipart()`).
    public var isMultipart: Bool { fields.contains { $0.spec.widget.needsMultipartForm } }

    /// The fields, in order.
    var fields: [FieldBox] {
        get { state.withLock { $0.fields } }
        set { state.withLock { $0.fields = newValue } }
    }

    /// Whether the form may be left empty (an extra form of a formset).
    var emptyPermitted: Bool {
        get { state.withLock { $0.emptyPermitted } }
        set { state.withLock { $0.emptyPermitted = newValue } }
    }

    /// The errors once validated (`nil` before).
    var errors: [(field: String, messages: [String])]? {
        get { state.withLock { $0.errors } }
        set { state.withLock { $0.errors = newValue } }
    }

    /// The recorded errors of `field`.
    func errors(for field: String) -> [String] { (errors ?? []).first { $0.field == field }?.messages ?? [] }

    /// The form's class name, for messages (`ContactForm`).
    package var typeName: String {
        get { name.withLock { $0 } }
        set { name.withLock { $0 = newValue } }
    }
    private let name = Mutex("Form")

    /// The fields' names, in order (Django's `form.fields` keys).
    package var fieldNames: [String] { fields.map(\.name) }

    /// The name of the field called `name` (its snake_case or Swift name), if there is one.
    package func fieldName(_ name: String) -> String? { field(named: name)?.name }

    /// The errors found when the form was validated; `nil` before.
    package var validationErrors: [(field: String, messages: [String])]? { errors }

    /// The errors found for `field` when the form was validated.
    package func validationErrors(for field: String) -> [String] { errors(for: field) }

    /// The field called `name` (its snake_case or Swift name).
    func field(named name: String) -> FieldBox? { fields.first { $0.name == name || $0.swiftName == name } }

    /// Every field, bound.
    var boundFields: [BoundField] { fields.map { BoundField(core: self, field: $0) } }

    /// Adds `messages` to `field`'s errors and drops its cleaned value.
    func record(_ field: String, _ messages: [String]) {
        self.field(named: field)?.cleaned = nil
        state.withLock { state in
            var list = state.errors ?? []
            if let index = list.firstIndex(where: { $0.field == field }) {
                list[index].messages += messages
            } else {
                list.append((field, messages))
            }
            state.errors = list
        }
    }
}
