internal import PonyAuth
public import PonyForms
public import PonyORM
public import PonyWeb

/// How the admin shows and edits one model (Django's `ModelAdmin`).
///
/// ```swift
/// app.admin(Task.self) { admin in
///     admin.listDisplay = ["name", "owner__name", "completed", .computed("Overdue") { $0.due < .now }]
///     admin.listFilter = ["completed", "owner", "createdAt"]
///     admin.searchFields = ["name", "^owner__name"]
///     admin.readonlyFields = ["createdAt"]
/// }
/// ```
///
/// Names are the model's field names (Swift or column spelling); `__` follows a foreign key
/// (`owner__name`), as in Django's lookups.
public struct ModelAdmin<M: Model>: Sendable {
    /// The changelist's columns (Django's `list_display`); `["__str__"]`, the row's ``Model/text``,
    /// by default.
    public var listDisplay: [AdminColumn<M>] = ["__str__"]
    /// The columns that link to the change form (Django's `list_display_links`); `nil` for the first.
    public var listDisplayLinks: [String]?
    /// Columns edited in place on the changelist, saved with its "Save" button (Django's
    /// `list_editable`): fields of ``listDisplay`` that do not link to the change form.
    public var listEditable: [String] = []
    /// Sidebar filters (Django's `list_filter`): booleans, fields with choices, foreign keys,
    /// many-to-many fields and dates by name, or a ``ListFilter`` of your own.
    public var listFilter: [ListFilter<M>] = []
    /// Fields searched by the search box (Django's `search_fields`): `icontains` by default,
    /// `^name` for `istartswith`, `=name` for `iexact`, `@name` for full-text search (the
    /// `search` lookup on PostgreSQL; `icontains` word by word on SQLite, which has none). Every
    /// word must match one of the fields.
    public var searchFields: [String] = []
    /// The changelist's default order (Django's `ordering`); the model's ordering, then the
    /// primary key descending, when empty.
    public var ordering: [String] = []
    /// Rows per changelist page (Django's `list_per_page`).
    public var listPerPage = 100
    /// Up to how many rows "Show all" lists on one page (Django's `list_max_show_all`).
    public var listMaxShowAll = 200
    /// Fields shown on the change form but not edited (Django's `readonly_fields`).
    public var readonlyFields: [String] = []
    /// The fields the form edits, in order (Django's `fields`); `nil` for every editable field.
    public var fields: [String]?
    /// Model fields left out of the form (Django's `exclude`).
    public var exclude: [String] = []
    /// The change form in sections (Django's `fieldsets`):
    /// `[AdminFieldset(nil, ["name"]), AdminFieldset("Dates", ["due", "createdAt"], classes: ["collapse"])]`.
    public var fieldsets: [AdminFieldset] = []
    /// A date field to drill down by year, month and day above the changelist (Django's
    /// `date_hierarchy`).
    public var dateHierarchy: String?
    /// Fields filled from others as the user types on the add form (Django's
    /// `prepopulated_fields`): `["slug": ["title"]]` makes "My first post" `my-first-post`. A
    /// field the user has typed into, or that had a value when the page loaded, is left alone.
    public var prepopulatedFields: [String: [String]] = [:]
    /// Foreign keys edited as a box for the related row's key, with a link that picks it from
    /// the related changelist in a pop-up (Django's `raw_id_fields`): for related tables too big
    /// for a `<select>` of every row.
    public var rawIdFields: [String] = []
    /// Foreign keys chosen by searching the related model's admin as you type (Django's
    /// `autocomplete_fields`); the related model must be registered with ``searchFields``.
    public var autocompleteFields: [String] = []
    /// ``rawIdFields``, ``autocompleteFields`` and ``prepopulatedFields`` together.
    var relationOptions: RelationOptions {
        RelationOptions(
            rawIdFields: rawIdFields, autocompleteFields: autocompleteFields, prepopulatedFields: prepopulatedFields)
    }
    /// Rows of other models pointing to this one, edited on its change form (Django's `inlines`).
    public var inlines: [AdminInline<M>] = []
    /// Offers "Save as new" on the change form (Django's `save_as`).
    public var saveAs = false
    /// Actions for selected rows, after "Delete selected" (Django's `actions`).
    public var actions: [AdminAction<M>] = []
    /// A form class to use instead of the generated one (Django's `form`); its own
    /// `modelFields`/`excludedFields` then decide the fields.
    public var form: ModelForm<M>.Type?
    /// Narrows the rows a request may see and edit (Django's `get_queryset`).
    public var queryset: @Sendable (Request, QuerySet<M>) -> QuerySet<M> = { _, rows in rows }
    /// Decides a permission for a request, after the user's permissions allow it (Django's
    /// `has_view_permission` and friends); `nil` object for the changelist and add pages.
    public var permission: @Sendable (Request, AdminPermission, M?) async throws -> Bool = { _, _, _ in true }

    /// A page of its own instead of the add form (Django's `UserAdmin.add_view`).
    var addView: (@Sendable (Request, AdminAccess, ModelRegistration<M>) async throws -> Response)?
    /// More pages under the model's URL (Django's `get_urls`), before the standard ones.
    var extraPatterns: @Sendable (AdminSite, ModelRegistration<M>) -> [URLPattern] = { _, _ in [] }
    /// Links above the change form besides "History": titles and paths after the object's URL.
    var objectTools: [(title: String, path: String)] = []
    /// Where the model was registered, for the checks' messages.
    var file: String?
    var line: Int?

    /// The defaults: every editable field, the row's text as the only column.
    public init() {}
}

/// One of the four permissions Django creates for every model.
public enum AdminPermission: String, Sendable, CaseIterable {
    /// See the changelist and the change form.
    case view
    /// Add rows.
    case add
    /// Change rows.
    case change
    /// Delete rows.
    case delete
}

/// A changelist column: a field (`"name"`, `"owner__name"`), `"__str__"`, or a computed value.
public struct AdminColumn<M: Model>: Sendable, ExpressibleByStringLiteral {
    /// The field path, or the title of a computed column.
    public let name: String
    /// For a computed column: the value (a `Bool` shows as an icon, as Django's `boolean`).
    let compute: (@Sendable (M) -> any Sendable)?
    /// The header; the field's verbose name when `nil`.
    let title: String?

    /// A field column: `"name"`, `"owner__name"`, `"__str__"`.
    public init(stringLiteral name: String) {
        self.name = name
        compute = nil
        title = nil
    }

    /// A column computed from the row (Django's callable in `list_display`).
    public static func computed(_ title: String, _ value: @escaping @Sendable (M) -> any Sendable) -> AdminColumn {
        AdminColumn(name: title, compute: value, title: title)
    }

    private init(name: String, compute: (@Sendable (M) -> any Sendable)?, title: String?) {
        self.name = name
        self.compute = compute
        self.title = title
    }
}

/// A changelist sidebar filter: a field by name (`"completed"`, `"owner"`, `"createdAt"`), or
/// choices of your own (Django's `SimpleListFilter`).
public struct ListFilter<M: Model>: Sendable, ExpressibleByStringLiteral {
    enum Kind: Sendable {
        case field(String)
        case custom(
            title: String, parameter: String, choices: [(value: String, label: String)],
            apply: @Sendable (QuerySet<M>, String) -> QuerySet<M>)
    }

    let kind: Kind

    /// A filter on the field `name`: "Yes"/"No" for booleans, the choices, the rows of a
    /// foreign key's model, or "Today"/"Past 7 days"/"This month"/"This year" for dates.
    public init(stringLiteral name: String) { kind = .field(name) }

    /// A filter of your own (Django's `SimpleListFilter`): `title` above it, the query
    /// parameter, the choices offered, and how a chosen value narrows the rows.
    ///
    /// ```swift
    /// .custom("Decade", parameter: "decade", choices: [("80s", "the eighties")]) { rows, value in
    ///     value == "80s" ? rows.filter("year__range", 1980...1989) : rows
    /// }
    /// ```
    public static func custom(
        _ title: String, parameter: String, choices: [(value: String, label: String)],
        apply: @escaping @Sendable (QuerySet<M>, String) -> QuerySet<M>
    ) -> ListFilter {
        ListFilter(kind: .custom(title: title, parameter: parameter, choices: choices, apply: apply))
    }

    private init(kind: Kind) { self.kind = kind }
}

/// An action on the rows selected in the changelist (Django's admin action).
public struct AdminAction<M: Model>: Sendable {
    /// The action's name in the form (`mark_done`).
    public let name: String
    /// What the menu says ("Mark selected tasks as done").
    public let title: String
    /// The permission the action needs.
    public let permission: AdminPermission
    /// Does it; a returned response is sent (a confirmation page), else the changelist reloads.
    let perform: @Sendable (Request, QuerySet<M>) async throws -> Response?

    /// An action: `perform` gets the selected rows as a query set.
    ///
    /// ```swift
    /// AdminAction("mark_done", "Mark selected tasks as done") { request, rows in
    ///     let count = try await rows.update(\.completed, to: true)
    ///     request.messages.success("\(count) tasks marked as done.")
    ///     return nil
    /// }
    /// ```
    public init(
        _ name: String, _ title: String, permission: AdminPermission = .change,
        perform: @escaping @Sendable (Request, QuerySet<M>) async throws -> Response?
    ) {
        self.name = name
        self.title = title
        self.permission = permission
        self.perform = perform
    }
}

/// A section of the change form (one entry of Django's `fieldsets`).
///
/// ```swift
/// admin.fieldsets = [
///     AdminFieldset(nil, ["url", "title", "content"]),
///     AdminFieldset("Advanced options", ["registrationRequired", "templateName"], classes: ["collapse"]),
/// ]
/// ```
public struct AdminFieldset: Sendable {
    /// The section's heading; `nil` for none.
    public var title: String?
    /// The fields shown in it, in order.
    public var fields: [String]
    /// The section's CSS classes (Django's `classes`): `collapse` folds a titled section into
    /// a `<details>` that opens on a click (it shows open while a field in it has an error);
    /// `wide` gives its labels more room.
    public var classes: [String]
    /// Text shown at the top of the section (Django's `description`): HTML, not escaped.
    public var description: String?

    /// A section titled `title` (`nil` for none) showing `fields`.
    public init(_ title: String?, _ fields: [String], classes: [String] = [], description: String? = nil) {
        self.title = title
        self.fields = fields
        self.classes = classes
        self.description = description
    }
}
