"""Writes feeds.json: what Django 5.2's django.contrib.syndication answers (status,
Content-Type, Last-Modified and the body) for the feeds described in FEEDS, served through
Django's test client (Host: testserver, no sites framework, LANGUAGE_CODE "en-us", UTC). The
descriptions are in the fixture too, so that FeedTests builds the same feeds in Pony.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_feeds.py
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
    INSTALLED_APPS=[],
)
django.setup()

from django.contrib.syndication.views import Feed, add_domain  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import feedgenerator  # noqa: E402

ITEMS = [
    {
        "title": "Fish & <chips>", "link": "/posts/1/", "description": "<p>Crispy &amp; hot</p>",
        "pubdate": "2024-03-09T23:59:59+00:00", "updateddate": "2024-03-10T08:00:00.250000+00:00",
        "author_name": "Zoë", "author_email": "zoe@example.com", "author_link": "https://zoe.example/ü",
        "categories": ["food", "a \"quoted\" tag"], "comments": "/posts/1/#comments",
        "enclosure": {"url": "/media/ep 1.mp3", "length": "1234", "mime_type": "audio/mpeg"},
        "copyright": "© Zoë",
    },
    {
        "title": "Plain", "link": "https://other.example/x?a=1&b=2", "description": None,
        "pubdate": "2023-12-31T00:00:00+00:00", "guid": "urn:post:2", "guid_is_permalink": False,
        "author_name": "Bob",
    },
    {
        "title": "Email only", "link": "//cdn.example/p/3/", "description": "Three",
        "author_email": "ann@example.com", "guid_is_permalink": True,
    },
    {
        "title": "Ünïcode path", "link": "/posts/ünï/", "description": "Line\nbreak\tand\r'both' \"quotes\"",
        "pubdate": "2024-01-02T03:04:05.000001+00:00", "categories": [],
    },
]
FEEDS = [
    {
        "path": "/rss/", "format": "rss", "title": "Posts & news", "link": "/posts/",
        "description": "All the <posts>", "items": ITEMS,
    },
    {
        "path": "/rss-full/", "format": "rss", "title": "Full", "link": "https://example.com/",
        "description": "Everything", "language": "fr", "author_name": "Zoë", "author_email": "zoe@example.com",
        "author_link": "/about/", "categories": ["one", "two"], "copyright": "CC BY", "guid": "urn:feed:1",
        "ttl": 60, "feed_url": "/feeds/full.xml", "items": ITEMS[1:2],
    },
    {
        "path": "/atom/", "format": "atom", "title": "Posts & news", "link": "/posts/",
        "description": "Not shown in Atom", "subtitle": "All the <posts>", "items": ITEMS,
    },
    {
        "path": "/atom-full/", "format": "atom", "title": "Full", "link": "https://example.com/",
        "description": "x", "language": "fr", "author_name": "Zoë", "author_email": "zoe@example.com",
        "author_link": "/about/", "categories": ["one", "two"], "copyright": "CC BY", "guid": "urn:feed:1",
        "ttl": 60, "feed_url": "/feeds/full.xml", "items": ITEMS[1:2],
    },
    {
        "path": "/rss-control/", "format": "rss", "title": "Bad", "link": "/", "description": "x",
        "items": [{"title": "Bell \u0007", "link": "/b/", "pubdate": "2024-01-01T00:00:00+00:00"}],
    },
]


def date(text):
    return datetime.datetime.fromisoformat(text) if text else None


def make_feed(spec):
    class SpecFeed(Feed):
        feed_type = feedgenerator.Atom1Feed if spec["format"] == "atom" else feedgenerator.Rss201rev2Feed
        title = spec["title"]
        link = spec["link"]
        description = spec["description"]
        subtitle = spec.get("subtitle")
        language = spec.get("language")
        author_name = spec.get("author_name")
        author_email = spec.get("author_email")
        author_link = spec.get("author_link")
        categories = spec.get("categories")
        feed_copyright = spec.get("copyright")
        feed_guid = spec.get("guid")
        ttl = spec.get("ttl")
        feed_url = spec.get("feed_url")

        def items(self):
            return spec["items"]

        def item_title(self, item):
            return item["title"]

        def item_link(self, item):
            return item["link"]

        def item_description(self, item):
            return item.get("description")

        def item_pubdate(self, item):
            return date(item.get("pubdate"))

        def item_updateddate(self, item):
            return date(item.get("updateddate"))

        def item_author_name(self, item):
            return item.get("author_name")

        def item_author_email(self, item):
            return item.get("author_email")

        def item_author_link(self, item):
            return item.get("author_link")

        def item_guid(self, item):
            # NB: without a guid of its own, Django's default: the item's absolute link.
            return item.get("guid") or add_domain("testserver", item["link"])

        def item_guid_is_permalink(self, item):
            return item.get("guid_is_permalink")

        def item_comments(self, item):
            return item.get("comments")

        def item_categories(self, item):
            return item.get("categories")

        def item_copyright(self, item):
            return item.get("copyright")

        def item_enclosure_url(self, item):
            return (item.get("enclosure") or {}).get("url")

        def item_enclosure_length(self, item):
            return item["enclosure"]["length"]

        def item_enclosure_mime_type(self, item):
            return item["enclosure"]["mime_type"]

    return SpecFeed()


urlpatterns = [path(spec["path"].lstrip("/"), make_feed(spec)) for spec in FEEDS]
sys.modules[__name__].urlpatterns = urlpatterns

client = Client(raise_request_exception=False)
cases = []
for spec in FEEDS:
    response = client.get(spec["path"])
    cases.append({
        "feed": spec, "status": response.status_code,
        "headers": {name: response.headers[name] for name in ("Content-Type", "Last-Modified")
                    if name in response.headers},
        "body": response.content.decode() if response.status_code == 200 else "",
    })

path_ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "feeds.json")
with open(path_, "w") as file:
    json.dump({"django": django.get_version(), "cases": cases}, file, indent=1, ensure_ascii=False)
