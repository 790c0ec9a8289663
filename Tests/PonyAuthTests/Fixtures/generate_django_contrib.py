#!/usr/bin/env python3
"""Writes what Django 5.2's contrib apps put in a database, for Pony's contrib apps to match.

    pip install 'django==5.2.*' && python3 generate_django_contrib.py
    PONY_TEST_POSTGRES_URL=postgres://… python3 generate_django_contrib.py postgresql

- django_contrib_sqlmigrate_<backend>.json: for contenttypes, auth, sessions and admin, every
  migration's name in order and its `sqlmigrate` SQL (without comments, BEGIN and COMMIT).
- django_contrib_database.sql (SQLite only): a database after `migrate` with a superuser
  `admin` (password `pony-pass-1`) and one session, as SQL statements (`iterdump`).
"""
import io
import os
import sqlite3
import sys
import tempfile
import urllib.parse

import django
from django.conf import settings

BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
HERE = os.path.dirname(os.path.abspath(__file__))
APPS = ["contenttypes", "auth", "sessions", "admin"]
path = os.path.join(tempfile.mkdtemp(), "db.sqlite3")
if BACKEND == "sqlite":
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
else:
    url = urllib.parse.urlparse(os.environ["PONY_TEST_POSTGRES_URL"])
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": url.path[1:], "USER": url.username,
                "PASSWORD": url.password, "HOST": url.hostname, "PORT": url.port or 5432}
settings.configure(
    SECRET_KEY="django-insecure-fixture-key",
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "django.contrib.messages", "django.contrib.admin"],
    DATABASES={"default": database},
)
django.setup()

import json

from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db import connection

loader = MigrationLoader(connection)
out = {}
for app in APPS:
    names = sorted(name for (label, name) in loader.disk_migrations if label == app)
    migrations = []
    for name in names:
        buffer = io.StringIO()
        call_command("sqlmigrate", app, name, stdout=buffer)
        lines = [line for line in buffer.getvalue().splitlines()
                 if line and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")]
        migrations.append({"name": name, "sql": lines})
    out[app] = migrations
with open(os.path.join(HERE, "django_contrib_sqlmigrate_%s.json" % BACKEND), "w") as file:
    json.dump(out, file, indent=1)
    file.write("\n")

if BACKEND == "sqlite":
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    admin = User.objects.create_superuser("admin", "admin@example.com", "pony-pass-1")
    # A logged-in session as django.contrib.auth.login writes it.
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = admin.get_session_auth_hash()
    store.create()
    with open(os.path.join(HERE, "django_contrib_auth.json"), "w") as file:
        json.dump({"secret": settings.SECRET_KEY, "password": admin.password,
                   "session_auth_hash": admin.get_session_auth_hash(), "session_key": store.session_key}, file, indent=1)
        file.write("\n")
    connection.close()
    dump = sqlite3.connect(path)
    with open(os.path.join(HERE, "django_contrib_database.sql"), "w") as file:
        for line in dump.iterdump():
            file.write(line + "\n")
print("wrote the %s fixtures with Django %s" % (BACKEND, django.get_version()), file=sys.stderr)
