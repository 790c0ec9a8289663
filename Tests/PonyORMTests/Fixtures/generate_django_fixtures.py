#!/usr/bin/env python3
"""Builds the Django side of the ORM fidelity tests (FidelityTests.swift) with real Django.

    pip install "django>=5.2,<5.3" psycopg2-binary
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \
        python3 Tests/PonyORMTests/Fixtures/generate_django_fixtures.py

With PONY_TEST_POSTGRES_URL set (`.ci/postgres.sh` starts such a server), the script runs
again against PostgreSQL, in a database `pony_django_fidelity` it creates on that server.

An Optional in Swift is `null=True, blank=True` here, as Pony reads it.

Writes, next to this script:
- django_sqlmigrate_sqlite.sql: `sqlmigrate fidelity 0001` for the models below, which mirror
  Tests/PonyORMTests/FidelityModels.swift field for field;
- django_database.sql: the SQLite database Django created and filled (migrated, then the
  data set below), dumped with sqlite3's iterdump so that the test can rebuild it byte for byte;
- django_lookups.json: queries (a lookup string and a JSON value) with the ids Django returns,
  and aggregates/annotations with the values Django computes.
- on PostgreSQL, django_sqlmigrate_postgresql.sql and django_lookups_postgresql.json, the same
  for that backend (where pattern lookups are case-sensitive, unlike SQLite's LIKE).
"""
import datetime, decimal, io, json, os, sqlite3, subprocess, sys, tempfile, uuid
from urllib.parse import urlparse

BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
POSTGRES_URL = os.environ.get("PONY_TEST_POSTGRES_URL", "")

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp()
os.makedirs(os.path.join(WORK, "fidelity", "migrations"))
open(os.path.join(WORK, "fidelity", "__init__.py"), "w").close()
open(os.path.join(WORK, "fidelity", "migrations", "__init__.py"), "w").close()
with open(os.path.join(WORK, "fidelity", "models.py"), "w") as models:
    models.write('''
import datetime, decimal
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

class Author(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    bio = models.TextField(null=True, blank=True)
    rating = models.FloatField(default=0)
    active = models.BooleanField(default=True)
    joined = models.DateTimeField()
    extra = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(active=True) | Q(rating__lte=3),
                                              name="fidelity_inactive_rated_low")]

class Label(models.Model):
    name = models.CharField(max_length=30, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("name"), name="fidelity_label_lower_name")]

class Book(models.Model):
    GENRES = [("fiction", "fiction"), ("science", "science"), ("poetry", "poetry")]
    title = models.CharField(max_length=200, db_index=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    pages = models.IntegerField()
    price = models.DecimalField(max_digits=6, decimal_places=2)
    uid = models.UUIDField()
    genre = models.CharField(max_length=10, choices=GENRES)
    tags = models.JSONField(default=list)
    published = models.DateTimeField(null=True, blank=True)
    cover = models.BinaryField(null=True, blank=True)
    slug = models.SlugField()
    sold = models.BigIntegerField(default=0)
    site = models.URLField(max_length=200, blank=True)
    labels = models.ManyToManyField(Label, blank=True)

    class Meta:
        indexes = [models.Index(fields=["genre", "-pages"])]
        constraints = [
            models.UniqueConstraint(fields=["author", "title"], name="fidelity_unique_title_per_author"),
            models.CheckConstraint(condition=Q(pages__gte=1), name="fidelity_book_pages",
                                   violation_error_message="Pages must be positive."),
            models.CheckConstraint(condition=~Q(title="") & ~Q(slug__startswith="x'"), name="fidelity_book_title"),
            models.CheckConstraint(
                condition=(Q(price__lte=F("pages") * 10) | Q(published__isnull=True)) & Q(price__gte=decimal.Decimal("0.01")),
                name="fidelity_book_price"),
            models.CheckConstraint(
                condition=Q(published__gte=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)) | Q(published__isnull=True),
                name="fidelity_book_published"),
            models.UniqueConstraint(fields=["slug"], condition=Q(published__isnull=False), name="fidelity_book_live_slug"),
        ]

class Reading(models.Model):
    id = models.AutoField(primary_key=True)
    day = models.DateField()
    at = models.TimeField(null=True, blank=True)
    level = models.SmallIntegerField(default=0)
    small = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)
    big = models.PositiveBigIntegerField(default=0)
    address = models.GenericIPAddressField(null=True, blank=True)
    span = models.DurationField(null=True, blank=True)
''')
sys.path.insert(0, WORK)

import django
from django.conf import settings

if BACKEND == "postgresql":
    import psycopg2
    server = urlparse(POSTGRES_URL)
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    admin.cursor().execute("DROP DATABASE IF EXISTS pony_django_fidelity")
    admin.cursor().execute("CREATE DATABASE pony_django_fidelity TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    admin.close()
    DATABASE = {"ENGINE": "django.db.backends.postgresql", "NAME": "pony_django_fidelity", "USER": server.username,
                "PASSWORD": server.password, "HOST": server.hostname, "PORT": server.port or 5432}
else:
    DATABASE = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(WORK, "db.sqlite3")}
SUFFIX = "" if BACKEND == "sqlite" else "_" + BACKEND
settings.configure(
    INSTALLED_APPS=["fidelity"], USE_TZ=True, TIME_ZONE="UTC", DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    DATABASES={"default": DATABASE},
)
django.setup()
from django.core.management import call_command
from fidelity.models import Author, Book, Label, Reading

call_command("makemigrations", "fidelity", verbosity=0)
sql = io.StringIO()
call_command("sqlmigrate", "fidelity", "0001", stdout=sql)
with open(os.path.join(HERE, "django_sqlmigrate_%s.sql" % BACKEND), "w") as out:
    out.write(sql.getvalue())
call_command("migrate", "fidelity", verbosity=0)

UTC = datetime.timezone.utc
authors = [
    Author.objects.create(name="Ann Lee", email="ann@example.com", bio="Writes about birds.", rating=4.5,
                          joined=datetime.datetime(2023, 1, 15, 9, 30, tzinfo=UTC),
                          extra={"city": "Oslo", "langs": ["en", "no"], "age": 41, "active": True,
                                 "pets": {"cat": "Miso", "count": 1}, "note": None}),
    Author.objects.create(name="bob stone", email="bob@example.com", bio=None, rating=3.0, active=False,
                          joined=datetime.datetime(2023, 6, 1, 23, 59, 59, tzinfo=UTC),
                          extra={"city": "bergen", "age": 35.5, "active": False, "langs": []}),
    Author.objects.create(name="Cleo_100%", email="cleo@example.org", bio="50% fact, 50% fiction",
                          joined=datetime.datetime(2024, 2, 29, 0, 0, tzinfo=UTC)),
    Author.objects.create(name="Ängel Ñoño", email="angel@example.net", bio="", rating=5.0,
                          joined=datetime.datetime(2024, 12, 31, 12, 0, 0, 500000, tzinfo=UTC),
                          extra={"city": "Ñuñoa", "age": "40", "0": "zero", "pets": {"dog": "Rex", "count": 2},
                                 "note": "x", "it's": {"a b": [1, {"c": True}]}}),
]
books = [
    ("The Birds", 0, 320, "12.50", "fiction", ["nature", "classic"], datetime.datetime(2020, 5, 1, 8, 0, tzinfo=UTC), b"\x00\x01", "the-birds", 1200),
    ("birds of prey", 0, 150, "9.99", "science", ["nature"], None, None, "birds-of-prey", 0),
    ("Stone Age", 1, 480, "30.00", "science", [], datetime.datetime(2021, 11, 30, 22, 15, tzinfo=UTC), None, "stone-age", 56),
    ("Poems 100%", 2, 64, "5.00", "poetry", ["short"], datetime.datetime(2024, 2, 29, 18, 45, tzinfo=UTC), None, "poems-100", 7),
    ("Under_score", 2, 200, "15.25", "fiction", ["odd", "classic"], None, b"cover", "under-score", 3000000000),
    ("Ñandú", 3, 99, "7.75", "poetry", [], datetime.datetime(2024, 12, 31, 23, 59, tzinfo=UTC), None, "nandu", 12),
    ("THE END", 3, 1, "0.01", "fiction", ["classic"], datetime.datetime(2023, 1, 1, 0, 0, tzinfo=UTC), None, "the-end", 1),
]
for index, (title, author, pages, price, genre, tags, published, cover, slug, sold) in enumerate(books):
    Book.objects.create(title=title, author=authors[author], pages=pages, price=decimal.Decimal(price),
                        uid=uuid.UUID(int=index + 1), genre=genre, tags=tags, published=published, cover=cover,
                        slug=slug, sold=sold, site="https://example.com/%d" % index if index % 2 else "")

labels = [Label.objects.create(name=name) for name in ["classic", "award", "short"]]
all_books = list(Book.objects.order_by("id"))
all_books[0].labels.add(labels[0], labels[1])
all_books[2].labels.add(labels[0])
all_books[4].labels.add(labels[2], labels[0])

readings = [
    (datetime.date(2024, 2, 29), datetime.time(6, 30), -3, 7, 70000, 9000000000, "192.0.2.1",
     datetime.timedelta(seconds=1.5)),
    (datetime.date(2023, 12, 31), datetime.time(23, 59, 59, 250000), 12, 0, 0, 0, "2001:db8::1",
     datetime.timedelta(days=2, hours=3)),
    (datetime.date(2024, 1, 1), None, 0, 32767, 2147483647, 9223372036854775807, None, None),
    (datetime.date(1999, 7, 4), datetime.time(0, 0), -32768, 1, 1, 1, "::ffff:10.0.0.1",
     datetime.timedelta(microseconds=-5)),
]
for day, at, level, small, count, big, address, span in readings:
    Reading.objects.create(day=day, at=at, level=level, small=small, count=count, big=big, address=address,
                           span=span)

if BACKEND == "sqlite":
    connection = sqlite3.connect(os.path.join(WORK, "db.sqlite3"))
    with open(os.path.join(HERE, "django_database.sql"), "w") as out:
        for line in connection.iterdump():
            out.write(line + "\n")

# Lookups: [model, lookup, value]; a value {"datetime": ISO} is a timezone-aware datetime,
# {"microseconds": n} a timedelta.
QUERIES = [
    ["book", "title", "The Birds"], ["book", "title__exact", "the birds"], ["book", "title__iexact", "the birds"],
    ["book", "title__contains", "Bird"], ["book", "title__contains", "bird"], ["book", "title__icontains", "BIRD"],
    ["book", "title__contains", "100%"], ["book", "title__contains", "_"], ["book", "title__startswith", "The"],
    ["book", "title__istartswith", "the"], ["book", "title__endswith", "Age"], ["book", "title__iendswith", "END"],
    ["book", "title__icontains", "ñandú"], ["book", "title__in", ["Stone Age", "THE END", "missing"]],
    ["book", "title__in", []], ["book", "pages__gt", 150], ["book", "pages__gte", 150], ["book", "pages__lt", 99],
    ["book", "pages__lte", 99], ["book", "pages__range", [64, 200]], ["book", "price__gt", "10"],
    ["book", "price__lte", "9.99"], ["book", "sold__gt", 2147483647], ["book", "published__isnull", True],
    ["book", "published__isnull", False], ["book", "cover__isnull", True], ["book", "published__year", 2024],
    ["book", "published__month", 12], ["book", "published__day", 31], ["book", "published__date", "2024-02-29"],
    ["book", "published__year__gte", 2023], ["book", "published__gt", {"datetime": "2021-11-30T22:15:00+00:00"}],
    ["book", "published__gte", {"datetime": "2021-11-30T22:15:00+00:00"}],
    ["book", "published__range", [{"datetime": "2021-01-01T00:00:00+00:00"}, {"datetime": "2024-02-29T18:45:00+00:00"}]],
    ["book", "genre", "poetry"], ["book", "genre__in", ["poetry", "science"]], ["book", "slug__startswith", "the-"],
    ["book", "site", ""], ["book", "site__startswith", "https://"],
    ["book", "author__name", "Ann Lee"], ["book", "author__name__iexact", "BOB STONE"],
    ["book", "author__name__icontains", "ÄNGEL"], ["book", "author__active", False], ["book", "author__rating__gte", 4.5],
    ["book", "author__bio__isnull", True], ["book", "author__bio", ""], ["book", "author__joined__year", 2024],
    ["book", "author__email__endswith", ".com"], ["book", "author", 3], ["book", "author__id__in", [1, 4]],
    ["book", "title__regex", "^[A-Z]+ "], ["book", "title__iregex", "^the"], ["book", "author_id", 2],
    ["author", "name__startswith", "b"], ["author", "name__istartswith", "B"], ["author", "bio__isnull", True],
    ["author", "bio__contains", "%"], ["author", "bio__icontains", "FICTION"], ["author", "rating", 3],
    ["author", "rating__gt", 4.0], ["author", "active", True], ["author", "joined__date", "2024-12-31"],
    ["author", "joined__lt", {"datetime": "2024-01-01T00:00:00+00:00"}], ["author", "joined__month", 6],
    ["author", "book__title__icontains", "birds"], ["author", "book__pages__gt", 300], ["author", "book__genre", "poetry"],
    ["author", "book__isnull", True], ["author", "book__published__year", 2024], ["author", "email__iexact", "ANN@EXAMPLE.COM"],
    ["book", "labels__name", "classic"], ["book", "labels__name__in", ["award", "short"]], ["book", "labels__isnull", True],
    ["book", "labels", 1], ["book", "labels__id__in", [2, 3]], ["label", "book__title__icontains", "the"],
    ["label", "book__author__name", "bob stone"], ["label", "book__isnull", True], ["author", "book__labels__name", "short"],
    ["reading", "day", "2024-02-29"], ["reading", "day__gte", "2024-01-01"], ["reading", "day__year", 2024],
    ["reading", "day__month", 12], ["reading", "day__range", ["2000-01-01", "2024-01-01"]], ["reading", "at__lt", "12:00"],
    ["reading", "at__gte", "23:59:59.250000"], ["reading", "at__isnull", True], ["reading", "level__lt", 0],
    ["reading", "small", 32767], ["reading", "count__gt", 65535], ["reading", "big__gte", 9000000000],
    ["reading", "address", "192.0.2.1"], ["reading", "address", "2001:db8::1"], ["reading", "address__isnull", True],
    ["reading", "span", {"microseconds": 1500000}], ["reading", "span__gt", {"microseconds": 1000000}],
    ["reading", "span__lt", {"microseconds": 0}], ["reading", "span__isnull", True],
    # Values of another type, which each field converts as its get_prep_value does.
    ["book", "pages", "150"], ["book", "pages__gt", " 150 "], ["book", "pages__gte", 149.5], ["book", "pages__lt", 99.5],
    ["book", "pages", 150.7], ["book", "pages__lte", 99.9], ["book", "pages__in", ["64", "1_50"]],
    ["book", "pages__range", ["64", 150.5]], ["book", "id", "+2"], ["book", "author", "3"],
    ["book", "author__id__in", ["1", "4"]], ["book", "author_id", "2"], ["book", "sold__gt", "2147483647"],
    ["book", "published__year", "2024"], ["book", "published__month__in", ["2", "12"]], ["book", "price", "12.50"],
    ["book", "uid", "00000000-0000-0000-0000-000000000001"], ["book", "uid", "{00000000000000000000000000000002}"],
    ["book", "uid", "urn:uuid:00000000-0000-0000-0000-000000000003"], ["book", "uid", 4],
    ["book", "published__gte", "2024-01-01"], ["book", "published__lt", "2021-11-30T23:15+01:00"],
    ["book", "published", "2020-05-01 08:00Z"], ["book", "published__date", "2024-2-29"], ["book", "title", 5],
    ["author", "rating", "3"], ["author", "rating__gt", " 4.0 "], ["author", "rating__lt", "1e1"],
    ["author", "active", "0"], ["author", "active", "True"], ["author", "active", "t"], ["author", "name", 5],
    ["author", "joined", "2024-12-31 12:00:00.5"], ["author", "joined__lt", "2023-06-01T23:59:59.000001+00:00"],
    ["reading", "day", "2024-2-29"], ["reading", "day", "20240229"], ["reading", "day__lt", "2000-1-1"],
    ["reading", "at", "6:30"], ["reading", "at__gt", "23:59:59,1"], ["reading", "at", "0:0:0"],
    ["reading", "address", "2001:DB8:0::1"], ["reading", "address", "::FFFF:10.0.0.1"], ["reading", "small", "32_767"],
    ["reading", "big", "9223372036854775807"], ["reading", "level__in", [-3.5, "0"]],
]

# Values no field of theirs can hold: the message of the error Django raises (before it runs any SQL).
BAD_VALUES = [
    ["book", "pages", "abc"], ["book", "pages", "12.0"], ["book", "pages", ""], ["book", "pages", "1__0"],
    ["book", "pages__in", ["1", "x"]], ["book", "pages__range", ["1", "x"]],
    ["book", "pages__gt", "0x10"], ["book", "id", "1 2"], ["book", "author", "ann"], ["book", "author__id", "x"],
    ["book", "author_id", "x"], ["author", "rating", "abc"], ["author", "rating", "0x1p3"], ["author", "active", "abc"],
    ["author", "active", "true"], ["author", "active", 2], ["book", "price", "abc"], ["book", "price", "NaN"],
    ["book", "price", "1e"], ["book", "uid", "abc"], ["book", "uid", "0000000000000000000000000000000g"],
    ["reading", "day", "abc"], ["reading", "day", "2024-02-30"], ["reading", "day", "24-1-1"],
    ["author", "joined", "abc"], ["author", "joined", "2024-02-30 10:00"], ["author", "joined", "2024-01-01 25:00"],
    ["author", "joined__gte", "2024-01-01T10:00+2"], ["reading", "at", "abc"], ["reading", "at", "25:00"],
    ["reading", "at", "10:61"], ["reading", "at", "1:2:3.1234567890123"], ["book", "published__isnull", "abc"],
    ["book", "title__isnull", 2], ["reading", "small", "\n\t'\""],
]

def value(raw):
    if isinstance(raw, dict) and "microseconds" in raw:
        return datetime.timedelta(microseconds=raw["microseconds"])
    if isinstance(raw, dict):
        return datetime.datetime.fromisoformat(raw["datetime"])
    if isinstance(raw, list):
        return [value(item) for item in raw]
    return raw

cases = []
for model, lookup, raw in QUERIES:
    manager = {"book": Book, "author": Author, "label": Label, "reading": Reading}[model].objects
    ids = sorted(set(manager.filter(**{lookup: value(raw)}).values_list("id", flat=True)))
    excluded = sorted(set(manager.exclude(**{lookup: value(raw)}).values_list("id", flat=True)))
    cases.append({"model": model, "lookup": lookup, "value": raw, "ids": ids, "excluded": excluded})
from django.core.exceptions import ValidationError

bad_values = []
for model, lookup, raw in BAD_VALUES:
    manager = {"book": Book, "author": Author, "label": Label, "reading": Reading}[model].objects
    try:
        str(manager.filter(**{lookup: value(raw)}).query)  # the isnull check runs as the SQL is made
        raise SystemExit("Django took %s=%r" % (lookup, raw))
    except ValidationError as error:
        message = error.messages[0]
    except ValueError as error:
        message = str(error)
    bad_values.append({"model": model, "lookup": lookup, "value": raw, "message": message})
from django.db.models import Avg, Count, Max, Min, Sum

def plain(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value

books = Book.objects.all()
aggregates = {
    "books": {k: plain(v) for k, v in books.aggregate(
        Sum("pages"), Avg("pages"), Min("price"), Max("published"), Count("id"), Count("genre", distinct=True),
        Max("author__name"), Count("published")).items()},
    "fiction_pages__avg": books.filter(genre="fiction").aggregate(Avg("pages"))["pages__avg"],
    "none_pages__sum": books.filter(pages__gt=10000).aggregate(Sum("pages"))["pages__sum"],
    "authors_with_two_books": [list(row) for row in Author.objects.annotate(n=Count("book")).filter(n__gte=2)
                               .order_by("id").values_list("id", "n")],
    "authors_by_pages": [list(row) for row in Author.objects.annotate(total=Sum("book__pages"))
                         .order_by("-total", "id").values_list("id", "total")],
    "genres": [list(row) for row in Book.objects.values("genre").annotate(n=Count("id"), pages=Sum("pages"))
               .order_by("genre").values_list("genre", "n", "pages")],
    "over_annotations": Author.objects.annotate(n=Count("book"), pages=Sum("book__pages"))
    .aggregate(Avg("n"), Max("pages"), Count("n", distinct=True)),
    "over_filtered_annotations": Author.objects.filter(active=True).annotate(n=Count("book"))
    .filter(n__gte=2).aggregate(total=Sum("n"), authors=Count("*")),
}
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models import DateField, FloatField, IntegerField
from django.db.models.functions import (Cast, Greatest, Least, Left, Now, Replace, Right, StrIndex, Substr,
    Abs, Coalesce, Concat, ExtractDay, ExtractMonth, ExtractYear, Length, Lower, NullIf, Trim, TruncDay, TruncMonth,
    TruncYear, Upper)

def rows(query, *names):
    def value(v):
        return v.isoformat() if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) else plain(v)
    return [[value(v) for v in row] for row in query.values_list(*names)]

def neighbour(instance, field, after):
    try:
        return getattr(instance, "get_%s_by_%s" % ("next" if after else "previous", field))().pk
    except instance.DoesNotExist:
        return None

def bulk_conflicts():
    """bulk_create with ignore_conflicts and update_conflicts, rolled back afterwards."""
    from django.db import transaction
    with transaction.atomic():
        Label.objects.bulk_create([Label(name="classic"), Label(name="new")], ignore_conflicts=True)
        joined = datetime.datetime(2025, 1, 1, tzinfo=UTC)
        Author.objects.bulk_create(
            [Author(name="Ann B", email="ann@example.com", joined=joined),
             Author(name="Eve", email="eve@example.com", joined=joined)],
            update_conflicts=True, unique_fields=["email"], update_fields=["name"])
        result = ([[name] for name in Label.objects.order_by("name").values_list("name", flat=True)]
                  + [list(row) for row in Author.objects.order_by("email").values_list("email", "name")])
        transaction.set_rollback(True)
    return result

size = Case(When(pages__gte=300, then=Value("long")), When(pages__gte=100, then=Value("medium")),
            default=Value("short"))
aggregates["expressions"] = {
    "lower_names": rows(Author.objects.annotate(v=Lower("name")).order_by("v", "id"), "id", "v"),
    "upper_a": rows(Author.objects.annotate(v=Upper("name")).filter(v__startswith="A").order_by("id"), "id", "v"),
    "title_lengths": rows(Book.objects.annotate(v=Length("title")).filter(v__gt=10).order_by("-v", "id"), "id", "v"),
    "contacts": rows(Author.objects.annotate(
        v=Concat("name", Value(" <"), "email", Value(">"), output_field=CharField())).order_by("id"),
                     "id", "v"),
    "bios": rows(Author.objects.annotate(v=Concat(Value("["), "bio", Value("]"), output_field=TextField()))
                 .order_by("id"), "id", "v"),
    "titles_and_pages": rows(Book.objects.annotate(
        v=Concat("title", Value(": "), "pages", output_field=CharField())).order_by("id"), "id", "v"),
    "bio_or_dash": rows(Author.objects.annotate(v=Coalesce("bio", Value("-"), output_field=TextField()))
                        .order_by("id"), "id", "v"),
    "empty_bio_null": rows(Author.objects.annotate(v=NullIf("bio", Value(""), output_field=TextField()))
                           .order_by("id"), "id", "v"),
    "sizes": rows(Book.objects.annotate(v=size).order_by("id"), "id", "v"),
    "long_books": [[Book.objects.annotate(v=size).filter(v="long").count()]],
    "poetry_pages": rows(Book.objects.annotate(v=Case(When(genre="poetry", then=F("pages")))).order_by("id"),
                         "id", "v"),
    # NB: ABS(-32768) overflows a smallint on PostgreSQL, in Django as in Pony.
    "levels": rows(Reading.objects.filter(level__gt=-32768).annotate(v=Abs("level")).order_by("-v", "id"), "id", "v"),
    "trimmed": rows(Author.objects.annotate(v=Trim(Concat(Value("  "), "name", Value("  "), output_field=CharField())))
                    .order_by("id"),
                    "id", "v"),
    "chained": rows(Author.objects.annotate(l=Lower("name"), n=Length("l")).order_by("-n", "id"), "id", "l", "n"),
    "with_counts": rows(Author.objects.annotate(books=Count("book"), initial=Upper("name")).filter(books__gte=1)
                        .order_by("id"), "id", "initial", "books"),
    "by_size": rows(Book.objects.annotate(v=size).values("v").annotate(n=Count("id"), pages=Sum("pages"))
                    .order_by("v"), "v", "n", "pages"),
    "long_book_counts": rows(Author.objects.annotate(n=Count("book", filter=Q(book__pages__gte=300)))
                             .order_by("id"), "id", "n"),
    "poetry_pages_by_author": rows(Author.objects.annotate(p=Sum("book__pages", filter=Q(book__genre="poetry")))
                         .order_by("id"), "id", "p"),
    "many_long_books": rows(Author.objects.annotate(n=Count("book", filter=Q(book__pages__gte=150)))
                            .filter(n__gte=2).order_by("-n", "id"), "id", "n"),
    "published_years": rows(Book.objects.annotate(y=ExtractYear("published")).values("y")
                            .annotate(n=Count("id")).order_by("y"), "y", "n"),
    "reading_months": rows(Reading.objects.annotate(m=ExtractMonth("day"), d=ExtractDay("day")).order_by("id"),
                           "id", "m", "d"),
    "books_by_month": rows(Book.objects.annotate(m=TruncMonth("published")).values("m").annotate(n=Count("id"))
                           .order_by("m"), "m", "n"),
    "published_years_start": rows(Book.objects.filter(published__isnull=False)
                                  .annotate(y=TruncYear("published")).order_by("id"), "id", "y"),
    "reading_month_starts": rows(Reading.objects.annotate(m=TruncMonth("day"), d=TruncDay("day")).order_by("id"),
                                 "id", "m", "d"),
    "joined_in_june": rows(Author.objects.annotate(m=ExtractMonth("joined")).filter(m=6).order_by("id"), "id", "m"),
    "top_titles": rows(Author.objects.annotate(t=Subquery(
        Book.objects.filter(author=OuterRef("pk")).order_by("-pages", "id").values("title")[:1])).order_by("id"),
        "id", "t"),
    "with_long_books": rows(Author.objects.filter(Exists(Book.objects.filter(author=OuterRef("pk"), pages__gte=300)))
                            .order_by("id"), "id"),
    "without_poetry": rows(Author.objects.filter(~Exists(Book.objects.filter(author=OuterRef("pk"), genre="poetry")))
                           .order_by("id"), "id"),
    "writes_poetry": rows(Author.objects.annotate(p=Exists(Book.objects.filter(author=OuterRef("pk"), genre="poetry")))
                          .order_by("id"), "id", "p"),
    "by_active_authors": rows(Book.objects.filter(Exists(Author.objects.filter(pk=OuterRef("author"), active=True)))
                              .order_by("id"), "id"),
    # Subqueries on the outer query's own model, and one joining the outer query's table.
    "above_genre_average": rows(Book.objects.filter(price__gt=Subquery(
        Book.objects.filter(genre=OuterRef("genre")).values("genre").annotate(a=Avg("price")).values("a")))
        .order_by("id"), "id"),
    "next_shorter_by_author": rows(Book.objects.annotate(prev=Subquery(
        Book.objects.filter(author=OuterRef("author"), pages__lt=OuterRef("pages")).order_by("-pages", "id")
        .values("title")[:1])).order_by("id"), "id", "prev"),
    "with_sibling": rows(Book.objects.filter(Exists(
        Book.objects.filter(author=OuterRef("author")).exclude(pk=OuterRef("pk")))).order_by("id"), "id"),
    "first_title_by_name": rows(Author.objects.annotate(t=Subquery(
        Book.objects.filter(author__name=OuterRef("name")).order_by("title").values("title")[:1])).order_by("id"),
        "id", "t"),
    # Greatest/Least (NULL as each backend treats it), text functions, and Now().
    "bio_sizes": rows(Author.objects.annotate(g=Greatest(Length("bio"), Value(3)), l=Least(Length("bio"), Value(3)),
                                              r=Greatest("rating", Value(4.25)) + 0.125).order_by("id"), "id", "g", "l", "r"),
    "title_parts": rows(Book.objects.annotate(
        l=Left("title", 3), r=Right("title", 4), s=Substr("title", 2, 3), t=Substr("title", 5),
        p=StrIndex("title", Value("e")), x=Replace("title", Value("e"), Value("3")), y=Replace("title", Value("the")))
        .order_by("id"), "id", "l", "r", "s", "t", "p", "x", "y"),
    "published_by_now": rows(Book.objects.filter(published__lte=Now()).order_by("id"), "id"),
    # Orderings with NULLs first or last, reversed (which moves the NULLs), and by an expression.
    "published_nulls_last": rows(Book.objects.order_by(F("published").desc(nulls_last=True), "id"), "id"),
    "published_nulls_first": rows(Book.objects.order_by(F("published").asc(nulls_first=True), "id"), "id"),
    "bio_nulls_reversed": rows(Author.objects.order_by(F("bio").asc(nulls_last=True)).reverse(), "id"),
    "by_lower_name": rows(Author.objects.order_by(Lower("name").desc()), "id"),
    # union(), intersection() and difference(), ordered, sliced, counted.
    "union": [[book.id] for book in Book.objects.filter(pages__lt=100).union(Book.objects.filter(genre="poetry"))
              .order_by("-pages")],
    "union_all_count": [[Book.objects.filter(pages__lt=100).union(Book.objects.filter(genre="poetry"), all=True)
                         .count()]],
    "intersection": [[book.id] for book in Book.objects.filter(pages__lt=100)
                     .intersection(Book.objects.filter(genre="poetry")).order_by("id")],
    "difference": [[book.id] for book in Book.objects.filter(pages__lt=100)
                   .difference(Book.objects.filter(genre="poetry")).order_by("id")],
    "union_sliced": [[book.id] for book in Book.objects.filter(pages__lt=100)
                     .union(Book.objects.filter(genre="poetry")).order_by("title")[:2]],
    "union_of_three_last": [[Book.objects.filter(pk=1).union(Book.objects.filter(pk=2), Book.objects.filter(pk=3))
                             .order_by("id").last().id]],
    # Cast to a float, a text, a date and an integer.
    "casts": rows(Book.objects.annotate(
        f=Cast("price", FloatField()) + 0.125, t=Cast("pages", CharField(max_length=10)),
        d=Cast("published", DateField()), i=Cast(Cast("price", FloatField()) * 3, IntegerField()))
        .order_by("id"), "id", "f", "t", "d", "i"),
    # get_next_by_FOO / get_previous_by_FOO on a datetime and a date field.
    "next_by_joined": [[author.id, neighbour(author, "joined", True), neighbour(author, "joined", False)]
                       for author in Author.objects.order_by("id")],
    "next_by_day": [[reading.id, neighbour(reading, "day", True), neighbour(reading, "day", False)]
                    for reading in Reading.objects.order_by("id")],
    # alias(): named for filter and order, not selected (aggregating over one is an error).
    "aliased": rows(Book.objects.alias(n=Length("title")).filter(n__gt=8).order_by("-n", "id"), "id"),
    "aliased_count": rows(Author.objects.alias(c=Count("book")).filter(c__gte=2).order_by("id"), "id"),
    # reverse(), none() and raw() (whose %s are parameters and %% a percent sign).
    "reversed": rows(Book.objects.order_by("genre", "-pages").reverse(), "id"),
    "none": [[Book.objects.none().count(), Book.objects.none().filter(pages__gt=0).exists()]],
    "raw": [[book.id, book.title] for book in Book.objects.raw(
        "SELECT * FROM fidelity_book WHERE pages > %s OR title LIKE '%%100%%' ORDER BY id", [300])],
    "bulk_conflicts": bulk_conflicts(),
    "size_counts": [list(Book.objects.aggregate(
        long=Sum(Case(When(pages__gte=300, then=Value(1)), default=Value(0))),
        short=Count("id", filter=Q(pages__lt=100)), longest=Max(Length("title"))).values())],
}
# Date parts and truncations in several current time zones (Django's `timezone.override`): the
# transforms as lookups, Extract*/Trunc* as annotations, and dates()/datetimes(). An instant is
# written in UTC, as Pony reads one back.
from django.utils import timezone
from django.db.models.functions import (ExtractHour, ExtractIsoWeekDay, ExtractIsoYear, ExtractMinute,
    ExtractQuarter, ExtractSecond, ExtractWeek, ExtractWeekDay, TruncDate, TruncHour, TruncMinute, TruncQuarter,
    TruncSecond, TruncTime, TruncWeek)

ZONES = {"UTC": UTC, "Europe/Oslo": "Europe/Oslo", "America/New_York": "America/New_York",
         "Asia/Kolkata": "Asia/Kolkata", "+05:30": datetime.timezone(datetime.timedelta(hours=5, minutes=30))}
DATE_PARTS = {"year": ExtractYear, "iso_year": ExtractIsoYear, "quarter": ExtractQuarter, "month": ExtractMonth,
              "week": ExtractWeek, "day": ExtractDay, "week_day": ExtractWeekDay, "iso_week_day": ExtractIsoWeekDay}
TIME_PARTS = {"hour": ExtractHour, "minute": ExtractMinute, "second": ExtractSecond}
DATE_TRUNCS = {"year": TruncYear, "quarter": TruncQuarter, "month": TruncMonth, "week": TruncWeek, "day": TruncDay}
TIME_TRUNCS = {"hour": TruncHour, "minute": TruncMinute, "second": TruncSecond}
DATE_LOOKUPS = [
    ["book", "published__year", 2025], ["book", "published__year", 2024], ["book", "published__date", "2025-01-01"],
    ["book", "published__date", "2024-12-31"], ["book", "published__hour__gte", 19], ["book", "published__hour", 0],
    ["book", "published__week_day", 1], ["book", "published__iso_week_day", 7], ["book", "published__week", 52],
    ["book", "published__iso_year", 2022], ["book", "published__quarter", 1], ["book", "published__minute", 59],
    ["book", "published__time__lt", "12:00"], ["book", "published__date__year", 2024],
    ["book", "published__date__gte", "2024-01-01"], ["book", "published__month", 1], ["book", "published__day", 1],
    ["book", "published__date__week_day__in", [1, 7]], ["author", "joined__second", 59],
    ["author", "joined__date", "2023-06-02"], ["author", "joined__hour__lt", 10], ["author", "joined__time__gte", "12:00"],
    ["reading", "day__week_day", 5], ["reading", "day__quarter", 4], ["reading", "day__week", 1],
    ["reading", "day__iso_year", 2024], ["reading", "at__hour", 23], ["reading", "at__minute", 30],
    ["reading", "at__second__gte", 30],
]

def as_utc(v):
    if isinstance(v, datetime.datetime):
        return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return v

def utc_rows(query, *names):
    return [[as_utc(v) for v in row] for row in query.values_list(*names)]

def annotated(query, field, functions):
    """`x_year`, `x_week`, …: named apart from the models' fields (`Reading.day`)."""
    return utc_rows(query.annotate(**{"x_" + name: function(field) for name, function in functions.items()})
                    .order_by("id"), "id", *["x_" + name for name in functions])

def date_block():
    published = Book.objects.filter(published__isnull=False)
    result = {
        "published_parts": annotated(published, "published", {**DATE_PARTS, **TIME_PARTS}),
        "published_truncs": annotated(published, "published",
                                      {**DATE_TRUNCS, **TIME_TRUNCS, "date": TruncDate, "time": TruncTime}),
        "joined_parts": annotated(Author.objects, "joined", {**DATE_PARTS, **TIME_PARTS}),
        "joined_truncs": annotated(Author.objects, "joined", {**TIME_TRUNCS, "date": TruncDate, "time": TruncTime}),
        "day_parts": annotated(Reading.objects, "day", DATE_PARTS),
        "day_truncs": annotated(Reading.objects, "day", DATE_TRUNCS),
        "at_parts": annotated(Reading.objects.filter(at__isnull=False), "at", TIME_PARTS),
        "at_truncs": annotated(Reading.objects.filter(at__isnull=False), "at", TIME_TRUNCS),
        "by_quarter": utc_rows(published.annotate(q=TruncQuarter("published")).values("q").annotate(n=Count("id"))
                               .order_by("q"), "q", "n"),
    }
    for kind in ["year", "month", "week", "day"]:
        result["dates_" + kind] = [[d.isoformat()] for d in Book.objects.dates("published", kind)]
    result["reading_weeks"] = [[d.isoformat()] for d in Reading.objects.dates("day", "week", order="DESC")]
    for kind in ["year", "month", "week", "day", "hour", "minute", "second"]:
        result["datetimes_" + kind] = [[as_utc(d)] for d in Book.objects.datetimes("published", kind)]
    for model, lookup, raw in DATE_LOOKUPS:
        manager = {"book": Book, "author": Author, "reading": Reading}[model].objects
        ids = sorted(manager.filter(**{lookup: raw}).values_list("id", flat=True))
        excluded = sorted(manager.exclude(**{lookup: raw}).values_list("id", flat=True))
        result["%s %s %s" % (model, lookup, json.dumps(raw))] = [ids, excluded]
    return result

dates = {}
for name, zone in ZONES.items():
    with timezone.override(zone):
        dates[name] = date_block()

# JSONField keys and lookups: [lookup, value] on Author.extra; a value is JSON. On SQLite,
# contains and contained_by are Django's NotSupportedError, written as {"error": message}.
JSON_QUERIES = [
    ["extra__city", "Oslo"], ["extra__city__iexact", "OSLO"], ["extra__city__icontains", "ER"],
    ["extra__city__startswith", "O"], ["extra__city__in", ["Oslo", "bergen"]], ["extra__city__regex", "^[OB]"],
    ["extra__age__gt", 36], ["extra__age__lte", 40], ["extra__age", 41], ["extra__age", 35.5], ["extra__age", "40"],
    ["extra__active", True], ["extra__active", False], ["extra__note", None], ["extra__note__isnull", True],
    ["extra__note__isnull", False], ["extra__pets__cat", "Miso"], ["extra__pets__count__gte", 2],
    ["extra__pets__count__in", [1, 2]], ["extra__langs__0", "en"], ["extra__langs__1__startswith", "n"],
    ["extra__0", "zero"], ["extra__has_key", "pets"], ["extra__has_keys", ["city", "age"]],
    ["extra__has_any_keys", ["note", "langs"]], ["extra__pets__has_key", "dog"], ["extra__it's__a b__1__c", True],
    ["extra__it's__has_key", "a b"], ["extra__missing__isnull", True], ["extra__city__contains", "sl"],
    ["extra__contains", {"city": "Oslo"}], ["extra__contains", {"pets": {"count": 2}}],
    ["extra__contained_by", {"city": "bergen", "age": 35.5, "active": False, "langs": [], "x": 1}],
    ["extra__langs__contains", ["no"]],
]
# Transforms in values() and order_by(): keys of a JSON field (decoded) and date parts.
selected = {
    "json_keys": [list(row) for row in Author.objects.order_by("id").values_list(
        "id", "extra__city", "extra__age", "extra__active", "extra__note", "extra__langs__0", "extra__pets__count")],
    "by_json_key": [list(row) for row in Author.objects.order_by("extra__pets__count", "id").values_list("id")],
    "date_parts": [list(row) for row in Book.objects.order_by("-published__year", "published__month", "id")
                   .values_list("id", "published__year", "published__quarter", "published__week_day")],
    "date_of": [[v.isoformat() if v else v for v in row] for row in Book.objects.order_by("id").values_list("published__date")],
    # Transforms in F(): annotations and comparisons.
    "f_transforms": rows(Book.objects.annotate(y=F("published__year"), d=F("published__date"))
                         .filter(y__gte=2021).order_by("id"), "id", "y", "d"),
    "f_compare": [[book.id] for book in Book.objects.filter(pages__gt=F("published__year") / 10).order_by("id")],
}
json_cases = []
for lookup, raw in JSON_QUERIES:
    try:
        ids = sorted(Author.objects.filter(**{lookup: raw}).values_list("id", flat=True))
        excluded = sorted(Author.objects.exclude(**{lookup: raw}).values_list("id", flat=True))
        json_cases.append({"lookup": lookup, "value": raw, "ids": ids, "excluded": excluded})
    except Exception as error:
        json_cases.append({"lookup": lookup, "value": raw, "error": str(error)})

# Window functions (Django's Window): ranks, offsets, values and aggregates over partitions,
# with frames of rows and of values.
from django.db.models import RowRange, ValueRange, Window
from django.db.models.functions import (CumeDist, DenseRank, FirstValue, Lag, LastValue, Lead, NthValue, Ntile,
    PercentRank, Rank, RowNumber)

def windowed(**windows):
    return rows(Book.objects.annotate(**windows).order_by("id"), "id", *windows)

by_genre = {"partition_by": F("genre"), "order_by": F("pages").desc()}
whole = RowRange(start=None, end=None)
windows = {
    "row_numbers": windowed(w=Window(RowNumber(), **by_genre)),
    "ranks": windowed(r=Window(Rank(), order_by="genre"), d=Window(DenseRank(), order_by=F("genre").desc()),
                      n=Window(Ntile(3), order_by=["pages", "id"])),
    "distributions": windowed(p=Window(PercentRank(), order_by="pages"), c=Window(CumeDist(), order_by="genre")),
    "offsets": windowed(lag=Window(Lag("pages"), partition_by=F("author"), order_by="pages"),
                        lead=Window(Lead("title", 1, Value("-")), order_by="id"),
                        lag2=Window(Lag("pages", 2, 0), order_by="id")),
    "values": windowed(first=Window(FirstValue("title"), **by_genre),
                       last=Window(LastValue("title"), frame=whole, **by_genre),
                       nth=Window(NthValue("title", 2), frame=whole, **by_genre)),
    "aggregates": windowed(running=Window(Sum("pages"), partition_by=F("author"), order_by="id"),
                           mean=Window(Avg("pages"), partition_by=F("genre")), count=Window(Count("id")),
                           moving=Window(Sum("pages"), order_by="id", frame=RowRange(start=-1, end=1)),
                           near=Window(Count("id"), order_by="pages", frame=ValueRange(end=0)),
                           upto=Window(Max("pages"), order_by="id", frame=RowRange(end=0))),
}

# prefetch_related with Prefetch querysets: filtered, ordered, sliced (kept per instance, to_attr
# as Django asks for a slice), on a reverse foreign key, a many-to-many field and a foreign key,
# and nested. Each row: an instance's id, then the ids (or a nested value) it was given.
from django.db.models import Prefetch

def prefetched(query, attribute, value=lambda row: row.id):
    return [[row.id] + [value(item) for item in getattr(row, attribute)] for row in query]

def labels_of(book):
    return book.id * 100 + len(book.labels.all())

prefetches = {
    "longest_books": prefetched(Author.objects.order_by("id").prefetch_related(
        Prefetch("book_set", Book.objects.order_by("-pages", "id")[:2], to_attr="top")), "top"),
    "books_after_first": prefetched(Author.objects.order_by("id").prefetch_related(
        Prefetch("book_set", Book.objects.order_by("pages", "id")[1:3], to_attr="top")), "top"),
    "fiction_books": prefetched(Author.objects.order_by("id").prefetch_related(
        Prefetch("book_set", Book.objects.filter(genre="fiction").order_by("-title"), to_attr="top")), "top"),
    "labels_by_name": prefetched(Book.objects.order_by("id").prefetch_related(
        Prefetch("labels", Label.objects.order_by("-name"), to_attr="top")), "top"),
    "first_label_by_name": prefetched(Book.objects.order_by("id").prefetch_related(
        Prefetch("labels", Label.objects.order_by("name")[:1], to_attr="top")), "top"),
    "active_authors": [[book.id, book.author.id if book._state.fields_cache.get("author") else None]
                       for book in Book.objects.order_by("id").prefetch_related(
                           Prefetch("author", Author.objects.filter(active=True)))],
    "long_books_with_labels": prefetched(Author.objects.order_by("id").prefetch_related(
        Prefetch("book_set", Book.objects.filter(pages__gte=100).order_by("id"), to_attr="top"),
        "top__labels"), "top", labels_of),
}

# Math functions (django.db.models.functions.math), on an integer, a float and a NULL; on
# SQLite Django computes them in Python, as Pony's SQLite functions do in Swift.
from django.db.models.functions import (ACos, ASin, ATan, ATan2, Ceil, Cos, Cot, Degrees, Exp, Floor, Ln, Log,
    Mod, Pi, Power, Radians, Round, Sign, Sin, Sqrt, Tan)

def computed(model, **expressions):
    return rows(model.objects.annotate(**expressions).order_by("id"), "id", *expressions)

math_results = {
    "on_pages": computed(Book, sqrt=Sqrt("pages"), ln=Ln("pages"), log=Log(Value(2), "pages"), mod=Mod("pages", Value(7)),
                         power=Power("pages", Value(2)), sin=Sin("pages"), cot=Cot("pages"), atan=ATan("pages"),
                         atan2=ATan2("pages", Value(7)), radians=Radians("pages"), ceil=Ceil("pages"),
                         sign=Sign("pages")),
    "on_rating": computed(Author, ceil=Ceil("rating"), floor=Floor("rating"), round=Round("rating"),
                          round2=Round(F("rating") * Value(1.37), 2), sign=Sign(F("rating") - Value(4.0)),
                          exp=Exp("rating"), mod=Mod("rating", Value(2)), power=Power("rating", Value(0.5)),
                          cos=Cos("rating"), tan=Tan("rating"), asin=ASin(F("rating") / Value(10.0)),
                          acos=ACos(F("rating") / Value(10.0)), degrees=Degrees("rating"), pi=Pi(),
                          missing=Sqrt(Length("bio"))),
}
# Text functions SQLite lacks (Django registers LPAD, RPAD, REPEAT, REVERSE and MD5 there).
from django.db.models.functions import Chr, LPad, MD5, Ord, Repeat, Reverse, RPad
math_results["text"] = computed(
    Author, lpad=LPad("name", 12, Value("*-")), cut=LPad("name", 3), rpad=RPad("name", 12, Value("ñ")),
    rep=Repeat("name", 2), rev=Reverse("name"), ord=Ord("name"), chr=Chr(Length("name") + Value(60)),
    md5=MD5("name"), none=LPad("bio", 30, Value("-")), empty=RPad("bio", 4))

from django.core.exceptions import ValidationError

def errors(instance):
    try:
        instance.full_clean()
        return {}
    except ValidationError as error:
        return error.message_dict

JOINED = datetime.datetime(2025, 1, 1, tzinfo=UTC)
validation = {
    "author_bad": errors(Author(name="x" * 101, email="not-an-email", joined=JOINED)),
    "author_duplicate_email": errors(Author(name="Ann", email="ann@example.com", joined=JOINED)),
    "author_ok": errors(Author(name="Dee", email="dee@example.com", joined=JOINED)),
    "book_bad": errors(Book(title="", author=authors[0], pages=1, price=decimal.Decimal("12345.678"),
                            uid=uuid.UUID(int=99), genre="fiction", tags=[], slug="bad slug!", site="notaurl")),
    "book_places": errors(Book(title="t", author=authors[0], pages=1, price=decimal.Decimal("1.234"),
                               uid=uuid.UUID(int=98), genre="poetry", tags=["x"], slug="ok", site="")),
    "book_ok": errors(Book(title="t", author=authors[0], pages=1, price=decimal.Decimal("9999.99"),
                           uid=uuid.UUID(int=97), genre="poetry", tags=["x"], slug="ok-slug_1", site="https://a.example/x")),
}
# The check and conditional unique constraints (Meta.constraints above).
PUBLISHED = datetime.datetime(2024, 1, 1, tzinfo=UTC)
def book(pages, price, slug, published):
    return Book(title="c", author=authors[1], pages=pages, price=decimal.Decimal(price), uid=uuid.UUID(int=96),
                genre="poetry", tags=["x"], slug=slug, published=published, site="")
validation.update({
    "author_inactive_rated_high": errors(Author(name="Eve", email="eve@example.com", active=False, rating=4.5,
                                                joined=JOINED)),
    "book_pages_zero": errors(book(0, "1.00", "c", None)),
    "book_price_high": errors(book(1, "50.00", "c", PUBLISHED)),
    "book_price_zero_and_pages_zero": errors(book(0, "0.00", "c", None)),
    "book_live_slug_taken": errors(book(320, "1.00", "the-birds", PUBLISHED)),
    "book_draft_slug": errors(book(320, "1.00", "the-birds", None)),
    "book_published_early": errors(book(320, "1.00", "c", datetime.datetime(1999, 12, 31, 23, 59, tzinfo=UTC))),
    "book_slug_quote": errors(book(320, "1.00", "x'y", None)),
    "label_upper_case_taken": errors(Label(name="CLASSIC")),
    "label_new": errors(Label(name="Fresh")),
})
if BACKEND == "postgresql":
    # django.contrib.postgres's aggregates, which Pony also has on SQLite (STRING_AGG,
    # JSON_GROUP_ARRAY, MIN and MAX): the same values are expected there, the database being in
    # the C collation.
    from django.contrib.postgres.aggregates import ArrayAgg, BoolAnd, BoolOr, JSONBAgg, StringAgg
    postgres_aggregates = {
        "titles by author": [list(row) for row in Author.objects.annotate(
            titles=StringAgg("book__title", delimiter=", ", order_by="book__title")).order_by("id")
            .values_list("id", "titles")],
        "titles by author, longest first": [list(row) for row in Author.objects.annotate(
            titles=StringAgg("book__title", delimiter=" / ", order_by=("-book__pages", "book__id"),
                             filter=Q(book__pages__gt=90))).order_by("id").values_list("id", "titles")],
        "genres": Book.objects.aggregate(genres=StringAgg("genre", delimiter="|", distinct=True,
                                                          order_by="genre"))["genres"],
        "slugs by genre": [list(row) for row in Book.objects.values("genre").annotate(
            slugs=StringAgg("slug", delimiter=",", order_by="-slug")).order_by("genre").values_list("genre", "slugs")],
        # The other aggregates of django.contrib.postgres: lists (as JSON in Pony) and flags.
        "array titles by author": [list(row) for row in Author.objects.annotate(
            titles=ArrayAgg("book__title", order_by=("-book__pages",))).order_by("id").values_list("id", "titles")],
        "array genres": Book.objects.aggregate(genres=ArrayAgg("genre", distinct=True, order_by="genre"))["genres"],
        "array pages of long books": [list(row) for row in Author.objects.annotate(pages=ArrayAgg(
            "book__pages", filter=Q(book__pages__gt=100), order_by="book__pages")).order_by("id")
            .values_list("id", "pages")],
        "jsonb tags by author": [list(row) for row in Author.objects.annotate(
            tags=JSONBAgg("book__tags", order_by="book__id")).order_by("id").values_list("id", "tags")],
        # Django's default= (4.0): the value instead of NULL when no row counts.
        "defaults on no rows": {key: plain(value) for key, value in Book.objects.filter(pages__gt=10000).aggregate(
            total=Sum("pages", default=0), average=Avg("pages", default=1.5), newest=Max("published", default=PUBLISHED),
            names=StringAgg("title", delimiter=",", default="none"), anyone=BoolOr("author__active", default=False),
            slug_list=ArrayAgg("slug", default=[])).items()},
        "long pages by author": [list(row) for row in Author.objects.annotate(long=Sum(
            "book__pages", filter=Q(book__pages__gt=300), default=0)).order_by("id").values_list("id", "long")],
        "flags by genre": [list(row) for row in Book.objects.values("genre").annotate(
            all_active=BoolAnd("author__active"), any_active=BoolOr("author__active")).order_by("genre")
            .values_list("genre", "all_active", "any_active")],
    }
    with open(os.path.join(HERE, "django_postgres_aggregates.json"), "w") as out:
        json.dump(postgres_aggregates, out, indent=1, ensure_ascii=False)
        out.write("\n")
with open(os.path.join(HERE, "django_lookups%s.json" % SUFFIX), "w") as out:
    out.write('{"django": "%s",\n"aggregates": %s,\n"dates": %s,\n"json_cases": %s,\n"windows": %s,\n"prefetches": %s,\n"math": %s,\n"selected": %s,\n"validation": %s,\n"bad_values": %s,\n"cases": [\n'
              % (django.__version__, json.dumps(aggregates), json.dumps(dates), json.dumps(json_cases), json.dumps(windows), json.dumps(prefetches), json.dumps(math_results), json.dumps(selected),
                 json.dumps(validation, ensure_ascii=False), json.dumps(bad_values, ensure_ascii=False)))
    out.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in cases))
    out.write("\n]}\n")
print("%s: wrote %d lookups; Django %s" % (BACKEND, len(cases), django.__version__))

# Constraints added to and removed from existing tables: two more migrations, never applied
# (the dump above has only 0001), whose `sqlmigrate` goes to django_sqlmigrate_constraints_*.sql.
with open(os.path.join(WORK, "fidelity", "migrations", "0002_constraints.py"), "w") as migration:
    migration.write('''
from django.db import migrations, models
from django.db.models import F, Q

class Migration(migrations.Migration):
    dependencies = [("fidelity", "0001_initial")]
    operations = [
        migrations.AddConstraint(model_name="reading", constraint=models.CheckConstraint(
            condition=Q(level__gte=-10) & Q(level__lte=F("small") + 100), name="fidelity_reading_level")),
        migrations.AddConstraint(model_name="reading", constraint=models.UniqueConstraint(
            fields=["day"], condition=Q(level__gt=0), name="fidelity_reading_one_high_day")),
        migrations.AddConstraint(model_name="label", constraint=models.CheckConstraint(
            condition=~Q(name__in=["", "none"]), name="fidelity_label_named")),
    ]
''')
with open(os.path.join(WORK, "fidelity", "migrations", "0003_no_constraints.py"), "w") as migration:
    migration.write('''
from django.db import migrations

class Migration(migrations.Migration):
    dependencies = [("fidelity", "0002_constraints")]
    operations = [
        migrations.RemoveConstraint(model_name="reading", name="fidelity_reading_level"),
        migrations.RemoveConstraint(model_name="reading", name="fidelity_reading_one_high_day"),
        migrations.RemoveConstraint(model_name="label", name="fidelity_label_named"),
    ]
''')
with open(os.path.join(HERE, "django_sqlmigrate_constraints_%s.sql" % BACKEND), "w") as out:
    for name in ["0002", "0003"]:
        sql = io.StringIO()
        call_command("sqlmigrate", "fidelity", name, stdout=sql)
        out.write(sql.getvalue())
if BACKEND == "sqlite" and POSTGRES_URL:
    subprocess.run([sys.executable, os.path.abspath(__file__), "postgresql"], check=True)
