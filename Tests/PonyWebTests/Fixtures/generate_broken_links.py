"""Writes broken_links.json: what Django 5.2's BrokenLinkEmailsMiddleware mails (or not) for
a 404, for BrokenLinkEmailsTests.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_broken_links.py

Each case is a request (path and query, host, Referer, User-Agent, address), APPEND_SLASH and
IGNORABLE_404_URLS; the result is the mail's subject (without EMAIL_SUBJECT_PREFIX) and body,
or null when Django sends none.
"""

import json
import os
import re

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    MANAGERS=[("Manager", "manager@example.com")],
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    EMAIL_SUBJECT_PREFIX="[Django] ",
)
django.setup()

from django.core import mail  # noqa: E402
from django.http import HttpResponseNotFound  # noqa: E402
from django.middleware.common import BrokenLinkEmailsMiddleware  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

CASES = [
    {"path": "/missing/"},
    {"path": "/missing/", "referer": "http://testserver/page/"},
    {"path": "/missing/", "referer": "https://testserver/page/", "agent": "Mozilla/5.0 (X11)"},
    {"path": "/missing/", "referer": "https://other.example/links"},
    {"path": "/missing/", "referer": "https://www.google.com/search?q=pony"},
    {"path": "/missing/", "referer": "http://testserver/list/?page=2"},
    {"path": "/missing/", "referer": "/missing/"},
    {"path": "/missing/", "referer": "http://testserver/missing/"},
    {"path": "/missing/", "referer": "https://other.example/missing/"},
    {"path": "/missing/", "referer": "/missing"},
    {"path": "/missing/", "referer": "/missing", "append_slash": False},
    {"path": "/index.php", "referer": "https://other.example/", "ignorable": [r"\.php$"]},
    {"path": "/index.php?x=1", "referer": "https://other.example/", "ignorable": [r"\.php$"]},
    {"path": "/wp-admin/setup", "referer": "https://other.example/", "ignorable": [r"^/wp-admin/", r"\.cgi$"]},
    {"path": "/missing/?a=1&b=%C3%BC", "referer": "http://testserver/"},
    {"path": "/caf%C3%A9/", "referer": "http://testserver/"},
    {"path": "/missing/", "referer": "http://www.testserver/x"},
    {"path": "/missing/", "referer": "http://testserver"},
    {"path": "/missing/", "host": "testserver:8000", "referer": "http://testserver:8000/a"},
    {"path": "/missing/", "host": "testserver:8000", "referer": "http://testserver/a"},
    {"path": "/missing/", "referer": "HTTP://testserver/page/"},
    {"path": "/missing/", "referer": "//testserver/missing/"},
    {"path": "/missing/", "referer": "https://other.example/a#b?c"},
    {"path": "/missing/", "referer": "http://testserver/", "address": "203.0.113.9"},
]


def run(case):
    mail.outbox = []
    factory = RequestFactory()
    headers = {"REMOTE_ADDR": case.get("address", "127.0.0.1"), "HTTP_HOST": case.get("host", "testserver")}
    if "referer" in case:
        headers["HTTP_REFERER"] = case["referer"]
    if "agent" in case:
        headers["HTTP_USER_AGENT"] = case["agent"]
    request = factory.get(case["path"], **headers)
    with override_settings(
        APPEND_SLASH=case.get("append_slash", True),
        IGNORABLE_404_URLS=[re.compile(pattern) for pattern in case.get("ignorable", [])],
    ):
        BrokenLinkEmailsMiddleware(lambda request: HttpResponseNotFound())(request)
    if not mail.outbox:
        return None
    message = mail.outbox[0]
    return {"subject": message.subject.removeprefix("[Django] "), "body": message.body}


here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "broken_links.json"), "w") as file:
    json.dump({"django": django.get_version(), "cases": [dict(case, mail=run(case)) for case in CASES]}, file, indent=1)
    file.write("\n")
