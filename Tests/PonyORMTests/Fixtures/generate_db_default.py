#!/usr/bin/env python3
"""Writes django_sqlmigrate_db_default_{sqlite,postgresql}.sql: Django 5.2's `sqlmigrate` for a
model whose fields have database defaults (`db_default`: a value, `Now()`, a function) (0001),
for such a field added later (0002), for a database default changed (0003) and for one removed
(0004), for DatabaseDefaultTests (the model Chore).

    pip install "django>=5.2,<5.3" "psycopg[binary]"
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \
        python3 Tests/PonyORMTests/Fixtures/generate_db_default.py

`sqlmigrate` only writes the SQL; on PostgreSQL it reads which migrations ran from the server
that PONY_TEST_POSTGRES_URL names (`.ci/postgres.sh` starts one).
"""
from django.core.management import call_command

from sqlmigrate_app import migrate_to, start, write_sqlmigrate

MODEL = '''
from django.db import models
from django.db.models import Value
from django.db.models.functions import Now, Pi

class Chore(models.Model):
    title = models.CharField(max_length=100)
    status = models.CharField(max_length=20, db_default="open")
    priority = models.IntegerField(db_default=3)
    opened = models.DateTimeField(db_default=Now())
    urgent = models.BooleanField(db_default=False)
    ratio = models.FloatField(db_default=Pi())
'''
ADDED = '''
    score = models.IntegerField(db_default=10)
'''
APP = start(MODEL)
call_command("makemigrations", "ponyormtests", verbosity=0)
migrate_to(APP, MODEL + ADDED, "score")
migrate_to(APP, (MODEL + ADDED).replace("db_default=10", "db_default=20"), "score_default")
migrate_to(APP, (MODEL + ADDED).replace("(db_default=10)", "(default=5)"), "score_no_default")
write_sqlmigrate(__file__, "db_default", ["0001", "0002", "0003", "0004"])
