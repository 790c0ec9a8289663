"""Writes django_optimizer.json: what Django 5.2's MigrationOptimizer (which squashmigrations
and optimizemigration run) makes of lists of operations, written in Pony's migration JSON,
for MigrationOptimizerTests.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyORMTests/Fixtures/generate_optimizer.py
"""
import json
import os

import django
from django.conf import settings

settings.configure(INSTALLED_APPS=[])
django.setup()

from django.db import migrations, models  # noqa: E402
from django.db.migrations.optimizer import MigrationOptimizer  # noqa: E402

APP = "app"


def char(length=100, **options):
    return models.CharField(max_length=length, **options)


def key():
    return models.BigAutoField(primary_key=True)


def fk(target, **options):
    return models.ForeignKey(f"{APP}.{target}", on_delete=models.CASCADE, **options)


def create(name, fields, **options):
    return migrations.CreateModel(name, fields, options=options)


def field_json(name, field):
    out = {"name": name, "type": type(field).__name__}
    if getattr(field, "max_length", None) and not field.is_relation:
        out["max_length"] = field.max_length
    if field.null:
        out["null"] = True
    if field.primary_key:
        out["primary_key"] = True
    if field.db_column:
        out["db_column"] = field.db_column
    if field.many_to_many:
        out["to"] = field.remote_field.model.lower()
    elif field.is_relation:
        out["to"] = field.remote_field.model.lower()
        out["on_delete"] = "CASCADE"
        out["db_index"] = True
    return out


def index_json(index):
    return {"fields": list(index.fields), "name": index.name}


def constraint_json(constraint):
    return {"fields": list(constraint.fields), "name": constraint.name}


def operation_json(op):
    kind = type(op).__name__
    if kind == "CreateModel":
        out = {
            "type": kind, "name": op.name, "table": op.options.get("db_table", f"{APP}_{op.name.lower()}"),
            "fields": [field_json(n, f) for n, f in op.fields],
        }
        if op.options.get("indexes"):
            out["indexes"] = [index_json(i) for i in op.options["indexes"]]
        if op.options.get("constraints"):
            out["constraints"] = [constraint_json(c) for c in op.options["constraints"]]
        if op.options.get("unique_together"):
            out["unique_together"] = sorted(list(group) for group in op.options["unique_together"])
        if op.options.get("managed", True) is False:
            out["managed"] = False
        return out
    if kind == "AlterModelOptions":
        return {"type": kind, "name": op.name, "managed": op.options["managed"]}
    if kind == "DeleteModel":
        return {"type": kind, "name": op.name}
    if kind in ("AddField", "AlterField"):
        return {"type": kind, "model_name": op.model_name.lower(), "field": field_json(op.name, op.field)}
    if kind == "RemoveField":
        return {"type": kind, "model_name": op.model_name.lower(), "name": op.name}
    if kind == "RenameField":
        return {"type": kind, "model_name": op.model_name.lower(), "old_name": op.old_name, "new_name": op.new_name}
    if kind == "RenameModel":
        return {"type": kind, "old_name": op.old_name, "new_name": op.new_name}
    if kind == "AddIndex":
        return {"type": kind, "model_name": op.model_name.lower(), "index": index_json(op.index)}
    if kind in ("RemoveIndex", "RemoveConstraint"):
        return {"type": kind, "model_name": op.model_name.lower(), "name": op.name}
    if kind == "AddConstraint":
        return {"type": kind, "model_name": op.model_name.lower(), "constraint": constraint_json(op.constraint)}
    if kind == "RunSQL":
        return {"type": kind, "sql": [op.sql], "reverse_sql": [op.reverse_sql]}
    raise ValueError(kind)


def task(*extra, **options):
    return create("Task", [("id", key()), ("title", char())] + list(extra), **options)


def index(fields, name):
    return models.Index(fields=fields, name=name)


def unique(fields, name):
    return models.UniqueConstraint(fields=fields, name=name)


SQL = migrations.RunSQL("UPDATE app_task SET title = ''", "SELECT 1")

SCENARIOS = {
    "create then delete": [task(), migrations.DeleteModel("Task")],
    "create then rename": [task(), migrations.RenameModel("Task", "Job")],
    "rename twice": [migrations.RenameModel("Task", "Job"), migrations.RenameModel("Job", "Chore")],
    "rename and back": [migrations.RenameModel("Task", "Job"), migrations.RenameModel("Job", "Task")],
    "create then add field": [task(), migrations.AddField("task", "done", models.BooleanField(default=False))],
    "create, add, alter": [
        task(), migrations.AddField("task", "notes", models.TextField()),
        migrations.AlterField("task", "notes", models.TextField(null=True)),
    ],
    "create, add, remove": [
        task(), migrations.AddField("task", "notes", models.TextField()), migrations.RemoveField("task", "notes"),
    ],
    "create then alter": [task(), migrations.AlterField("task", "title", char(200))],
    "create then rename field, unique together": [
        task(("owner", char()), unique_together={("title", "owner")}),
        migrations.RenameField("task", "title", "name"),
    ],
    "create then remove field, unique together": [
        task(("owner", char()), ("kind", char()), unique_together={("title", "owner"), ("kind",)}),
        migrations.RemoveField("task", "kind"),
    ],
    "add then alter": [
        migrations.AddField("task", "done", models.BooleanField(default=False)),
        migrations.AlterField("task", "done", models.BooleanField(default=True)),
    ],
    "add then remove": [
        migrations.AddField("task", "done", models.BooleanField(default=False)), migrations.RemoveField("task", "done"),
    ],
    "add then rename": [
        migrations.AddField("task", "done", models.BooleanField(default=False)),
        migrations.RenameField("task", "done", "finished"),
    ],
    "alter twice": [
        migrations.AlterField("task", "title", char(150)), migrations.AlterField("task", "title", char(200)),
    ],
    "alter then remove": [migrations.AlterField("task", "title", char(150)), migrations.RemoveField("task", "title")],
    "alter then rename": [
        migrations.AlterField("task", "title", char(150)), migrations.RenameField("task", "title", "name"),
    ],
    "alter with a column, then rename": [
        migrations.AlterField("task", "title", char(150, db_column="heading")),
        migrations.RenameField("task", "title", "name"),
    ],
    "rename field twice": [
        migrations.RenameField("task", "title", "name"), migrations.RenameField("task", "name", "label"),
    ],
    "rename a camel-case field twice": [
        migrations.RenameField("task", "dueDate", "deadline"), migrations.RenameField("task", "Deadline", "dueAt"),
    ],
    "remove field then delete model": [migrations.RemoveField("task", "title"), migrations.DeleteModel("Task")],
    "create with a key to a model created before, then add to the first": [
        task(), create("Note", [("id", key()), ("task", fk("Task"))]),
        migrations.AddField("task", "done", models.BooleanField(default=False)),
    ],
    "create, add a key to it elsewhere, then add to it": [
        task(), migrations.AddField("note", "task", fk("Task")),
        migrations.AddField("task", "done", models.BooleanField(default=False)),
    ],
    "raw SQL between": [task(), SQL, migrations.AddField("task", "done", models.BooleanField(default=False))],
    "unrelated raw SQL after": [migrations.AddField("task", "done", models.BooleanField(default=False)), SQL],
    "create two with a key, delete both": [
        task(), create("Note", [("id", key()), ("task", fk("Task"))]),
        migrations.DeleteModel("Note"), migrations.DeleteModel("Task"),
    ],
    "delete the target of a key before its source": [
        task(), create("Note", [("id", key()), ("task", fk("Task"))]),
        migrations.DeleteModel("Task"), migrations.DeleteModel("Note"),
    ],
    "add a key, then delete its target": [migrations.AddField("note", "task", fk("Task")), migrations.DeleteModel("Task")],
    "create, rename, add to the new name": [
        task(), migrations.RenameModel("Task", "Job"),
        migrations.AddField("job", "done", models.BooleanField(default=False)),
    ],
    "create, unrelated alter, delete": [
        task(), migrations.AlterField("note", "body", models.TextField()), migrations.DeleteModel("Task"),
    ],
    "create then index, constraint, and their removal": [
        task(), migrations.AddIndex("task", index(["title"], "task_title_idx")),
        migrations.AddConstraint("task", unique(["title"], "task_title_uniq")),
        migrations.RemoveIndex("task", "task_title_idx"),
    ],
    "index added and removed": [
        migrations.AddIndex("task", index(["title"], "task_title_idx")),
        migrations.RemoveIndex("task", "task_title_idx"),
    ],
    "constraint added and removed": [
        migrations.AddConstraint("task", unique(["title"], "task_title_uniq")),
        migrations.RemoveConstraint("task", "task_title_uniq"),
    ],
    "index between field changes": [
        migrations.AddField("task", "done", models.BooleanField(default=False)),
        migrations.AddIndex("task", index(["title"], "task_title_idx")),
        migrations.RemoveField("task", "done"),
    ],
    "a history to squash": [
        task(),
        migrations.AddField("task", "done", models.BooleanField(default=False)),
        migrations.AlterField("task", "title", char(200)),
        create("Tag", [("id", key()), ("name", char(50))]),
        migrations.AddField("task", "tags", models.ManyToManyField(f"{APP}.Tag")),
        migrations.RenameField("task", "title", "name"),
        migrations.AddIndex("task", index(["name"], "task_name_idx")),
        migrations.RemoveField("task", "done"),
        migrations.AddField("tag", "color", char(7, null=True)),
    ],
    "create unmanaged": [task(), migrations.AlterModelOptions("Task", {"managed": False})],
    "create, unmanaged, managed again": [
        task(), migrations.AlterModelOptions("Task", {"managed": False}),
        migrations.AlterModelOptions("Task", {"managed": True}),
    ],
    "options twice": [
        migrations.AlterModelOptions("Task", {"managed": False}), migrations.AlterModelOptions("Task", {"managed": True}),
    ],
    "options then delete": [migrations.AlterModelOptions("Task", {"managed": False}), migrations.DeleteModel("Task")],
    "options across another model's field": [
        migrations.AlterModelOptions("Task", {"managed": False}),
        migrations.AddField("note", "body", models.TextField()),
        migrations.AlterModelOptions("Task", {"managed": True}),
    ],
    "options across a key to the model": [
        migrations.AlterModelOptions("Task", {"managed": False}), migrations.AddField("note", "task", fk("Task")),
        migrations.AlterModelOptions("Task", {"managed": True}),
    ],
    "a key to a renamed model": [
        task(), create("Note", [("id", key()), ("task", fk("Task"))]),
        migrations.RenameModel("Task", "Job"), migrations.AlterField("note", "task", fk("Job")),
    ],
}

optimizer = MigrationOptimizer()
cases = [
    {
        "name": name,
        "operations": [operation_json(op) for op in operations],
        "optimized": [operation_json(op) for op in optimizer.optimize(operations, APP)],
    }
    for name, operations in SCENARIOS.items()
]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django_optimizer.json")
with open(path, "w") as file:
    json.dump({"django": django.get_version(), "cases": cases}, file, indent=1)
    file.write("\n")
