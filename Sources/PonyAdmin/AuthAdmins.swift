internal import PonyAuth
internal import PonyORM

/// How the admin shows users (Django's `UserAdmin`): the password hash is never a form field;
/// set passwords with `pony manage app.swift changepassword NAME`.
enum UserAdmin {
    static var options: ModelAdmin<User> {
        var admin = ModelAdmin<User>()
        admin.listDisplay = ["username", "email", "firstName", "lastName", "isStaff"]
        admin.listFilter = ["isStaff", "isSuperuser", "isActive"]
        admin.searchFields = ["username", "firstName", "lastName", "email"]
        admin.ordering = ["username"]
        admin.exclude = ["password"]
        admin.readonlyFields = ["lastLogin", "dateJoined"]
        admin.fieldsets = [
            (nil, ["username"]),
            ("Personal info", ["firstName", "lastName", "email"]),
            ("Permissions", ["isActive", "isStaff", "isSuperuser", "groups", "userPermissions"]),
            ("Important dates", ["lastLogin", "dateJoined"]),
        ]
        return admin
    }
}

/// How the admin shows groups (Django's `GroupAdmin`).
enum GroupAdmin {
    static var options: ModelAdmin<Group> {
        var admin = ModelAdmin<Group>()
        admin.listDisplay = ["name"]
        admin.searchFields = ["name"]
        admin.ordering = ["name"]
        return admin
    }
}
