"""Writes absolute_uris.json for AbsoluteURITests: Django 5.2's request.get_full_path() and
request.build_absolute_uri(location) for the requests and locations below, and for each
location the Location header of HttpResponseRedirect (iri_to_uri), or its DisallowedRedirect. Cases where Python's urllib
raises ValueError (Django answers 500) are left out.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_absolute_uris.py
"""
import json
import os

from django.conf import settings

settings.configure(ALLOWED_HOSTS=["*"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
import django  # noqa: E402

django.setup()
from django.http import HttpResponseRedirect  # noqa: E402
from django.test import RequestFactory  # noqa: E402

REQUESTS = [
    ("/posts/3/", "page=2", False, "example.com"),
    ("/posts/3", "", True, "example.com:8443"),
    ("/", "", False, "127.0.0.1:8000"),
    ("/café/menu", "q=thé&x=%20y", False, "example.com"),
    ("/a b/c;p=1/d", "", True, "[::1]:8000"),
    ("//double/slash/", "next=/x", False, "example.com"),
    ("/a/b/c/d;x", "q", False, "example.com"),
]
LOCATIONS = [
    None, "/", "/media/a.png", "/media/a b.png", "/café/", "edit/", "../up", "../../../../x", "./here", ".", "..",
    "?page=3", "#top", "", "//other.example/x", "https://other.example/path?q=1", "http://[::1]/x", "mailto:a@b.c",
    "ftp://files.example/f", "HTTPS://Example.com/Up", "/a/./b/../c", "a/./b/../c/", "/x?y=1#z", "x;y=1", ";y",
    "//", "///triple", " /leading-space", "\t/tab", "/with\nnewline", "../a/../b/./c/.", "/%7Euser/%2F", "~user",
    "/ünïcödé/ñ?q=ü#f", "javascript:alert(1)", "data:text/plain,hi", "//other.example", "http:relative",
    "https:/one-slash", "path with spaces/x", "/\u2028", "/a?b?c#d#e", "/a#b?c", "C:/windows", "1abc:x",
    "a+b-c.d:foo", "/" + "x" * 50,
]
cases = []
for path, query, secure, host in REQUESTS:
    extra = {"HTTP_HOST": host}
    if secure:
        extra["HTTP_X_FORWARDED_PROTO"] = "https"
    # NB: set as a WSGI server would: RequestFactory reads "//double/..." as a host.
    request = RequestFactory().get("/", **extra)
    request.path = request.path_info = request.META["PATH_INFO"] = path
    request.META["QUERY_STRING"] = query
    answers = []
    for location in LOCATIONS:
        try:
            answers.append({"location": location, "uri": request.build_absolute_uri(location)})
        except ValueError:
            pass
    cases.append({
        "path": path, "query": query, "secure": secure, "host": host,
        "fullPath": request.get_full_path(), "answers": answers,
    })
from django.core.exceptions import DisallowedRedirect  # noqa: E402

redirects = []
for location in LOCATIONS + ["/" + "x" * 16384, "/" + "x" * 16383]:
    if not location or "\n" in location:  # NB: Django refuses line breaks in any header
        continue
    try:
        redirects.append({"location": location, "header": HttpResponseRedirect(location)["Location"]})
    except DisallowedRedirect as refusal:
        redirects.append({"location": location, "refused": str(refusal)})
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "absolute_uris.json")
with open(path, "w") as out:
    json.dump({"requests": cases, "redirects": redirects}, out, indent=1, ensure_ascii=False)
    out.write("\n")
print(sum(len(c["answers"]) for c in cases), "absolute URIs,", len(redirects), "redirects")
