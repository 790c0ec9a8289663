#!/usr/bin/env python3
"""Writes django_sqlmigrate_indexes_{sqlite,postgresql}.sql: Django 5.2's `sqlmigrate` for a
model with an index on a search vector (GinIndex), on an expression (Lower), and of PostgreSQL
kinds on a field, for IndexTypeTests.

    pip install "django>=5.2,<5.3" "psycopg[binary]"
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \
        python3 Tests/PonyORMTests/Fixtures/generate_indexes.py

`sqlmigrate` only writes the SQL; on PostgreSQL it reads which migrations ran from the server
that PONY_TEST_POSTGRES_URL names (`.ci/postgres.sh` starts one).
"""
import io, os, sys, tempfile
from urllib.parse import urlparse

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp()
APP = os.path.join(WORK, "ponyormtests")
os.makedirs(os.path.join(APP, "migrations"))
open(os.path.join(APP, "__init__.py"), "w").close()
open(os.path.join(APP, "migrations", "__init__.py"), "w").close()
with open(os.path.join(APP, "models.py"), "w") as models:
    models.write('''
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models.functions import Lower

class IndexedPost(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField(null=True)

    class Meta:
        indexes = [
            GinIndex(SearchVector("title", "body", config="english"), name="post_search"),
            models.Index(Lower("title"), name="post_lower_title"),
            GinIndex(SearchVector("title"), name="post_title_vec"),
            BrinIndex(fields=["title"], name="post_title_brin"),
            models.Index(fields=["title", "-body"], name="post_title_like", opclasses=["varchar_pattern_ops", "text_pattern_ops"]),
        ]
''')
sys.path.insert(0, WORK)
backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
if backend == "sqlite":
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(WORK, "db.sqlite3")}
else:
    server = urlparse(os.environ["PONY_TEST_POSTGRES_URL"])
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": server.path.lstrip("/"), "USER": server.username,
                "PASSWORD": server.password, "HOST": server.hostname, "PORT": server.port or 5432}
settings.configure(
    INSTALLED_APPS=["django.contrib.postgres", "ponyormtests"], DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    DATABASES={"default": database},
)
django.setup()
from django.core.management import call_command  # noqa: E402

call_command("makemigrations", "ponyormtests", verbosity=0)
out = io.StringIO()
call_command("sqlmigrate", "ponyormtests", "0001", stdout=out)
with open(os.path.join(HERE, "django_sqlmigrate_indexes_%s.sql" % backend), "w") as handle:
    handle.write(out.getvalue())
if backend == "sqlite":
    import subprocess
    subprocess.run([sys.executable, os.path.abspath(__file__), "postgresql"], check=True)
