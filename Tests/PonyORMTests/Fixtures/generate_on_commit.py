"""Writes on_commit.json: the order of events in which Django 5.2's `transaction.on_commit`
runs callbacks, for the scenarios below (OnCommitTests runs the same ones in Pony and
compares the logs). Each log lists the events in order; "rows=N" is what a callback counts
in the table, "raised" that the `atomic` block raised, "rolled back" that it was meant to.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyORMTests/Fixtures/generate_on_commit.py
"""
import json
import os

import django
from django.conf import settings

settings.configure(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
django.setup()

from django.db import connection, models, transaction  # noqa: E402


class Note(models.Model):
    text = models.CharField(max_length=20)

    class Meta:
        app_label = "notes"


with connection.schema_editor() as editor:
    editor.create_model(Note)


class Rollback(Exception):
    pass


def scenario(log):
    def hook(name):
        return lambda: log.append(name)

    def counting(name):
        return lambda: log.append(f"{name} rows={Note.objects.count()}")

    def failing():
        log.append("fail")
        raise ValueError("callback failed")

    return hook, counting, failing


def outside(log):
    hook, _, _ = scenario(log)
    transaction.on_commit(hook("A"))
    log.append("after")


def committed(log):
    hook, counting, _ = scenario(log)
    with transaction.atomic():
        Note.objects.create(text="one")
        transaction.on_commit(counting("A"))
        transaction.on_commit(hook("B"))
        log.append("body")
    log.append("after")


def rolled_back(log):
    hook, _, _ = scenario(log)
    try:
        with transaction.atomic():
            Note.objects.create(text="two")
            transaction.on_commit(hook("A"))
            raise Rollback()
    except Rollback:
        log.append("rolled back")
    log.append(f"rows={Note.objects.count()}")


def savepoints(log):
    hook, _, _ = scenario(log)
    with transaction.atomic():
        transaction.on_commit(hook("A"))
        with transaction.atomic():
            transaction.on_commit(hook("B"))
            with transaction.atomic():
                transaction.on_commit(hook("C"))
        try:
            with transaction.atomic():
                transaction.on_commit(hook("D"))
                with transaction.atomic():
                    transaction.on_commit(hook("E"))
                raise Rollback()
        except Rollback:
            log.append("rolled back")
        transaction.on_commit(hook("F"))
        log.append("body")
    log.append("after")


def robust(log):
    hook, _, failing = scenario(log)
    with transaction.atomic():
        transaction.on_commit(failing, robust=True)
        transaction.on_commit(hook("A"))
    log.append("after")


def not_robust(log):
    hook, _, failing = scenario(log)
    try:
        with transaction.atomic():
            Note.objects.create(text="three")
            transaction.on_commit(hook("A"))
            transaction.on_commit(failing)
            transaction.on_commit(hook("B"))
    except ValueError:
        log.append("raised")
    log.append(f"rows={Note.objects.count()}")
    # NB: the failed transaction's other callbacks are gone; a new one starts clean.
    with transaction.atomic():
        transaction.on_commit(hook("C"))
    log.append("after")


def registering(log):
    hook, _, _ = scenario(log)

    def first():
        log.append("first")
        transaction.on_commit(hook("inner"))
        with transaction.atomic():
            Note.objects.create(text="four")
            transaction.on_commit(hook("nested"))
        log.append("first done")

    with transaction.atomic():
        transaction.on_commit(first)
        transaction.on_commit(hook("second"))
    log.append(f"rows={Note.objects.count()}")


SCENARIOS = [outside, committed, rolled_back, savepoints, robust, not_robust, registering]
logs = {}
for run in SCENARIOS:
    log = []
    run(log)
    logs[run.__name__] = log

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "on_commit.json")
with open(path, "w") as file:
    json.dump({"django": django.get_version(), "logs": logs}, file, indent=1)
