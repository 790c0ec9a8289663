"""Writes sitemaps.json: what Django 5.2's django.contrib.sitemaps answers (status, the
headers a sitemap sets, and the body) for the sitemaps SitemapTests declares the same way:

- "posts": three posts with a `lastmod` each, weekly, priority 0.5, two to a page;
- "pages": two paths without `lastmod`, a priority per item (1.0, then none), one with a
  character to escape;

served as one sitemap at /sitemap.xml and as an index at /index.xml with a sitemap per
section at /sitemap-<section>.xml, through Django's test client (Host: testserver, without
the sites framework, so the request's host is the domain), in UTC.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_sitemaps.py
"""
import datetime
import json
import os
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    USE_TZ=True,
    TIME_ZONE="UTC",
    INSTALLED_APPS=["django.contrib.sitemaps"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
)
django.setup()

from django.contrib.sitemaps import Sitemap  # noqa: E402
from django.contrib.sitemaps import views  # noqa: E402
from django.http import Http404  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import path, resolve  # noqa: E402

UTC = datetime.timezone.utc


class Post:
    def __init__(self, slug, updated):
        self.slug = slug
        self.updated = updated


POSTS = [
    Post("hello", datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    Post("second", datetime.datetime(2024, 3, 9, 23, 59, 59, tzinfo=UTC)),
    Post("third", datetime.datetime(2023, 12, 31, 0, 0, 0, tzinfo=UTC)),
]


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 2

    def items(self):
        return POSTS

    def location(self, post):
        return "/posts/%s/" % post.slug

    def lastmod(self, post):
        return post.updated


class PageSitemap(Sitemap):
    def items(self):
        return ["/", "/about/?a=1&b=2"]

    def location(self, item):
        return item

    def priority(self, item):
        return 1.0 if item == "/" else None


SITEMAPS = {"posts": PostSitemap, "pages": PageSitemap}

urlpatterns = [
    path("sitemap.xml", views.sitemap, {"sitemaps": SITEMAPS}),
    path("posts.xml", views.sitemap, {"sitemaps": {"posts": PostSitemap}}),
    path("index.xml", views.index, {"sitemaps": SITEMAPS}),
    path("sitemap-<section>.xml", views.sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
]
sys.modules[__name__].urlpatterns = urlpatterns

PATHS = [
    "/sitemap.xml", "/sitemap.xml?p=2", "/posts.xml", "/posts.xml?p=2", "/index.xml", "/sitemap-posts.xml",
    "/sitemap-posts.xml?p=2", "/sitemap-pages.xml", "/sitemap-posts.xml?p=3", "/sitemap-posts.xml?p=x",
    "/sitemap-posts.xml?p=0", "/sitemap-nope.xml",
]

client = Client(raise_request_exception=False)
cases = []
for url in PATHS:
    response = client.get(url)
    headers = {name: response.headers[name] for name in ("Content-Type", "X-Robots-Tag", "Last-Modified")
               if name in response.headers}
    body = response.content.decode()
    cases.append({"path": url, "status": response.status_code, "headers": headers,
                  "body": body if response.status_code == 200 else ""})
# The 404s' messages, as Http404 carries them (and a DEBUG page shows them).
factory = RequestFactory()
for case in cases:
    if case["status"] == 404:
        match = resolve(case["path"].split("?")[0])
        try:
            match.func(factory.get(case["path"]), *match.args, **match.kwargs)
        except Http404 as error:
            case["message"] = str(error)

path_ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sitemaps.json")
with open(path_, "w") as file:
    json.dump({"django": django.get_version(), "cases": cases}, file, indent=1, ensure_ascii=False)
