// Django's `django.contrib.admin` migrations, under Django's names, so that a database Django
// migrated has nothing pending and `django_admin_log` matches Django's column for column.
// 0002 gives action_time a default, which changes no column (SQLite rebuilds the table for
// it, as Django's schema editor does); 0003 adds choices to action_flag and makes no SQL.
internal import PonyAuth
internal import PonyORM

/// The admin app's migrations.
enum AdminMigrations {
    static let all: [Migration] = BuiltInMigrations.decode([
        "0001_initial": #"""
        {"initial": true, "dependencies": ["auth.__first__", "contenttypes.__first__"], "operations": [
          {"type": "CreateModel", "name": "LogEntry", "table": "django_admin_log", "fields": [
            {"name": "id", "type": "AutoField", "primary_key": true},
            {"name": "actionTime", "type": "DateTimeField"},
            {"name": "objectID", "type": "TextField", "null": true, "db_column": "object_id"},
            {"name": "objectRepr", "type": "CharField", "max_length": 200},
            {"name": "actionFlag", "type": "PositiveSmallIntegerField"},
            {"name": "changeMessage", "type": "TextField"},
            {"name": "contentType", "type": "ForeignKey", "to": "contenttypes.contenttype", "on_delete": "SET_NULL",
             "null": true, "db_index": true},
            {"name": "user", "type": "ForeignKey", "to": "auth.user", "on_delete": "CASCADE", "db_index": true}]}]}
        """#,
        "0002_logentry_remove_auto_add": #"""
        {"dependencies": ["0001_initial"], "operations": [{"type": "AlterField", "model_name": "logentry",
          "field": {"name": "actionTime", "type": "DateTimeField"}}]}
        """#,
        "0003_logentry_add_action_flag_choices": #"""
        {"dependencies": ["0002_logentry_remove_auto_add"], "operations": [
          {"type": "RunSQL", "sql": [], "reverse_sql": []}]}
        """#,
    ])
}
