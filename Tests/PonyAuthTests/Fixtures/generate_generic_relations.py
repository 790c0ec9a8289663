"""Writes generic_relations.json: what Django 5.2's GenericForeignKey and GenericRelation do
with the same rows (GenericRelationTests), and the messages of its `contenttypes` checks.

- gen.Task declares `tags = GenericRelation(TaggedItem, related_query_name="task")` and
  `labels`; gen.Note declares none,
  so its items outlive it, and `content_object` then gives None;
- TaggedItem keeps an integer object id; Label keeps a text one, so it points to a Word
  (a text primary key) as well as to a Task.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyAuthTests/Fixtures/generate_generic_relations.py
"""
import json
import os
import sys

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "gen"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)

# A module-level app "gen" for the models below.
import types  # noqa: E402

gen = types.ModuleType("gen")
gen.__file__ = __file__
sys.modules["gen"] = gen
apps_module = types.ModuleType("gen.apps")
sys.modules["gen.apps"] = apps_module
from django.apps import AppConfig  # noqa: E402


class GenConfig(AppConfig):
    name = "gen"
    label = "gen"
    path = HERE


apps_module.GenConfig = GenConfig
gen.default_app_config = "gen.apps.GenConfig"
django.setup()

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class TaggedItem(models.Model):
    tag = models.CharField(max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        app_label = "gen"
        ordering = ["id"]


class Label(models.Model):
    name = models.CharField(max_length=50)
    kind = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    key = models.TextField()
    target = GenericForeignKey("kind", "key")

    class Meta:
        app_label = "gen"
        ordering = ["id"]


class Task(models.Model):
    name = models.CharField(max_length=50)
    tags = GenericRelation(TaggedItem, related_query_name="task")
    labels = GenericRelation(Label, content_type_field="kind", object_id_field="key", related_query_name="task")

    class Meta:
        app_label = "gen"

    def __str__(self):
        return "task " + self.name


class Note(models.Model):
    text = models.CharField(max_length=50)

    class Meta:
        app_label = "gen"

    def __str__(self):
        return "note " + self.text


class Word(models.Model):
    word = models.CharField(max_length=20, primary_key=True)
    labels = GenericRelation(Label, content_type_field="kind", object_id_field="key")

    class Meta:
        app_label = "gen"

    def __str__(self):
        return "word " + self.word


# Models whose generic foreign keys the checks refuse, named as Pony's Swift properties are.
class BadObjectId(models.Model):
    contentType = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    contentObject = GenericForeignKey("contentType", "objectId")

    class Meta:
        app_label = "gen"


class BadContentType(models.Model):
    objectId = models.BigIntegerField()
    contentObject = GenericForeignKey("contentType", "objectId")

    class Meta:
        app_label = "gen"


class NotAForeignKey(models.Model):
    contentType = models.IntegerField()
    objectId = models.BigIntegerField()
    contentObject = GenericForeignKey("contentType", "objectId")

    class Meta:
        app_label = "gen"


class WrongForeignKey(models.Model):
    contentType = models.ForeignKey(Task, on_delete=models.CASCADE)
    objectId = models.BigIntegerField()
    contentObject = GenericForeignKey("contentType", "objectId")

    class Meta:
        app_label = "gen"


def show(obj):
    return None if obj is None else str(obj)


from django.contrib.auth.models import Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402

# Django's tables, then those of the models above.
call_command("migrate", verbosity=0)
with connection.schema_editor() as editor:
    # NB: the keys of WrongForeignKey (to Task) and BadObjectId (to ContentType) take part in deletes.
    for model in (TaggedItem, Label, Task, Note, Word, WrongForeignKey, BadObjectId):
        editor.create_model(model)

out = {}
write = Task.objects.create(name="write")
test = Task.objects.create(name="test")
memo = Note.objects.create(text="memo")
plan = Note.objects.create(text="plan")
hello = Word.objects.create(word="hello")
# NB: the note "plan" has the key of the task "test": only the content type tells them apart.
for tag, obj in [("urgent", write), ("home", write), ("work", test), ("urgent", memo), ("plan", plan)]:
    TaggedItem.objects.create(tag=tag, content_object=obj)
Label.objects.create(name="greeting", target=hello)
Label.objects.create(name="chore", target=write)

out["stored"] = [[i.tag, i.content_type.model, i.object_id] for i in TaggedItem.objects.all()]
out["labels stored"] = [[i.name, i.kind.model, i.key] for i in Label.objects.all()]
out["objects"] = [[i.tag, show(i.content_object)] for i in TaggedItem.objects.all()]
ContentType.objects.clear_cache()
with CaptureQueriesContext(connection) as queries:
    items = list(TaggedItem.objects.prefetch_related("content_object"))
    out["prefetched objects"] = [[i.tag, show(i.content_object)] for i in items]
out["prefetch queries, content types not cached"] = len(queries)
out["label targets"] = [[i.name, show(i.target)] for i in Label.objects.prefetch_related("target")]
out["write tags"] = [i.tag for i in write.tags.all()]
out["hello labels"] = [i.name for i in hello.labels.all()]
out["tags per task"] = [[t.name, [i.tag for i in t.tags.all()]]
                        for t in Task.objects.prefetch_related("tags").order_by("id")]
out["filters"] = {
    "tags__tag=urgent": [t.name for t in Task.objects.filter(tags__tag="urgent").order_by("id")],
    "tags__tag=plan": [t.name for t in Task.objects.filter(tags__tag="plan").order_by("id")],
    "tags__tag__in=[work, home]": [t.name for t in Task.objects.filter(tags__tag__in=["work", "home"]).order_by("id")],
    "exclude tags__tag=home": [t.name for t in Task.objects.exclude(tags__tag="home").order_by("id")],
    "tags__isnull=True": [t.name for t in Task.objects.filter(tags__isnull=True).order_by("id")],
    "labels__name=greeting": [w.word for w in Word.objects.filter(labels__name="greeting")],
    "task labels__name=chore": [t.name for t in Task.objects.filter(labels__name="chore")],
    "items of task write": [i.tag for i in TaggedItem.objects.filter(task__name="write")],
    "items of tasks starting with t": [i.tag for i in TaggedItem.objects.filter(task__name__startswith="t")],
    "labels of a task": [i.name for i in Label.objects.filter(task__isnull=False)],
    "labels of no task": [i.name for i in Label.objects.filter(task__isnull=True)],
    "count tags": [[t.name, t.n] for t in Task.objects.annotate(n=models.Count("tags")).order_by("id")],
}
out["urgent items"] = [show(i.content_object) for i in TaggedItem.objects.filter(tag="urgent")]
out["delete write"] = list(write.delete())
out["after deleting write"] = [[i.tag, show(i.content_object)] for i in TaggedItem.objects.all()]
out["labels after deleting write"] = [[i.name, show(i.target)] for i in Label.objects.all()]
out["delete memo"] = list(memo.delete())
out["after deleting memo"] = [[i.tag, show(i.content_object)] for i in TaggedItem.objects.all()]
out["delete hello"] = list(hello.delete())
# What contenttypes' check_generic_foreign_keys runs for each GenericForeignKey.
out["checks"] = [str(error) for model in (BadObjectId, BadContentType, NotAForeignKey, WrongForeignKey)
                 for field in model._meta.private_fields for error in field.check()]

# remove_stale_contenttypes: a model the app no longer has ("gone", with a permission and two
# items pointing to it), and an app no longer installed ("oldapp").
gone = ContentType.objects.create(app_label="gen", model="gone")
Permission.objects.create(name="Can add gone", codename="add_gone", content_type=gone)
for key in (1, 2):
    TaggedItem.objects.create(tag="stale", content_type=gone, object_id=key)
ContentType.objects.create(app_label="oldapp", model="thing")
stale = {}
import builtins  # noqa: E402
import io  # noqa: E402



def answering(answer):
    """The command's output at verbosity 2, with input()'s prompt where a terminal shows it."""
    out_text = io.StringIO()

    def ask(prompt):
        out_text.write(prompt)
        return answer

    builtins.input = ask
    call_command("remove_stale_contenttypes", stdout=out_text, verbosity=2)
    return out_text.getvalue()


stale["asked, answered no"] = answering("no")
stale["answered yes"] = answering("yes")
stale["left"] = sorted(f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all())
stale["items left"] = [i.tag for i in TaggedItem.objects.all()]
out_text = io.StringIO()
call_command("remove_stale_contenttypes", stdout=out_text, verbosity=2, interactive=False, include_stale_apps=True)
stale["stale apps, no input"] = out_text.getvalue()
out["remove_stale_contenttypes"] = stale

with open(os.path.join(HERE, "generic_relations.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps(out["checks"], indent=1))
