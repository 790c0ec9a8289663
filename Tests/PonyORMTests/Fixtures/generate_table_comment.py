#!/usr/bin/env python3
"""Writes django_sqlmigrate_table_comment_{sqlite,postgresql}.sql: Django 5.2's `sqlmigrate`
for a model with a table comment (`Meta.db_table_comment`) and a column comment (0001), the
table comment changed (0002) and removed (0003), for TableCommentTests.

    pip install "django>=5.2,<5.3" "psycopg[binary]"
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \\
        python3 Tests/PonyORMTests/Fixtures/generate_table_comment.py
"""
from django.core.management import call_command

from sqlmigrate_app import migrate_to, start, write_sqlmigrate

MODEL = '''
from django.db import models

class Shelf(models.Model):
    label = models.CharField(max_length=40, db_comment="Printed on the shelf")

    class Meta:
        db_table_comment = "Where the books stand"
'''
APP = start(MODEL)
call_command("makemigrations", "ponyormtests", verbosity=0)
migrate_to(APP, MODEL.replace("Where the books stand", "Shelves in the library"), "comment")
migrate_to(APP, MODEL.replace('        db_table_comment = "Where the books stand"\n', "        pass\n"), "no_comment")
write_sqlmigrate(__file__, "table_comment", ["0001", "0002", "0003"])
