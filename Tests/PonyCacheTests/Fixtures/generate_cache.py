"""Writes cache.json: Django 5.2's cache keys, cache_page headers and cache table, which
PonyCacheTests compare Pony's with. Run from this folder after `pip install "django>=5.2,<5.3"`;
set PONY_TEST_POSTGRES_URL to add PostgreSQL's `createcachetable --dry-run`."""

import io
import json
import os
from urllib.parse import urlparse

import django
from django.conf import settings

settings.configure(
    USE_I18N=False, USE_TZ=True, TIME_ZONE="UTC", ALLOWED_HOSTS=["*"], INSTALLED_APPS=[],
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "my_cache_table"},
        "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    },
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()

from django.core.cache.backends.base import default_key_func  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils.cache import _generate_cache_header_key, learn_cache_key, patch_response_headers  # noqa: E402

factory = RequestFactory()
cache = LocMemCache("fixtures", {})

keys = [
    {"key": key, "prefix": prefix, "version": version, "made": default_key_func(key, prefix, version)}
    for key, prefix, version in [("a", "", 1), ("greeting", "site1", 2), ("ü key:x", "p", 10), ("", "", 1)]
]

pages = []
for case in [
    {"target": "/prices/", "host": "testserver", "headers": {}, "vary": None, "method": "GET", "prefix": ""},
    {"target": "/prices/?page=2&q=%C3%BC", "host": "example.com", "headers": {}, "vary": None, "method": "GET",
     "prefix": "site1"},
    {"target": "/a", "host": "testserver", "headers": {"Accept-Encoding": "gzip"}, "vary": "Accept-Encoding",
     "method": "GET", "prefix": ""},
    {"target": "/a", "host": "testserver", "headers": {"Accept-Encoding": ""}, "vary": "Accept-Encoding",
     "method": "GET", "prefix": ""},
    {"target": "/a", "host": "testserver", "headers": {}, "vary": "Accept-Encoding", "method": "GET", "prefix": ""},
    {"target": "/a", "host": "testserver", "headers": {"Cookie": "x=1", "Accept-Language": "fr"},
     "vary": "Cookie, accept-language, Content-Type", "method": "HEAD", "prefix": ""},
]:
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in case["headers"].items()}
    request = factory.generic(case["method"], case["target"], HTTP_HOST=case["host"], **extra)
    response = HttpResponse("x")
    if case["vary"]:
        response.headers["Vary"] = case["vary"]
    case["headerKey"] = _generate_cache_header_key(case["prefix"], request)
    case["pageKey"] = learn_cache_key(request, response, 60, case["prefix"], cache=cache)
    pages.append(case)

patched = []
for existing, timeout in [(None, 60), ("public", 60), ("max-age=100", 60), ("max-age=30, public", 60), (None, -5)]:
    response = HttpResponse("x")
    if existing:
        response.headers["Cache-Control"] = existing
    patch_response_headers(response, timeout)
    patched.append({"existing": existing, "timeout": timeout, "cacheControl": response.headers["Cache-Control"]})


def dry_run(alias):
    out = io.StringIO()
    call_command("createcachetable", database=alias, dry_run=True, stdout=out)
    return out.getvalue()


tables = {"sqlite": dry_run("default")}
url = os.environ.get("PONY_TEST_POSTGRES_URL")
if url:
    parts = urlparse(url)
    connections.databases["pg"] = {
        "ENGINE": "django.db.backends.postgresql", "NAME": parts.path.lstrip("/"), "USER": parts.username,
        "PASSWORD": parts.password, "HOST": parts.hostname, "PORT": parts.port or 5432, "TIME_ZONE": None,
        "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "OPTIONS": {}, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
        "TEST": {},
    }
    settings.DATABASE_ROUTERS = []
    tables["postgresql"] = dry_run("pg")

from django.core.cache.utils import make_template_fragment_key  # noqa: E402
from django.template import Context, Engine, TemplateSyntaxError  # noqa: E402

fragments = [
    {"name": name, "varyOn": vary_on, "key": make_template_fragment_key(name, vary_on)}
    for name, vary_on in [("sidebar", []), ("sidebar", ["ann"]), ("list", ["ann", "3"]), ("ü", ["", ":"])]
]

engine = Engine(libraries={"cache": "django.templatetags.cache"})
errors = []
for source, context in [
    ("{% load cache %}{% cache 'abc' sidebar %}x{% endcache %}", {}),
    ("{% load cache %}{% cache 1.5 sidebar %}x{% endcache %}", {}),
    ("{% load cache %}{% cache 60 sidebar using='nope' %}x{% endcache %}", {}),
    ("{% load cache %}{% cache 60 %}x{% endcache %}", {}),
]:
    try:
        engine.from_string(source).render(Context(context))
        errors.append({"source": source, "error": None})
    except TemplateSyntaxError as error:
        errors.append({"source": source, "error": str(error)})

with open("cache.json", "w") as file:
    json.dump({"django": django.get_version(), "keys": keys, "pages": pages, "patched": patched, "tables": tables,
               "fragments": fragments, "fragmentErrors": errors},
              file, indent=1, ensure_ascii=False)
    file.write("\n")
