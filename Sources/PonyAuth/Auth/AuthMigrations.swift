// Django's `django.contrib.auth` migrations 0001–0012, operation for operation, under Django's
// names, so that a database Django migrated has nothing pending and Pony's tables match
// Django's column for column (checked against Django's `sqlmigrate` in the tests).
// RunPython and options-only steps (0004, 0006, 0007, 0011) change no table: they are empty
// here, but recorded, as Django records them.
public import PonyORM

extension AppConfig {
    /// Django's `django.contrib.auth`: users, groups and permissions (needs `contenttypes`).
    public static let auth = AppConfig(
        label: "auth", models: [Permission.self, Group.self, User.self],
        migrations: BuiltInMigrations.decode(authMigrations), requires: ["contenttypes"])
}

private func alter(_ model: String, _ field: String) -> String {
    #"{"dependencies": [], "operations": [{"type": "AlterField", "model_name": "\#(model)", "field": \#(field)}]}"#
}

private let nothing = #"{"dependencies": [], "operations": [{"type": "RunSQL", "sql": [], "reverse_sql": []}]}"#

private let authMigrations: [String: String] = [
    "0001_initial": #"""
    {"initial": true, "dependencies": ["contenttypes.__first__"], "operations": [
      {"type": "CreateModel", "name": "Permission", "table": "auth_permission", "fields": [
        {"name": "id", "type": "AutoField", "primary_key": true},
        {"name": "name", "type": "CharField", "max_length": 50},
        {"name": "contentType", "type": "ForeignKey", "to": "contenttypes.contenttype", "on_delete": "CASCADE",
         "db_index": true},
        {"name": "codename", "type": "CharField", "max_length": 100}],
       "unique_together": [["contentType", "codename"]]},
      {"type": "CreateModel", "name": "Group", "table": "auth_group", "fields": [
        {"name": "id", "type": "AutoField", "primary_key": true},
        {"name": "name", "type": "CharField", "max_length": 80, "unique": true},
        {"name": "permissions", "type": "ManyToManyField", "to": "auth.permission"}]},
      {"type": "CreateModel", "name": "User", "table": "auth_user", "fields": [
        {"name": "id", "type": "AutoField", "primary_key": true},
        {"name": "password", "type": "CharField", "max_length": 128},
        {"name": "lastLogin", "type": "DateTimeField"},
        {"name": "isSuperuser", "type": "BooleanField"},
        {"name": "username", "type": "CharField", "max_length": 30, "unique": true},
        {"name": "firstName", "type": "CharField", "max_length": 30},
        {"name": "lastName", "type": "CharField", "max_length": 30},
        {"name": "email", "type": "EmailField", "max_length": 75},
        {"name": "isStaff", "type": "BooleanField"},
        {"name": "isActive", "type": "BooleanField"},
        {"name": "dateJoined", "type": "DateTimeField"},
        {"name": "groups", "type": "ManyToManyField", "to": "auth.group", "related_name": "user_set"},
        {"name": "userPermissions", "type": "ManyToManyField", "to": "auth.permission", "related_name": "user_set"}]}]}
    """#,
    "0002_alter_permission_name_max_length": alter(
        "permission", #"{"name": "name", "type": "CharField", "max_length": 255}"#),
    "0003_alter_user_email_max_length": alter("user", #"{"name": "email", "type": "EmailField", "max_length": 254}"#),
    "0004_alter_user_username_opts": nothing,
    "0005_alter_user_last_login_null": alter("user", #"{"name": "lastLogin", "type": "DateTimeField", "null": true}"#),
    "0006_require_contenttypes_0002": #"""
    {"dependencies": ["contenttypes.0002_remove_content_type_name"], "operations": [
      {"type": "RunSQL", "sql": [], "reverse_sql": []}]}
    """#,
    "0007_alter_validators_add_error_messages": nothing,
    "0008_alter_user_username_max_length": alter(
        "user", #"{"name": "username", "type": "CharField", "max_length": 150, "unique": true}"#),
    "0009_alter_user_last_name_max_length": alter(
        "user", #"{"name": "lastName", "type": "CharField", "max_length": 150}"#),
    "0010_alter_group_name_max_length": alter(
        "group", #"{"name": "name", "type": "CharField", "max_length": 150, "unique": true}"#),
    "0011_update_proxy_permissions": nothing,
    "0012_alter_user_first_name_max_length": alter(
        "user", #"{"name": "firstName", "type": "CharField", "max_length": 150}"#),
]
