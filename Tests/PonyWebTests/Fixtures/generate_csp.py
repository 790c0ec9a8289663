#!/usr/bin/env python3
"""Writes csp.json for ContentSecurityPolicyTests: the Content-Security-Policy headers and
pages Django 6.0's ContentSecurityPolicyMiddleware and `csp` context processor give, with
SECURE_CSP and SECURE_CSP_REPORT_ONLY, for a page that prints its nonce, one that only tests
it, one that uses none and one that sets its own header, and for views with their own
policies (`@csp_override`, `@csp_report_only_override`, an empty override). The nonce
(random) is written NONCE.

    pip download "django==6.0" --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/dj6
    unzip -q /tmp/dj6/django-6.0-py3-none-any.whl -d /tmp/dj6/src
    DJANGO6=/tmp/dj6/src python3 Tests/PonyWebTests/Fixtures/generate_csp.py

Django 6.0 declares Python 3.12; what this script runs of it works on this machine's 3.11.
"""
import json, os, re, sys

sys.path.insert(0, os.environ["DJANGO6"])
import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils.csp import CSP  # noqa: E402

POLICY = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE], "upgrade-insecure-requests": True,
          "frame-ancestors": False, "style-src": [CSP.NONCE], "object-src": [CSP.NONE]}
REPORT_ONLY = {"img-src": [CSP.SELF, "https://cdn.example.com"], "report-uri": "/csp-report/"}
TEMPLATES = {
    "page.html": '<script nonce="{{ csp_nonce }}">go()</script>',
    "test.html": "{% if csp_nonce %}made{% else %}not made{% endif %}",
}
settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=__name__, SECRET_KEY="x" * 50,
    MIDDLEWARE=["django.middleware.csp.ContentSecurityPolicyMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {
        "context_processors": ["django.template.context_processors.csp"],
        "loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]}}],
    SECURE_CSP=POLICY, SECURE_CSP_REPORT_ONLY=REPORT_ONLY,
)
django.setup()
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csp import csp_override, csp_report_only_override  # noqa: E402


def own(request):
    response = HttpResponse("own")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@csp_override({"default-src": [CSP.NONE], "script-src": [CSP.NONCE, "https://maps.example.com"]})
def map_view(request):
    return render(request, "page.html")


@csp_override({})
def open_view(request):
    return HttpResponse("open")


@csp_report_only_override({"script-src": [CSP.SELF]})
def trial(request):
    return HttpResponse("trial")


urlpatterns = [
    path("map/", map_view),
    path("open/", open_view),
    path("trial/", trial),
    path("page/", lambda request: render(request, "page.html")),
    path("test/", lambda request: render(request, "test.html")),
    path("plain/", lambda request: HttpResponse("plain")),
    path("own/", own),
]

client = Client()
responses = {}
for url in ["/page/", "/test/", "/plain/", "/own/", "/map/", "/open/", "/trial/"]:
    response = client.get(url)
    body = response.content.decode()
    nonce = re.search(r'nonce="([^"]*)"', body)
    def hide(text):
        return text.replace(nonce.group(1), "NONCE") if nonce and text else text
    responses[url] = {"body": hide(body), "csp": hide(response.get("Content-Security-Policy")),
                      "csp_report_only": hide(response.get("Content-Security-Policy-Report-Only")),
                      "nonce_length": len(nonce.group(1)) if nonce else None}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "csp.json"), "w") as handle:
    json.dump({"version": ".".join(map(str, django.VERSION[:3])), "responses": responses}, handle, indent=1,
              sort_keys=True)
    handle.write("\n")
