"""Writes what Django 5.2's django.contrib.sites, redirects and flatpages do, for Pony's to
match (SitesTests):

- sites.json: for the rows below, the status, Location and body Django answers for each
  request, through the test client, in three set-ups: the fallback middleware with
  SITE_ID = 1 ("fallback"), the flat pages under /pages/ with no middleware ("prefix"), and
  the site chosen by the request's host, SITE_ID unset ("host"); /menu/ renders
  {% get_flatpages %} for an anonymous visitor and for ann, logged in; /sitemap.xml is
  Django's FlatPageSitemap (on the site's domain, example.com); POSTs to flat pages with
  CSRF checks enforced, without a token and with one;
  and the messages of tags Django refuses;
- ../../PonyAuthTests/Fixtures/sites_sqlmigrate_<backend>.json: every migration of the three apps, by name, with its
  `sqlmigrate` SQL (without comments, BEGIN and COMMIT).

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_sites.py
    PONY_TEST_POSTGRES_URL=postgres://… python3 Tests/PonyWebTests/Fixtures/generate_sites.py postgresql
"""
import io
import json
import os
import sys
import tempfile
import urllib.parse

import django
from django.conf import settings

BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
HERE = os.path.dirname(os.path.abspath(__file__))
if BACKEND == "sqlite":
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(tempfile.mkdtemp(), "db.sqlite3")}
else:
    url = urllib.parse.urlparse(os.environ["PONY_TEST_POSTGRES_URL"])
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": url.path[1:], "USER": url.username,
                "PASSWORD": url.password, "HOST": url.hostname, "PORT": url.port or 5432}

# The templates SitesTests gives Pony: Pony's own default, and one a page names.
TEMPLATES = {
    "flatpages/default.html": (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{{ flatpage.title }}</title>'
        '<link rel="icon" href="data:,"></head>\n'
        "<body>\n{{ flatpage.content }}\n</body>\n</html>\n"),
    "flatpages/custom.html": (
        "custom: {{ flatpage.title }} | {{ flatpage.url }} | {{ flatpage.enable_comments }}"
        " | {{ flatpage.get_absolute_url }}"),
    "menu.html": (
        "{% load flatpages %}{% get_flatpages as all %}"
        "{% for p in all %}{{ p.get_absolute_url }}:{{ p.title }};{% endfor %}"
        "|{% get_flatpages '/about/' as about %}{{ about|length }}"
        "|{% get_flatpages for user as mine %}{% for p in mine %}{{ p.url }};{% endfor %}"
        "|{% get_flatpages prefix for user as pre %}{% for p in pre %}{{ p }};{% endfor %}"),
}
# Tags Django refuses, with its message.
BAD_TAGS = ["{% get_flatpages %}", "{% get_flatpages as %}", "{% get_flatpages '/a/' x user as pages %}",
            "{% get_flatpages '/a/' for user into pages %}", "{% get_flatpages a b c d as pages %}"]
FALLBACK = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]
settings.configure(
    DEBUG=False,
    SECRET_KEY="django-insecure-fixture-key",
    ALLOWED_HOSTS=["testserver", "other.test", "example.com", "unknown.test"],
    ROOT_URLCONF=__name__,
    USE_TZ=True,
    SITE_ID=1,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "django.contrib.sites", "django.contrib.redirects", "django.contrib.flatpages",
                    "django.contrib.sitemaps"],
    MIDDLEWARE=FALLBACK,
    DATABASES={"default": database},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES),
                                        "django.template.loaders.app_directories.Loader"],
                            "context_processors": ["django.template.context_processors.request",
                                                   "django.contrib.auth.context_processors.auth"]}}],
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.contrib.flatpages.sitemaps import FlatPageSitemap  # noqa: E402
from django.contrib.sitemaps.views import sitemap as sitemap_view  # noqa: E402
from django.contrib.auth import login  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.template import Template, TemplateSyntaxError  # noqa: E402

urlpatterns = [
    path("hello/", lambda request: HttpResponse("hello")),
    path("menu/", lambda request: render(request, "menu.html", {"prefix": "/s"})),
    path("sitemap.xml", sitemap_view, {"sitemaps": {"flatpages": FlatPageSitemap}}),
    path("login-as/<str:name>/", lambda request, name: (login(request, User.objects.get(username=name)),
                                                          HttpResponse("ok"))[1]),
]
prefix_urls = type("urls", (), {"urlpatterns": urlpatterns[1:2] + [
    path("pages/", include("django.contrib.flatpages.urls"))]})

loader = MigrationLoader(connection)
out = {}
for app in ["sites", "redirects", "flatpages"]:
    migrations = []
    for name in sorted(name for (label, name) in loader.disk_migrations if label == app):
        buffer = io.StringIO()
        call_command("sqlmigrate", app, name, stdout=buffer)
        lines = [line for line in buffer.getvalue().splitlines()
                 if line and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")]
        migrations.append({"name": name, "sql": lines})
    out[app] = migrations
with open(os.path.join(HERE, "..", "..", "PonyAuthTests", "Fixtures", "sites_sqlmigrate_%s.json" % BACKEND), "w") as file:
    json.dump(out, file, indent=1, ensure_ascii=False)
    file.write("\n")
if BACKEND != "sqlite":
    sys.exit(0)

call_command("migrate", verbosity=0)
User.objects.create_user("ann", password="pw-ann")
from django.contrib.flatpages.models import FlatPage  # noqa: E402
from django.contrib.redirects.models import Redirect  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402

main = Site.objects.get(pk=1)
other = Site.objects.create(domain="other.test", name="Other")
REDIRECTS = [
    (1, "/old/", "/new/"),
    (1, "/gone/", ""),
    (1, "/search?q=1", "/find/"),
    (1, "/slashme/", "/slashed/"),
    (1, "/ext/", "https://example.org/x?y=1"),
    (1, "/caf%C3%A9/", "/café/"),
    (1, "/hello/", "/new/"),
    (1, "/hello", "/new/"),
    (1, "/js/", "javascript:alert(1)"),
    (2, "/other-only/", "/x/"),
]
for site, old, new in REDIRECTS:
    Redirect.objects.create(site_id=site, old_path=old, new_path=new)
PAGES = [
    ("/about/", "About <b>us</b>", "<p>Hi & welcome</p>", False, "", [1]),
    ("/secret/", "Secret", "<p>members</p>", True, "", [1]),
    ("/custom/", "Custom", "x", False, "flatpages/custom.html", [1]),
    ("/missing-template/", "Missing", "<i>y</i>", False, "flatpages/nope.html", [1]),
    ("/other/", "Other page", "<p>other</p>", False, "", [2]),
    ("/both/", "Both", "<p>both</p>", False, "", [1, 2]),
    ("/no-slash", "No slash", "<p>ns</p>", False, "", [1]),
    ("/deep/er/", "Deeper", "<p>deep</p>", False, "", [1]),
]
for url, title, content, registration, template, sites in PAGES:
    page = FlatPage.objects.create(url=url, title=title, content=content, registration_required=registration,
                                   template_name=template)
    page.sites.set(sites)

REQUESTS = {
    "fallback": [
        ("GET", "/old/"), ("GET", "/gone/"), ("GET", "/search?q=1"), ("GET", "/search?q=2"), ("GET", "/slashme"),
        ("GET", "/ext/"), ("GET", "/caf%C3%A9/"), ("GET", "/other-only/"), ("GET", "/hello/"), ("GET", "/js/"),
        ("GET", "/about/"), ("GET", "/about"), ("GET", "/about/?x=1"), ("GET", "/secret/"), ("GET", "/custom/"),
        ("GET", "/missing-template/"), ("GET", "/other/"), ("GET", "/both/"), ("GET", "/no-slash"),
        ("GET", "/deep/er"), ("GET", "/nothing/"), ("HEAD", "/about/"), ("GET", "/menu/"), ("ann", "/menu/"),
        ("GET", "/sitemap.xml"), ("GET", "/hello"), ("POST", "/about/"), ("POST+token", "/about/"),
        ("POST", "/nothing/"),
    ],
    "prefix": [
        ("GET", "/pages/about/"), ("GET", "/pages/about"), ("GET", "/pages/deep/er/"), ("GET", "/pages/nothing/"),
        ("GET", "/about/"), ("GET", "/pages/secret/"), ("GET", "/pages/custom/"), ("GET", "/menu/"),
        ("POST", "/pages/about/"), ("POST+token", "/pages/about/"),
    ],
    "host": [
        ("other.test", "/other/"), ("other.test", "/about/"), ("other.test", "/both/"), ("OTHER.test:8000", "/other/"),
        ("example.com:8000", "/about/"), ("testserver", "/about/"), ("unknown.test", "/about/"),
        ("other.test", "/menu/"),
    ],
}
SETUPS = {
    "fallback": {},
    "prefix": {"ROOT_URLCONF": prefix_urls, "MIDDLEWARE": FALLBACK[:3]},
    "host": {"SITE_ID": None, "MIDDLEWARE": FALLBACK[:3] + FALLBACK[4:]},
}


def refusal(text):
    try:
        Template("{% load flatpages %}" + text)
    except TemplateSyntaxError as error:
        return error
    raise AssertionError(text)


def answer(response):
    body = b"" if response.status_code >= 300 and response.status_code < 400 else response.content
    return {"status": response.status_code, "location": response.get("Location"), "body": body.decode()}


cases = []
for setup, requests in REQUESTS.items():
    with override_settings(**SETUPS[setup]):
        client = Client(raise_request_exception=False)
        for first, second in requests:
            if setup == "host":
                response = client.get(second, HTTP_HOST=first)
                case = {"setup": setup, "method": "GET", "host": first, "path": second}
            elif first == "ann":
                client.get("/login-as/ann/")
                response = client.get(second)
                client.logout()
                case = {"setup": setup, "method": "GET", "host": "testserver", "path": second, "user": "ann"}
            elif first.startswith("POST"):
                # render_flatpage's csrf_protect, with CSRF checks enforced: no cookie, or
                # the cookie's secret as the form's token.
                checked = Client(enforce_csrf_checks=True, raise_request_exception=False)
                token = "A" * 32 if first == "POST+token" else None
                if token:
                    checked.cookies["csrftoken"] = token
                response = checked.post(second, {"csrfmiddlewaretoken": token} if token else {})
                case = {"setup": setup, "method": "POST", "host": "testserver", "path": second,
                        "csrf_token": token}
            else:
                response = client.generic(first, second)
                case = {"setup": setup, "method": first, "host": "testserver", "path": second}
            case.update(answer(response))
            cases.append(case)
fixture = {
    "templates": TEMPLATES,
    "sites": [{"id": site.id, "domain": site.domain, "name": site.name} for site in Site.objects.order_by("id")],
    "redirects": [{"site": s, "old": o, "new": n} for s, o, n in REDIRECTS],
    "pages": [{"url": u, "title": t, "content": c, "registration_required": r, "template_name": tn, "sites": s}
              for u, t, c, r, tn, s in PAGES],
    "cases": cases,
    "bad_tags": [{"template": text, "message": str(refusal(text))} for text in BAD_TAGS],
}
with open(os.path.join(HERE, "sites.json"), "w") as file:
    json.dump(fixture, file, indent=1, ensure_ascii=False)
    file.write("\n")
print("wrote the %s fixtures with Django %s" % (BACKEND, django.get_version()), file=sys.stderr)
