internal import Foundation
internal import PonyAuth
internal import PonyForms
public import PonyORM
internal import PonyTemplates
internal import PonyWeb
internal import Synchronization

/// Rows of another model that point to this one, edited on its change form (Django's
/// `TabularInline` and `StackedInline`).
///
/// ```swift
/// app.admin(Owner.self) { admin in
///     admin.inlines = [.tabular(Task.self, fields: ["name", "completed"])]
/// }
/// ```
///
/// An inline's foreign keys may be chosen as on a change form: `rawIdFields` and
/// `autocompleteFields` name the child's keys edited as a key box or a search, and
/// `prepopulatedFields` fills the child's slugs on its blank rows (Django's
/// `InlineModelAdmin` options of the same names).
public struct AdminInline<Parent: Model>: Sendable {
    /// How the rows are laid out.
    public enum Style: String, Sendable {
        /// One table row per child row (Django's `TabularInline`).
        case tabular
        /// One block of fields per child row (Django's `StackedInline`).
        case stacked
    }

    let style: Style
    /// The child model.
    let child: SchemaInfo
    /// How the child's foreign keys are chosen and which of its fields are prepopulated.
    let options: RelationOptions
    /// The reason the inline cannot work (no foreign key to the parent), for the checks.
    let problem: String?
    let make:
        @Sendable (_ data: QueryDict?, _ files: UploadedFiles, _ parent: Parent?, _ access: AdminAccess) async throws ->
            InlineFormSet?
    /// The child model's form layout.
    let layout: (model: ObjectIdentifier, form: FormLayout)

    /// Child rows as a table: `foreignKey` names the child's key to `Parent` (needed only when
    /// it has several), `fields` the fields edited (all but the key by default), `extra` the
    /// blank forms offered; `rawIdFields`, `autocompleteFields` and `prepopulatedFields` are
    /// ``ModelAdmin``'s options of the same names, for the child's fields.
    public static func tabular<Child: Model>(
        _ child: Child.Type, foreignKey: String? = nil, fields: [String]? = nil, extra: Int = 3,
        rawIdFields: [String] = [], autocompleteFields: [String] = [], prepopulatedFields: [String: [String]] = [:]
    ) -> AdminInline {
        AdminInline(
            style: .tabular, child: child, foreignKey: foreignKey, fields: fields, extra: extra,
            options: RelationOptions(
                rawIdFields: rawIdFields, autocompleteFields: autocompleteFields,
                prepopulatedFields: prepopulatedFields))
    }

    /// Child rows as stacked blocks of fields; the arguments are
    /// ``tabular(_:foreignKey:fields:extra:rawIdFields:autocompleteFields:prepopulatedFields:)``'s.
    public static func stacked<Child: Model>(
        _ child: Child.Type, foreignKey: String? = nil, fields: [String]? = nil, extra: Int = 1,
        rawIdFields: [String] = [], autocompleteFields: [String] = [], prepopulatedFields: [String: [String]] = [:]
    ) -> AdminInline {
        AdminInline(
            style: .stacked, child: child, foreignKey: foreignKey, fields: fields, extra: extra,
            options: RelationOptions(
                rawIdFields: rawIdFields, autocompleteFields: autocompleteFields,
                prepopulatedFields: prepopulatedFields))
    }

    private init<Child: Model>(
        style: Style, child: Child.Type, foreignKey: String?, fields: [String]?, extra: Int, options: RelationOptions
    ) {
        self.style = style
        self.child = Child.schemaInfo
        self.options = options
        let parentKey = Child.schemaInfo.fields.first { field in
            field.relatedModel.map { $0 == Parent.self } == true && (foreignKey == nil || field.name == foreignKey)
        }
        // NB: without a foreign key, a generic one (Django's `GenericTabularInline`).
        let key =
            parentKey.map(InlineKey.foreignKey)
            ?? (foreignKey == nil ? Child.genericForeignKeyLinks.first.map(InlineKey.generic) : nil)
        layout = (
            ObjectIdentifier(Child.self),
            FormLayout(fields: fields, exclude: key?.fields ?? [], inputs: options.inputs)
        )
        let problem =
            key == nil
            ? "\(Child.schemaInfo.name) has no foreign key\(foreignKey.map { " '\($0)'" } ?? "") or"
                + " GenericForeignKey to \(Parent.schemaInfo.name), so it cannot be an inline of it." : nil
        self.problem = problem
        make = { data, files, parent, access in
            guard let key else { throw AdminConfigurationError(problem ?? "", id: "admin.E202") }
            // NB: as Django's inlines: the child model's own permissions decide what the
            // inline offers, and a user with none of them does not see it.
            let info = Child.schemaInfo
            guard access.hasAny(info) else { return nil }
            return try await InlineFormSetOf<Parent, Child>(
                data: data, files: files, parent: parent, key: key, extra: access.has(.add, info) ? max(0, extra) : 0,
                style: style, options: options, canChange: access.has(.change, info),
                canDelete: access.has(.delete, info))
        }
    }
}

/// How an inline's rows point to their parent.
enum InlineKey: Sendable {
    /// A foreign key to the parent.
    case foreignKey(FieldInfo)
    /// A generic foreign key: the parent's content type and its key.
    case generic(GenericLink)

    /// The fields the inline's forms leave out.
    var fields: [String] {
        switch self {
        case .foreignKey(let field): [field.name]
        case .generic(let link): [link.contentType.name, link.objectId.name]
        }
    }

    /// The formset's prefix: Django's `task_set`, or `shop-comment-contentType-objectId` for a
    /// generic inline.
    func prefix(_ child: SchemaInfo) -> String {
        switch self {
        case .foreignKey: child.name.lowercased() + "_set"
        case .generic(let link):
            "\(child.appLabel)-\(child.name.lowercased())-\(link.contentType.name)-\(link.objectId.name)"
        }
    }

    /// The rows of `Child` that point to `parent`.
    func rows<Parent: Model, Child: Model>(of parent: Parent?, _ child: Child.Type) -> QuerySet<Child> {
        switch self {
        case .foreignKey(let field): Child.objects.filter(.lookup(field.name, .value(parent?.pk ?? .null)))
        case .generic(let link):
            parent.map { Child.objects.filter(link.condition(to: Parent.schemaInfo, keys: [$0.pk])) }
                ?? Child.objects.none()
        }
    }

    /// Points the stored values of a `child` row to the row of `parent` with key `key`.
    func point(
        _ values: inout [DatabaseValue], of child: SchemaInfo, to parent: any Model.Type, key: DatabaseValue
    ) async throws {
        func set(_ field: FieldInfo, _ value: DatabaseValue) {
            if let index = child.fields.firstIndex(where: { $0.name == field.name }) { values[index] = value }
        }
        switch self {
        case .foreignKey(let field): set(field, key)
        case .generic(let link):
            set(link.contentType, try await ContentType.for(parent).pk)
            set(link.objectId, GenericTargets.value(key, as: link.objectId) ?? .null)
        }
    }
}

/// An inline's formset for one request, its child type erased.
class InlineFormSet {
    /// The formset's prefix (`task_set`).
    var prefix: String { "" }
    /// What templates see: the forms, each field with its relation widget.
    func templateValue(_ access: AdminAccess) async throws -> TemplateValue { .null }
    /// The prepopulated fields of the blank forms, for the change form's script.
    var prepopulated: [[String: Any]] { [] }
    /// Checks every form that will be saved.
    func validate() async throws -> Bool { true }
    /// Saves the rows with `parent` as their key; returns what changed, for the log.
    func save(parent: DatabaseValue) async throws -> [LogEntry.InlineChange] { [] }
}

/// A model formset of `Child` rows pointing to one `Parent` row (Django's `inlineformset_factory`).
final class InlineFormSetOf<Parent: Model, Child: Model>: InlineFormSet {
    private let formset: ModelFormSet<Child, InlineForm<Child>>
    private let key: InlineKey
    private let style: AdminInline<Parent>.Style
    private let options: RelationOptions
    private let name: String
    /// The existing rows, shown as text when the user may not change them.
    private let readonlyRows: [String]

    init(
        data: QueryDict?, files: UploadedFiles, parent: Parent?, key: InlineKey, extra: Int,
        style: AdminInline<Parent>.Style, options: RelationOptions, canChange: Bool, canDelete: Bool
    ) async throws {
        self.key = key
        self.style = style
        self.options = options
        name = key.prefix(Child.schemaInfo)
        // NB: a new parent has no rows yet.
        let rows = key.rows(of: parent, Child.self)
        let none = rows.filter(.lookup("pk__in", .list([])))
        readonlyRows = parent != nil && !canChange ? try await rows.fetch().map(\.text) : []
        formset = try await ModelFormSet(
            data: data, files: files, queryset: parent == nil || !canChange ? none : rows,
            prefix: name, extra: extra, canDelete: canDelete)
    }

    override var prefix: String { name }

    override func templateValue(_ access: AdminAccess) async throws -> TemplateValue {
        let info = Child.schemaInfo
        let value = formset.templateValue
        var forms: [TemplateValue] = []
        for form in formset.forms {
            let template = TemplateValue(any: form)
            var fields: [TemplateValue] = []
            for bound in form.boundFields where !bound.isHidden {
                guard let field = template.lookup(bound.name) else { continue }
                // NB: the row as the change form's (`admin/includes/related_widget.html`).
                var row: [String: Any] = ["field": field, "name": bound.name]
                if let widget = try await access.relationWidget(bound.name, of: info, in: form, options: options) {
                    row.merge(widget) { $1 }
                }
                fields.append(TemplateValue(any: row))
            }
            forms.append(
                .dictionary(
                    TemplateDictionary([
                        ("fields", .array(fields)), ("hidden", template.lookup("hidden_fields") ?? .array([])),
                        ("errors", template.lookup("non_field_errors") ?? .null),
                        ("title", .string(form.instance?.text ?? "")),
                    ])))
        }
        let labels = (formset.forms.first?.boundFields ?? []).filter { !$0.isHidden && $0.name != "DELETE" }
            .map { TemplateValue.string($0.label) }
        return .dictionary(
            TemplateDictionary([
                ("management_form", value.lookup("management_form") ?? .null), ("forms", .array(forms)),
                ("labels", .array(labels)), ("tabular", .bool(style == .tabular)),
                ("title", .string(AdminFields.capitalized(AdminText.text(info.verboseNamePlural)))),
                ("prefix", .string(name)), ("readonly_rows", .array(readonlyRows.map(TemplateValue.string))),
                ("can_delete", .bool(formset.formset.canDelete)),
                ("non_form_errors", .array(formset.formset.nonFormErrors.map(TemplateValue.string))),
            ]))
    }

    override var prepopulated: [[String: Any]] {
        // NB: as Django's `prepopulated_fields_js`, only the rows being added.
        formset.forms.filter { $0.instance == nil }.flatMap { options.prepopulated($0, of: Child.schemaInfo) }
    }

    override func validate() async throws -> Bool { try await formset.validate() }

    override func save(parent: DatabaseValue) async throws -> [LogEntry.InlineChange] {
        let verbose = Child.schemaInfo.verboseName
        var changes: [LogEntry.InlineChange] = []
        for (index, form) in formset.forms.enumerated() {
            let existing = index < formset.formset.initialCount
            if existing, formset.formset.isDeleted(form) {
                guard let row = form.instance else { continue }
                _ = try await row.delete()
                changes.append(LogEntry.InlineChange(name: verbose, object: row.text, kind: .deleted))
                continue
            }
            guard form.hasChanged, !formset.formset.isDeleted(form), existing == (form.instance != nil) else {
                continue
            }
            let labels = form.changedLabels
            var row = try await form.save(commit: false)
            var values = row.databaseValues
            try await key.point(&values, of: Child.schemaInfo, to: Parent.self, key: parent)
            row = try Child(row: ModelRow(values: values[...], model: Child.schemaInfo.name))
            try await row.save()
            try await form.saveManyToMany(row)
            changes.append(
                LogEntry.InlineChange(name: verbose, object: row.text, kind: existing ? .changed(labels) : .added))
        }
        return changes
    }
}
