public import Foundation
public import PonyORM

/// A permission (Django's `auth.Permission`): `codename` on a content type, such as
/// `add_task` on `todo.task`.
@Model(
    table: "auth_permission", appLabel: "auth", ordering: ["contentType__appLabel", "contentType__model", "codename"],
    naturalKey: ["codename", "contentType"])
public struct Permission {
    /// The 32-bit key Django's `auth` app uses.
    public var id: Int32?
    /// The human name ("Can add task").
    @Field(maxLength: 255) public var name: String
    /// The model the permission is about.
    @Field(onDelete: .cascade) public var contentType: ForeignKey<ContentType>
    /// The code (`add_task`).
    @Field(maxLength: 100) public var codename: String

    /// How it prints: its name ("Can add task").
    public var text: String { name }
}

/// A group of users sharing permissions (Django's `auth.Group`).
@Model(table: "auth_group", appLabel: "auth", naturalKey: ["name"])
public struct Group {
    /// The 32-bit key Django's `auth` app uses.
    public var id: Int32?
    /// The name, unique.
    @Field(maxLength: 150, unique: true) public var name: String
    /// The group's permissions.
    @Field(blank: true) public var permissions = ManyToMany<Permission>()

    /// How it prints: its name (Django's `__str__`).
    public var text: String { name }
}

/// A user (Django's `auth.User`), in Django's `auth_user` table: a Django project's users log
/// in to Pony with the same passwords.
@Model(table: "auth_user", appLabel: "auth", naturalKey: ["username"])
public struct User {
    /// The 32-bit key Django's `auth` app uses.
    public var id: Int32?
    /// The password hash (`pbkdf2_sha256$…`); see ``PasswordHashers``.
    @Field(maxLength: 128) public var password: String
    /// When the user last logged in.
    public var lastLogin: Date?
    /// Has every permission without being given them.
    @Field(
        verboseName: "superuser status",
        helpText: "Designates that this user has all permissions without explicitly assigning them.")
    public var isSuperuser: Bool = false
    /// The name to log in with: unique, at most 150 characters.
    @Field(
        maxLength: 150, unique: true,
        helpText: "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.")
    public var username: String
    /// First name.
    @Field(maxLength: 150, blank: true) public var firstName: String = ""
    /// Last name.
    @Field(maxLength: 150, blank: true) public var lastName: String = ""
    /// E-mail address.
    @Field(maxLength: 254, blank: true, verboseName: "email address", kind: .email) public var email: String = ""
    /// May log in to the admin.
    @Field(verboseName: "staff status", helpText: "Designates whether the user can log into this admin site.")
    public var isStaff: Bool = false
    /// May log in at all; deactivate instead of deleting.
    @Field(
        verboseName: "active",
        helpText:
            "Designates whether this user should be treated as active. Unselect this instead of deleting accounts.")
    public var isActive: Bool = true
    /// When the account was made.
    public var dateJoined: Date = Date()
    /// The user's groups.
    @Field(
        blank: true,
        helpText:
            "The groups this user belongs to. A user will get all permissions granted to each of their groups.",
        relatedName: "user_set")
    public var groups = ManyToMany<Group>()
    /// Permissions given to the user directly.
    @Field(blank: true, helpText: "Specific permissions for this user.", relatedName: "user_set")
    public var userPermissions = ManyToMany<Permission>()

    /// How it prints: the user name (Django's `__str__`).
    public var text: String { username }
}
