"""Writes safe_redirects.json: Django 5.2's url_has_allowed_host_and_scheme on the URLs of its
own tests (tests/utils_tests/test_http.py) plus hostile ones, for SafeRedirectTests.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_safe_redirects.py
"""
import json
import os

import django
from django.utils.http import url_has_allowed_host_and_scheme

BAD = [
    "http://example.com", "http:///example.com", "https://example.com", "ftp://example.com",
    r"\\example.com", r"\\\example.com", r"/\\/example.com", r"\\\example.com", r"\\example.com",
    r"\\//example.com", r"/\/example.com", r"\/example.com", r"/\example.com", "http:///example.com",
    r"http:/\//example.com", r"http:\/example.com", r"http:/\example.com", 'javascript:alert("XSS")',
    "\njavascript:alert(x)", "java\nscript:alert(x)", "\x08//example.com", r"http://otherserver\@example.com",
    r"http:\\testserver\@example.com", r"http://testserver\me:pass@example.com", r"http://testserver\@example.com",
    r"http:\\testserver\confirm\me@example.com", "http:999999999", "ftp:9999999999", "\n", "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/", "//evil.example", "///evil.example", "https:evil.example",
    "//evil.example/next", "\x00//evil.example", "\u200b//evil.example", " //evil.example", "\t//evil.example",
    "/\t/evil.example", "http://evil.example@testserver", "HTTPS://testserver/", "https://testserver:8000/",
    "//testserver:8000/", "http://[::1]/", "http://[v1.x]/", "http://[zz]/", "http://ex\uff03ample.com/",
    "http://ex\uff20ample.com/", "/" + "a" * 2048, "mailto:a@testserver", "data:text/html,x", "//",
    "", " ", "http://", "https:///testserver/",
]
GOOD = [
    "/view/?param=http://example.com", "/view/?param=https://example.com", "/view?param=ftp://example.com",
    "view/?param=//example.com", "https://testserver/", "HTTPS://testserver/", "//testserver/",
    "http://testserver/confirm?email=me@example.com", "/url%20with%20spaces/", "path/http:2222222222",
    "/next/", "next", "?a=1", "#top", "/a/b?c=d#e", "/\u00e9t\u00e9/", "http://testserver:8000/x",
    "https://[::1]/x", "/" + "a" * 2040,
]
HOSTS = {"testserver", "testserver:8000", "[::1]"}

cases = []
for url in BAD + GOOD:
    for require_https in (False, True):
        cases.append({
            "url": url, "requireHTTPS": require_https,
            "safe": url_has_allowed_host_and_scheme(url, allowed_hosts=HOSTS, require_https=require_https),
        })
path = os.path.join(os.path.dirname(__file__), "safe_redirects.json")
with open(path, "w") as f:
    json.dump({"django": django.get_version(), "allowedHosts": sorted(HOSTS), "cases": cases}, f, indent=1)
    f.write("\n")
print(f"{len(cases)} cases from Django {django.get_version()} written to {path}")
