internal import PonyForms
internal import PonyORM

// The forms the admin generates (Django's `modelform_factory` with the admin's options).
//
// NB: Swift cannot make a form class at run time, and a model form's fields are class
// properties. So each registration binds its forms' layouts for the request it answers (a
// task local), and the form classes read them there: two sites, or two registrations of one
// model in a process (tests), never see each other's options.

/// Which fields one generated form edits, and how its big foreign keys are chosen.
struct FormLayout: Sendable {
    var fields: [String]?
    var exclude: [String] = []
    var inputs: [String: RelationInput] = [:]
}

/// The layouts of a registration's forms: the change form, the changelist's rows, and each
/// inline model's rows.
struct AdminFormLayouts: Sendable {
    var change = FormLayout()
    var listEditable = FormLayout(fields: [])
    var inlines: [ObjectIdentifier: FormLayout] = [:]

    /// The layouts of the registration answering the current request.
    @TaskLocal static var current = AdminFormLayouts()
}

/// The form for a registered model's change page.
final class AdminForm<M: Model>: ModelForm<M> {
    override class var modelFields: [String]? { AdminFormLayouts.current.change.fields }
    override class var excludedFields: [String] { AdminFormLayouts.current.change.exclude }
    override class var relationInputs: [String: RelationInput] { AdminFormLayouts.current.change.inputs }
}

/// The form of one changelist row when the admin has ``ModelAdmin/listEditable`` columns
/// (Django's `get_changelist_form`): those fields only.
final class ListEditableForm<M: Model>: ModelForm<M> {
    override class var modelFields: [String]? { AdminFormLayouts.current.listEditable.fields }
}

/// The form of an inline's rows: the chosen fields, without the key to the parent, and its
/// foreign keys chosen as the inline says.
final class InlineForm<M: Model>: ModelForm<M> {
    override class var modelFields: [String]? { AdminFormLayouts.current.inlines[ObjectIdentifier(M.self)]?.fields }
    override class var excludedFields: [String] {
        AdminFormLayouts.current.inlines[ObjectIdentifier(M.self)]?.exclude ?? []
    }
    override class var relationInputs: [String: RelationInput] {
        AdminFormLayouts.current.inlines[ObjectIdentifier(M.self)]?.inputs ?? [:]
    }
}
