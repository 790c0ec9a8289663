internal import Foundation
public import PonyORM

/// A model's row in Django's `django_content_type` table: its app label and model name, which
/// permissions (and the admin's log) point to.
@Model(
    table: "django_content_type", appLabel: "contenttypes", verboseName: "content type",
    naturalKey: ["appLabel", "model"])
public struct ContentType {
    /// The 32-bit key Django's `contenttypes` app uses.
    public var id: Int32?
    /// The app label (`auth`).
    @Field(maxLength: 100) public var appLabel: String
    /// The lower-cased model name (`user`).
    @Field(maxLength: 100, verboseName: "python model class name") public var model: String

    /// How it prints: `auth | user` (Django's `app_labeled_name`).
    public var text: String { "\(appLabel) | \(model)" }
}

extension AppConfig {
    /// Django's `django.contrib.contenttypes`: `django_content_type`, with Django's two
    /// migrations under their names.
    public static let contentTypes = AppConfig(
        label: "contenttypes", models: [ContentType.self],
        migrations: BuiltInMigrations.decode(
            [
                "0001_initial": #"""
                {"initial": true, "dependencies": [], "operations": [
                  {"type": "CreateModel", "name": "ContentType", "table": "django_content_type", "fields": [
                    {"name": "id", "type": "AutoField", "primary_key": true},
                    {"name": "name", "type": "CharField", "max_length": 100},
                    {"name": "appLabel", "type": "CharField", "max_length": 100},
                    {"name": "model", "type": "CharField", "max_length": 100}],
                   "unique_together": [["appLabel", "model"]]}]}
                """#,
                "0002_remove_content_type_name": #"""
                {"dependencies": ["0001_initial"], "operations": [
                  {"type": "AlterField", "model_name": "contenttype",
                   "field": {"name": "name", "type": "CharField", "max_length": 100, "null": true}},
                  {"type": "RemoveField", "model_name": "contenttype", "name": "name"}]}
                """#,
            ]))
}

/// Built-in apps' migrations, written as migration files are (Django's operations on
/// Django's fields), so they read like Django's own migration modules.
public enum BuiltInMigrations {
    /// The migrations, in name order. A migration that does not decode is a bug in Pony,
    /// which the tests catch (they compare every statement with Django's); it is left out
    /// rather than stopping the process.
    public static func decode(_ files: [String: String]) -> [Migration] {
        files.keys.sorted().compactMap { name in
            guard var migration = try? JSONDecoder().decode(Migration.self, from: Data(files[name, default: ""].utf8))
            else { return nil }
            migration.name = name
            return migration
        }
    }
}
