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
from django.core.management import call_command

from sqlmigrate_app import start, write_sqlmigrate

APP = start('''
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
''', installed_apps=["django.contrib.postgres"])
call_command("makemigrations", "ponyormtests", verbosity=0)
write_sqlmigrate(__file__, "indexes", ["0001"])
