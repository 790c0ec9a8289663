#!/usr/bin/env python3
"""Writes django_sqlmigrate_generated_{sqlite,postgresql}.sql: Django 5.2's `sqlmigrate` for a
model with GeneratedFields, a column comment and a unique constraint whose NULLs are not
distinct (0001), for a generated field added later (0002), for a plain field with a comment
added after that (0003) and for a comment changed (0004), for GeneratedFieldTests.

    pip install "django>=5.2,<5.3" "psycopg[binary]"
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \
        python3 Tests/PonyORMTests/Fixtures/generate_generated.py

`sqlmigrate` only writes the SQL; on PostgreSQL it reads which migrations ran from the server
that PONY_TEST_POSTGRES_URL names (`.ci/postgres.sh` starts one).
"""
from django.core.management import call_command

from sqlmigrate_app import migrate_to, start, write_sqlmigrate

MODEL = '''
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Cast, Coalesce, Lower

class LineItem(models.Model):
    name = models.CharField(max_length=100, db_comment="The item's name")
    price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.IntegerField()
    note = models.TextField(null=True)
    total = models.GeneratedField(
        expression=F("price") * F("quantity"),
        output_field=models.DecimalField(max_digits=12, decimal_places=2), db_persist=True)
    lowered = models.GeneratedField(
        expression=Lower("name"), output_field=models.CharField(max_length=100), db_persist=True)
    score = models.GeneratedField(
        expression=F("quantity") * 2 + 1, output_field=models.IntegerField(), db_persist=True)
    label = models.GeneratedField(
        expression=Coalesce("note", Value("none")), output_field=models.TextField(), db_persist=True)
    size = models.GeneratedField(
        expression=Case(When(quantity__gt=10, then=Value("bulk")), default=Value("single")),
        output_field=models.CharField(max_length=10), db_persist=True)
    digits = models.GeneratedField(
        expression=Cast("quantity", output_field=models.CharField(max_length=10)),
        output_field=models.CharField(max_length=10), db_persist=True)
'''
META = '''
    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "note"], name="one_name_per_note", nulls_distinct=False),
        ]
'''
ADDED = '''
    discounted = models.GeneratedField(
        expression=F("price") - 1, output_field=models.DecimalField(max_digits=12, decimal_places=2),
        db_persist=True)
'''
FLAG = '''
    flag = models.BooleanField(default=False, db_comment="Shown in the shop")
'''
APP = start(MODEL + META)
call_command("makemigrations", "ponyormtests", verbosity=0)
migrate_to(APP, MODEL + ADDED + META, "discounted")
migrate_to(APP, MODEL + ADDED + FLAG + META, "flag")
migrate_to(APP, (MODEL + ADDED + FLAG + META).replace("The item's name", "Its name"), "name_comment")
write_sqlmigrate(__file__, "generated", ["0001", "0002", "0003", "0004"])
