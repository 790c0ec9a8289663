internal import PonyForms
internal import PonyORM
internal import Synchronization

/// The form the admin generates for a model (Django's `modelform_factory` with the admin's
/// `fields` and `exclude`).
///
/// NB: Swift cannot make a form class at run time, and a model form's fields are class
/// properties; so the admin's choice is kept per model, set once when the admin site is
/// built. A model has one admin per site, as in Django.
final class AdminForm<M: Model>: ModelForm<M> {
    private static var key: ObjectIdentifier { ObjectIdentifier(M.self) }

    override class var modelFields: [String]? { AdminFormLayouts.shared.withLock { $0[key]?.fields } }
    override class var excludedFields: [String] { AdminFormLayouts.shared.withLock { $0[key]?.exclude ?? [] } }

    /// Sets the fields the admin edits for `M`.
    static func layout(fields: [String]?, exclude: [String]) {
        AdminFormLayouts.shared.withLock { $0[key] = (fields, exclude) }
    }
}

/// Each registered model's form fields.
enum AdminFormLayouts {
    static let shared = Mutex<[ObjectIdentifier: (fields: [String]?, exclude: [String])]>([:])
}

/// The form of one changelist row when the admin has ``ModelAdmin/listEditable`` columns
/// (Django's `get_changelist_form`): those fields only.
final class ListEditableForm<M: Model>: ModelForm<M> {
    private static var key: ObjectIdentifier { ObjectIdentifier(M.self) }

    override class var modelFields: [String]? { ListEditableLayouts.shared.withLock { $0[key] ?? [] } }

    /// Sets the fields the changelist edits for `M`.
    static func layout(fields: [String]) { ListEditableLayouts.shared.withLock { $0[key] = fields } }
}

/// Each registered model's changelist-editable fields.
enum ListEditableLayouts {
    static let shared = Mutex<[ObjectIdentifier: [String]]>([:])
}
