"""Writes conditional_get.json for ConditionalGetTests: Django 5.2's parse_http_date_safe on
well-formed and hostile dates, and what its ConditionalGetMiddleware answers for each method,
response and set of conditional request headers below.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_conditional_get.py

NB: two-digit years read relative to the current year (RFC 9110's fifty-year rule), so the
dates below keep them far from that rule's turning point (it moves a year each year).
"""
import itertools
import json
import os

from django.conf import settings

settings.configure(DEBUG=False, ALLOWED_HOSTS=["testserver"], DEFAULT_CHARSET="utf-8")
import django  # noqa: E402

django.setup()
from django.http import HttpResponse  # noqa: E402
from django.middleware.http import ConditionalGetMiddleware  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils.http import parse_http_date_safe  # noqa: E402

DATES = [
    "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    "Sun Nov 16 08:49:37 1994", "Thu, 01 Jan 1970 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT",
    "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sat, 29 Feb 2020 12:00:00 GMT",
    "Sun, 29 Feb 2021 12:00:00 GMT", "Sun, 31 Apr 2021 12:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 23:60:00 GMT", "Sun, 06 Nov 1994 23:59:60 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 06 NOV 1994 08:49:37 GMT", "Sun, 06 Nox 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 gmt", "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun,  06 Nov 1994 08:49:37 GMT", " Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
    "Sun, 06 Nov 1994 08:49:37 GMT\n", "Sun, 06 Nov 1994 08:49:37 GMT\n\n", "Sun, 06 Nov 0094 08:49:37 GMT",
    "Sun, 06 Nov 0000 08:49:37 GMT", "Sun, 06 Nov 0037 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
    "123, 06 Nov 1994 08:49:37 GMT", "S_n, 06 Nov 1994 08:49:37 GMT", "Sü, 06 Nov 1994 08:49:37 GMT",
    "Sün, 06 Nov 1994 08:49:37 GMT", "日本語, 06 Nov 1994 08:49:37 GMT", "Su, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-00 08:49:37 GMT", "Sunday, 06-Nov-37 08:49:37 GMT", "Sunday, 06-Nov-99 08:49:37 GMT",
    "Mon, 06-Nov-94 08:49:37 GMT", "Wednesday, 06-Nov-94 08:49:37 GMT", "Wednesdays, 06-Nov-94 08:49:37 GMT",
    "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994", "Sun Nov 06 08:49:37 1994",
    "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov  6 8:49:37 1994", "Sun Feb 29 00:00:00 2000",
    "Sun Feb 29 00:00:00 1900", "Sun Nov  6 08:49:37 0000", "", " ", "GMT", "0", "784111777",
    "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 ０8:49:37 GMT", "Sun, ０6 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT" * 2, "Sun, 06 Nov 1994 08:49:37 GMTX", "Sun, 99 Nov 1994 99:99:99 GMT",
    "Tue, 15 Nov 1994 12:45:26 GMT", "Fri, 01 Dec 2026 10:00:00 GMT",
]

LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT"
RESPONSES = {
    "plain": (200, "hello", []),
    "etag": (200, "hello", [("ETag", '"abc"')]),
    "weak": (200, "hello", [("ETag", 'W/"abc"')]),
    "modified": (200, "hello", [("Last-Modified", LAST_MODIFIED)]),
    "nostore": (200, "hello", [("Cache-Control", "private, no-store")]),
    "notfound": (404, "missing", [("Last-Modified", LAST_MODIFIED)]),
    "empty": (200, "", []),
    "headers": (200, "hello", [
        ("Last-Modified", LAST_MODIFIED), ("Cache-Control", "max-age=60"), ("Vary", "Cookie"),
        ("Expires", "Sun, 13 Nov 1994 08:49:37 GMT"), ("Content-Location", "/here/"), ("X-Other", "dropped"),
    ]),
    "badmodified": (200, "hello", [("Last-Modified", "yesterday")]),
    "created": (201, "made", [("ETag", '"abc"')]),
}
HELLO = '"5d41402abc4b2a76b9719d911017c592"'
REQUESTS = {
    "none": {},
    "inm-md5": {"If-None-Match": HELLO},
    "inm-weak-md5": {"If-None-Match": "W/" + HELLO},
    "inm-abc": {"If-None-Match": '"abc"'},
    "inm-weak-abc": {"If-None-Match": 'W/"abc"'},
    "inm-list": {"If-None-Match": '"x", "abc" ,' + HELLO},
    "inm-star": {"If-None-Match": "*"},
    "inm-other": {"If-None-Match": '"other"'},
    "inm-unquoted": {"If-None-Match": "abc"},
    "inm-bad-list": {"If-None-Match": 'abc, "x'},
    "ims-same": {"If-Modified-Since": LAST_MODIFIED},
    "ims-later": {"If-Modified-Since": "Mon, 07 Nov 1994 08:49:37 GMT"},
    "ims-earlier": {"If-Modified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"},
    "ims-rfc850": {"If-Modified-Since": "Sunday, 06-Nov-94 08:49:37 GMT"},
    "ims-asctime": {"If-Modified-Since": "Sun Nov  6 08:49:37 1994"},
    "ims-invalid": {"If-Modified-Since": "yesterday"},
    "inm-other+ims-same": {"If-None-Match": '"other"', "If-Modified-Since": LAST_MODIFIED},
    "inm-abc+ims-earlier": {"If-None-Match": '"abc"', "If-Modified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"},
    "im-abc": {"If-Match": '"abc"'},
    "im-md5": {"If-Match": HELLO},
    "im-star": {"If-Match": "*"},
    "im-other": {"If-Match": '"other"'},
    "im-weak-abc": {"If-Match": 'W/"abc"'},
    "ius-earlier": {"If-Unmodified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"},
    "ius-later": {"If-Unmodified-Since": "Mon, 07 Nov 1994 08:49:37 GMT"},
    "ius-invalid": {"If-Unmodified-Since": "yesterday"},
    "im-other+ius-later": {"If-Match": '"other"', "If-Unmodified-Since": "Mon, 07 Nov 1994 08:49:37 GMT"},
    "im-star+ius-earlier": {"If-Match": "*", "If-Unmodified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"},
}
KEPT = ["ETag", "Last-Modified", "Cache-Control", "Vary", "Expires", "Content-Location", "X-Other"]


def answer(method, response_name, request_name):
    status, body, headers = RESPONSES[response_name]

    def view(request):
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.set_cookie("flavour", "ginger")
        return response

    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in REQUESTS[request_name].items()}
    request = RequestFactory().generic(method, "/page/", **meta)
    response = ConditionalGetMiddleware(view)(request)
    return {
        "method": method, "response": response_name, "request": request_name,
        "status": response.status_code, "body": response.content.decode(),
        "headers": {name: response[name] for name in KEPT if response.has_header(name)},
        "cookie": "flavour" in response.cookies,
    }


fixture = {
    "dates": [{"text": text, "seconds": parse_http_date_safe(text)} for text in DATES],
    "responses": {name: {"status": s, "body": b, "headers": h} for name, (s, b, h) in RESPONSES.items()},
    "requests": REQUESTS,
    "cases": [answer(*case) for case in itertools.product(["GET", "HEAD", "POST"], RESPONSES, REQUESTS)],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conditional_get.json")
with open(path, "w") as out:
    json.dump(fixture, out, indent=1, ensure_ascii=False)
    out.write("\n")
print(f"{len(fixture['dates'])} dates, {len(fixture['cases'])} cases")
