#!/usr/bin/env python3
"""Writes i18n_patterns.json for I18nPatternsTests: requests answered by a Django 5.2 site with
`i18n_patterns` (with and without `prefix_default_language`) and `LocaleMiddleware`: the
status, `Location`, `Vary`, `Content-Language`, and the view's language and reversed URLs.

Languages en (the default), de and pt-br, each with a catalog (Django's `check_for_language`
asks for one), so that every offered language can be chosen.

    pip install "django>=5.2,<5.3"
    python3 Tests/PonyWebTests/Fixtures/generate_i18n_patterns.py
"""
import json, os, sys, tempfile

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
LOCALE = tempfile.mkdtemp()
for code in ["de", "pt_BR"]:
    folder = os.path.join(LOCALE, code, "LC_MESSAGES")
    os.makedirs(folder)
    open(os.path.join(folder, "django.po"), "w").write('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
    os.system("msgfmt -o %s %s" % (os.path.join(folder, "django.mo"), os.path.join(folder, "django.po")))

settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="urls_prefixed", USE_I18N=True,
    LANGUAGE_CODE="en", LANGUAGES=[("en", "English"), ("de", "Deutsch"), ("pt-br", "Português")],
    LOCALE_PATHS=[LOCALE], SECRET_KEY="x", APPEND_SLASH=True,
    MIDDLEWARE=["django.middleware.locale.LocaleMiddleware", "django.middleware.common.CommonMiddleware"],
)
django.setup()
from django.conf.urls.i18n import i18n_patterns  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import clear_url_caches, path, reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django.views.i18n import set_language  # noqa: E402


def page(request, pk=None):
    return HttpResponse("%s %s %s" % (translation.get_language(), reverse("about"), reverse("item", args=[7])))


def module(name, prefix_default):
    urls = type(sys)(name)
    urls.urlpatterns = [
        path("i18n/setlang/", set_language, name="set_language"),
        path("plain/", page, name="plain"),
    ] + i18n_patterns(
        path("about/", page, name="about"), path("item/<int:pk>/", page, name="item"),
        prefix_default_language=prefix_default,
    )
    sys.modules[name] = urls


module("urls_prefixed", True)
module("urls_unprefixed", False)
REQUESTS = [
    ("GET", "/en/about/", {}), ("GET", "/de/about/", {}), ("GET", "/pt-br/item/7/", {}),
    ("GET", "/about/", {}), ("GET", "/about/", {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}),
    ("GET", "/about/?x=1", {"HTTP_ACCEPT_LANGUAGE": "pt-BR"}), ("GET", "/about", {"HTTP_ACCEPT_LANGUAGE": "de"}),
    ("GET", "/item/7/", {"HTTP_COOKIE": "django_language=de"}), ("GET", "/fr/about/", {}),
    ("GET", "/de/plain/", {}), ("GET", "/plain/", {"HTTP_ACCEPT_LANGUAGE": "de"}), ("GET", "/de/missing/", {}),
    ("GET", "/missing/", {"HTTP_ACCEPT_LANGUAGE": "de"}), ("GET", "/de/", {}), ("GET", "/de-at/about/", {}),
    ("POST", "/i18n/setlang/", {"data": {"language": "de", "next": "/en/about/"}}),
    ("POST", "/i18n/setlang/", {"data": {"language": "pt-br", "next": "/en/item/7/?q=1#top"}}),
    ("POST", "/i18n/setlang/", {"data": {"language": "de", "next": "/about/"}}),
]
cases = []
for urlconf, prefix_default in [("urls_prefixed", True), ("urls_unprefixed", False)]:
    with override_settings(ROOT_URLCONF=urlconf):
        clear_url_caches()
        for method, target, extra in REQUESTS:
            extra = dict(extra)
            data = extra.pop("data", None)
            client = Client()
            response = client.post(target, data, **extra) if method == "POST" else client.get(target, **extra)
            cases.append({
                "prefix_default_language": prefix_default, "method": method, "target": target,
                "headers": {k[5:].replace("_", "-").title(): v for k, v in extra.items()}, "form": data or {},
                "status": response.status_code, "location": response.get("Location"),
                "vary": response.get("Vary"), "content_language": response.get("Content-Language"),
                "body": response.content.decode() if response.status_code == 200 else None,
            })
with open(os.path.join(HERE, "i18n_patterns.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases}, out, ensure_ascii=False, indent=1)
print("wrote %d cases; Django %s" % (len(cases), django.__version__))
