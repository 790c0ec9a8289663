#!/usr/bin/env python3
"""Writes django_text_search.json: what Django 5.2's full-text search
(django.contrib.postgres.search) finds and ranks on PostgreSQL, for TextSearchTests.

    pip install "django>=5.2,<5.3" psycopg2-binary
    PONY_TEST_POSTGRES_URL=postgres://pony:pony@127.0.0.1:5432/pony_test \
        python3 Tests/PonyORMTests/Fixtures/generate_text_search.py

The rows are TextSearchTests' `Post` rows; each case names its query as the Swift test
builds it, and holds the ids Django returns in order and, for a rank, the ranks.
"""
import json, os, sys, tempfile
from urllib.parse import urlparse

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp()
os.makedirs(os.path.join(WORK, "search"))
open(os.path.join(WORK, "search", "__init__.py"), "w").close()
with open(os.path.join(WORK, "search", "models.py"), "w") as models:
    models.write('''
from django.db import models

class Post(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField(null=True)
    stars = models.IntegerField()
''')
sys.path.insert(0, WORK)
server = urlparse(os.environ["PONY_TEST_POSTGRES_URL"])
settings.configure(
    INSTALLED_APPS=["django.contrib.postgres", "search"], USE_TZ=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": server.path.lstrip("/"),
                           "USER": server.username, "PASSWORD": server.password, "HOST": server.hostname,
                           "PORT": server.port or 5432}},
)
django.setup()
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402

from search.models import Post  # noqa: E402

POSTS = [
    ("Red cheese", "A red cheese from the hills, with wine.", 5),
    ("Blue cheese", "Blue cheeses are strong; not red at all.", 3),
    ("Wine notes", "Red wine goes with cheese.", 7),
    ("Bread", None, 1),
    ("Cheesy jokes", "Jokes about cheeses and bread", 2),
]

with connection.schema_editor() as editor:
    editor.create_model(Post)
try:
    for title, body, stars in POSTS:
        Post.objects.create(title=title, body=body, stars=stars)
    posts = Post.objects.order_by("id")

    def ids(query):
        return list(query.values_list("id", flat=True))

    def ranked(query):
        return [[row, round(rank, 6)] for row, rank in query.values_list("id", "rank")]

    both = SearchVector("title", "body")
    weighted = SearchVector("title", weight="A", config="english") + SearchVector("body", weight="B", config="english")
    cases = {
        "body__search=cheese": ids(posts.filter(body__search="cheese")),
        "title__search=Cheese": ids(posts.filter(title__search="Cheese")),
        "body__search=cheese excluded": ids(posts.exclude(body__search="cheese")),
        "vector(title, body)=cheese": ids(posts.annotate(search=both).filter(search="cheese")),
        "weighted english=cheeses": ids(posts.annotate(search=weighted).filter(
            search=SearchQuery("cheeses", config="english"))),
        "websearch": ids(posts.filter(body__search=SearchQuery('"red cheese" -blue', search_type="websearch"))),
        "phrase": ids(posts.filter(body__search=SearchQuery("red wine", search_type="phrase"))),
        "raw": ids(posts.filter(body__search=SearchQuery("cheese & !blue", search_type="raw"))),
        "and not": ids(posts.filter(body__search=SearchQuery("cheese") & ~SearchQuery("blue"))),
        "or": ids(posts.filter(title__search=SearchQuery("bread") | SearchQuery("wine"))),
        "stars as text": ids(posts.annotate(search=SearchVector("stars")).filter(
            search=SearchQuery("7", search_type="raw", config="simple"))),
        "vector text": list(posts.annotate(search=SearchVector("title", config="english")).values_list(
            "search", flat=True)),
        "headline": list(posts.annotate(headline=SearchHeadline("body", SearchQuery("cheese"))).values_list(
            "headline", flat=True)),
        "headline options": list(posts.annotate(headline=SearchHeadline(
            "body", SearchQuery("red") | SearchQuery("wine"), config="english", start_sel="<mark>",
            stop_sel="</mark>", max_words=4, min_words=2, short_word=2, max_fragments=2,
            fragment_delimiter=" … it's ")).values_list("headline", flat=True)),
        "headline all": list(posts.annotate(headline=SearchHeadline(
            "title", SearchQuery("cheese"), highlight_all=True, start_sel="[", stop_sel="]")).values_list(
            "headline", flat=True)),
    }
    ranks = {
        "rank": ranked(posts.annotate(rank=SearchRank(both, SearchQuery("cheese"))).filter(rank__gt=0)
                       .order_by("-rank", "id")),
        "rank weighted": ranked(posts.annotate(rank=SearchRank(weighted, SearchQuery("cheese", config="english"),
                                                              weights=[0.1, 0.2, 0.4, 1.0])).order_by("-rank", "id")),
        "rank cover density": ranked(posts.annotate(
            rank=SearchRank(both, SearchQuery("red") & SearchQuery("cheese"), cover_density=True, normalization=2))
            .order_by("-rank", "id")),
        "rank of annotation": ranked(posts.annotate(search=weighted).annotate(
            rank=SearchRank(F("search"), SearchQuery("wine", config="english"))).filter(search="wine")
            .order_by("-rank", "id")),
    }
finally:
    with connection.schema_editor() as editor:
        editor.delete_model(Post)

with open(os.path.join(HERE, "django_text_search.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases, "ranks": ranks}, out, indent=1, ensure_ascii=False)
    out.write("\n")
print("wrote %d cases and %d ranks; Django %s" % (len(cases), len(ranks), django.__version__))
