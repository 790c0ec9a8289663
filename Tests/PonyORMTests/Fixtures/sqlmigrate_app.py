"""Shared by the `sqlmigrate` fixture scripts (generate_indexes.py, generate_generated.py,
generate_db_default.py): a temporary Django app `ponyormtests` with the models given, on SQLite
or on the PostgreSQL server that PONY_TEST_POSTGRES_URL names, and Django 5.2's `sqlmigrate` of
its migrations.

A script runs for SQLite (no argument) and then runs itself again with `postgresql`.
"""
import io
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"


def start(models, installed_apps=()):
    """Writes the app with `models` as its models.py, configures Django for BACKEND and sets it
    up; returns the app's folder."""
    import django
    from django.conf import settings

    work = tempfile.mkdtemp()
    app = os.path.join(work, "ponyormtests")
    os.makedirs(os.path.join(app, "migrations"))
    open(os.path.join(app, "__init__.py"), "w").close()
    open(os.path.join(app, "migrations", "__init__.py"), "w").close()
    with open(os.path.join(app, "models.py"), "w") as handle:
        handle.write(models)
    sys.path.insert(0, work)
    if BACKEND == "sqlite":
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(work, "db.sqlite3")}
    else:
        server = urlparse(os.environ["PONY_TEST_POSTGRES_URL"])
        database = {"ENGINE": "django.db.backends.postgresql", "NAME": server.path.lstrip("/"),
                    "USER": server.username, "PASSWORD": server.password, "HOST": server.hostname,
                    "PORT": server.port or 5432}
    settings.configure(
        INSTALLED_APPS=[*installed_apps, "ponyormtests"], DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        DATABASES={"default": database},
    )
    django.setup()
    return app


def migrate_to(app, models, name=None):
    """Rewrites the app's models.py as `models` and makes the next migration (named `name`)."""
    import importlib
    from django.apps import apps
    from django.core.management import call_command

    with open(os.path.join(app, "models.py"), "w") as handle:
        handle.write(models)
    apps.all_models["ponyormtests"].clear()
    apps.clear_cache()
    importlib.reload(sys.modules["ponyormtests.models"])
    call_command("makemigrations", "ponyormtests", name=name, verbosity=0)


def write_sqlmigrate(script, fixture, numbers):
    """Writes `sqlmigrate` of the migrations `numbers` to django_sqlmigrate_<fixture>_<BACKEND>.sql;
    on SQLite, then runs `script` again for PostgreSQL."""
    from django.core.management import call_command

    out = io.StringIO()
    for number in numbers:
        call_command("sqlmigrate", "ponyormtests", number, stdout=out)
    with open(os.path.join(HERE, "django_sqlmigrate_%s_%s.sql" % (fixture, BACKEND)), "w") as handle:
        handle.write(out.getvalue())
    if BACKEND == "sqlite":
        subprocess.run([sys.executable, os.path.abspath(script), "postgresql"], check=True)
