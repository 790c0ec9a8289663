/// Makes a struct a database model: its stored properties become fields (see ``Model``).
///
/// ```swift
/// @Model(ordering: ["-createdAt"])
/// struct Task {
///     @Field(maxLength: 256) var name: String
///     var note: String?
///     @Field(autoNowAdd: true) var createdAt: Date
///     var completed = false
///     var owner: ForeignKey<Owner>
/// }
/// ```
///
/// The arguments are ``ModelOptions``' (Django's `Meta`).
@attached(member, names: named(id), named(init))
@attached(
    extension, conformances: Model,
    names: named(schema), named(init), named(databaseValues), named(assignPrimaryKey), named(_label))
public macro Model(
    modelName: String? = nil, table: String? = nil, appLabel: String? = nil, ordering: [String] = [],
    getLatestBy: [String] = [], verboseName: String? = nil,
    verboseNamePlural: String? = nil, indexes: [Index] = [], constraints: [ModelConstraint] = [],
    naturalKey: [String] = [], managed: Bool = true, permissions: [(String, String)] = [],
    defaultPermissions: [String] = ["add", "change", "delete", "view"], dbTableComment: String? = nil
) = #externalMacro(module: "PonyMacros", type: "ModelMacro")

/// Options for one field of a `@Model` struct; the arguments are ``FieldOptions``'.
@attached(peer)
public macro Field(
    primaryKey: Bool = false, maxLength: Int? = nil, unique: Bool = false, dbIndex: Bool? = nil,
    blank: Bool = false, dbColumn: String? = nil, verboseName: String? = nil, helpText: String? = nil,
    kind: TextKind? = nil, autoNow: Bool = false, autoNowAdd: Bool = false, maxDigits: Int? = nil,
    decimalPlaces: Int? = nil, onDelete: OnDelete = .cascade, relatedName: String? = nil,
    validators: [@Sendable (DatabaseValue) throws -> Void] = [], choices: [(DatabaseValue, String)]? = nil,
    editable: Bool = true, uploadTo: String = "", generated: F? = nil, dbPersist: Bool = true,
    dbComment: String? = nil, dbDefault: F? = nil, errorMessages: [String: String] = [:]
) = #externalMacro(module: "PonyMacros", type: "FieldMacro")
