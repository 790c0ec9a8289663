public import PonyORM
internal import PonySupport
public import PonyTemplates
public import PonyWeb

/// Django's model formset (`modelformset_factory`): a ``FormSet`` of model forms, one per
/// row of a query and `extra` blank ones, which saves the changed rows, creates the new
/// ones and deletes the ones marked for deletion.
///
/// ```swift
/// let formset = try await ModelFormSet<Entry, EntryForm>(
///     data: request.method == .post ? try request.form : nil, queryset: Entry.objects.orderBy("name"),
///     extra: 1, canDelete: true)
/// if formset.isBound, try await formset.validate() {
///     try await formset.save()
///     return Response.redirect(to: "/entries/")
/// }
/// return try render(request, "entries.html", ["formset": formset])   // {{ formset }}
/// ```
///
/// Each form carries the row's primary key in a hidden field (`form-0-id`), as Django's do;
/// a key that is not among the query's rows is refused with Django's message.
public final class ModelFormSet<M: Model, F: ModelForm<M>> {
    /// The formset: its forms, management form, deletion and limits.
    public let formset: FormSet<F>

    /// The forms, the rows' first.
    public var forms: [F] { formset.forms }
    /// Whether data was submitted.
    public var isBound: Bool { formset.isBound }

    /// A model formset over the rows of `queryset` (read now, with each form's foreign-key
    /// choices); bound when `data` is given.
    public init(
        data: QueryDict? = nil, files: UploadedFiles = UploadedFiles(), queryset: QuerySet<M>,
        prefix: String = "form", extra: Int = 1, canDelete: Bool = false, minNum: Int = 0, maxNum: Int = 1000,
        validateMin: Bool = false, validateMax: Bool = false
    ) async throws {
        let rows = try await queryset.fetch()
        let layout = FormSetLayout(
            data: data, initialCount: rows.count, prefix: prefix, extra: extra, minNum: minNum, maxNum: maxNum)
        let pkName = M.schemaInfo.primaryKey.name
        let byKey = Dictionary(rows.map { (describe($0.pk), $0) }) { first, _ in first }
        var made: [F] = []
        for index in 0..<layout.total {
            let instance: M?
            if index < layout.initialCount {
                // NB: bound, the row is the one whose key the form sent, as Django's; unbound, in order.
                instance = data == nil ? rows[index] : data?["\(prefix)-\(index)-\(pkName)"].flatMap { byKey[$0] }
            } else {
                instance = nil
            }
            made.append(
                try await F(
                    data: data, files: files, instance: instance, prefix: "\(prefix)-\(index)",
                    useRequiredAttribute: false))
        }
        formset = FormSet(
            layout: layout, prefix: prefix, canDelete: canDelete, minNum: minNum, maxNum: maxNum,
            validateMin: validateMin, validateMax: validateMax
        ) { made[$0] }
        let keys = Set(byKey.keys)
        for form in formset.forms {
            let box = Self.keyField(keys: keys)
            box.name = snakeCase(pkName)
            box.swiftName = pkName
            form.core.fields = form.core.fields.filter { $0.name != box.name } + [box]
        }
    }

    /// The hidden primary-key field of each form (Django's `ModelChoiceField` over the query).
    private static func keyField(keys: Set<String>) -> FieldBox {
        var spec = CharField<String?>(required: false, widget: .hiddenInput()).field.spec
        spec.validate = { value throws(ValidationError) in
            guard let key = value as? String, keys.contains(key) else {
                throw ValidationError(ValidationMessages.invalidModelChoice)
            }
        }
        return FieldBox(spec)
    }

    /// Checks every form that will be saved, with the model's rules (``ModelForm/validate()``),
    /// and the formset's counts: `true` when all pass.
    public func validate() async throws -> Bool {
        guard formset.isValid else { return false }
        var valid = true
        for (index, form) in forms.enumerated() where !formset.isDeleted(form) {
            guard index < formset.initialCount || form.hasChanged else { continue }
            if try await !form.validate() { valid = false }
        }
        return valid
    }

    /// Saves the changed rows, creates the new ones and deletes those marked for deletion
    /// (Django's `formset.save()`); returns the saved rows. Throws the forms' errors as a
    /// ``ValidationError`` when the formset is not valid.
    @discardableResult
    public func save() async throws -> [M] {
        guard try await validate() else {
            let messages = formset.nonFormErrors + forms.flatMap { $0.errors.flatMap(\.messages) }
            throw ValidationError([ValidationError.nonField: messages])
        }
        var saved: [M] = []
        for (index, form) in forms.enumerated() {
            if index < formset.initialCount {
                guard let instance = form.instance else { continue }
                if formset.isDeleted(form) {
                    _ = try await instance.delete()
                } else if form.hasChanged {
                    saved.append(try await form.save())
                }
            } else if form.hasChanged, !formset.isDeleted(form) {
                saved.append(try await form.save())
            }
        }
        return saved
    }
}

extension ModelFormSet: CustomStringConvertible {
    /// `{{ formset }}`.
    public var description: String { formset.description }
}

extension ModelFormSet: TemplateRepresentable {
    /// The formset as templates see it, as a ``FormSet``.
    public var templateValue: TemplateValue { formset.templateValue }
}
