"""Writes what Django 5.2's `dumpdata` prints for the database of django_contrib_database.sql
(a database Django made: content types, permissions, a superuser and a session), without and
with `--indent 2`, and as JSON Lines (`--format jsonl`), and its user with two permissions, for
FixtureTests.

    python3 Tests/PonyAuthTests/Fixtures/generate_dumpdata.py
"""
import io
import os
import sqlite3
import tempfile

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(tempfile.mkdtemp(), "db.sqlite3")
with open(os.path.join(HERE, "django_contrib_database.sql")) as file:
    sqlite3.connect(path).executescript(file.read())
settings.configure(
    SECRET_KEY="django-insecure-fixture-key",
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "django.contrib.messages", "django.contrib.admin"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}},
)
django.setup()

from django.core.management import call_command  # noqa: E402

for name, options in [
    ("django_contrib_dumpdata.json", {}),
    ("django_contrib_dumpdata_indent2.json", {"indent": 2}),
    ("django_contrib_dumpdata.jsonl", {"format": "jsonl"}),
]:
    buffer = io.StringIO()
    call_command("dumpdata", stdout=buffer, **options)
    with open(os.path.join(HERE, name), "w") as file:
        file.write(buffer.getvalue())

# A user's permissions are listed in Permission's ordering (content type's app label and model,
# then codename), not in the order they were given.
from django.contrib.auth.models import Permission, User  # noqa: E402

User.objects.get().user_permissions.add(*[Permission.objects.get(codename=code) for code in ["add_user", "view_logentry"]])
buffer = io.StringIO()
call_command("dumpdata", "auth.user", stdout=buffer)
with open(os.path.join(HERE, "django_contrib_dumpdata_permissions.json"), "w") as file:
    file.write(buffer.getvalue())

# Natural keys: content types, permissions and users named by their natural keys, not keys.
buffer = io.StringIO()
call_command("dumpdata", "contenttypes", "auth", natural_foreign=True, natural_primary=True, stdout=buffer)
with open(os.path.join(HERE, "django_contrib_dumpdata_natural.json"), "w") as file:
    file.write(buffer.getvalue())

# sqlflush, for the same apps (after the data above: flush does not care). Django lists the tables
# in a set's order, which changes from run to run: the DELETE lines and the names in the
# sqlite_sequence UPDATE are sorted here, as Pony writes them.
buffer = io.StringIO()
call_command("sqlflush", stdout=buffer)
lines = buffer.getvalue().splitlines()
deletes = sorted(line for line in lines if line.startswith("DELETE FROM"))
(update,) = [line for line in lines if line.startswith("UPDATE")]
head, names = update.split(" IN (")
names = ", ".join(sorted(names.rstrip(");").split(", ")))
with open(os.path.join(HERE, "django_contrib_sqlflush.sql"), "w") as file:
    file.write("\n".join(["BEGIN;"] + deletes + [f"{head} IN ({names});", "COMMIT;"]) + "\n")
