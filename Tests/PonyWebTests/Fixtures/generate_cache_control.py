"""Writes cache_control.json for CacheControlTests: the Cache-Control header Django 5.2's
patch_cache_control writes for each existing header and list of directives below, and what
add_never_cache_headers does to a response.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_cache_control.py

Directives are given as [name, value] in keyword order; a value of true is a bare directive.
"""
import json
import os

from django.conf import settings

settings.configure()
import django  # noqa: E402

django.setup()
from django.http import HttpResponse  # noqa: E402
from django.utils.cache import add_never_cache_headers, patch_cache_control  # noqa: E402

EXISTING = [
    None, "", "max-age=3600", "public, max-age=3600", "Public,  Max-Age=60 ,no-transform", "private",
    "no-cache", 'no-cache="Set-Cookie"', "max-age=10, must-revalidate", "s-maxage=5,public", "no-store",
    "stale-while-revalidate=30, max-age=100", "a,,b", "immutable",
]
DIRECTIVES = [
    [["max_age", 600]], [["max_age", 5]], [["public", True]], [["private", True]],
    [["no_cache", True]], [["no_store", True], ["must_revalidate", True]],
    [["max_age", 0], ["no_cache", True], ["no_store", True], ["must_revalidate", True], ["private", True]],
    [["s_maxage", 30], ["public", True]], [["public", True], ["max_age", 86400], ["immutable", True]],
    [["no_cache", "Set-Cookie"]], [["stale_while_revalidate", 60], ["stale_if_error", 600]],
    [["proxy_revalidate", True], ["no_transform", True]], [["private", True], ["max_age", 3600]],
]

cases = []
for existing in EXISTING:
    for directives in DIRECTIVES:
        # NB: two no-cache field names come out in the order of a Python set, which varies.
        if existing and "no-cache=" in existing and ["no_cache", "Set-Cookie"] in directives:
            continue
        response = HttpResponse("x")
        if existing is not None:
            response.headers["Cache-Control"] = existing
        patch_cache_control(response, **{name: value for name, value in directives})
        cases.append({"existing": existing, "directives": directives, "result": response["Cache-Control"]})

never = []
for existing in EXISTING:
    for expires in (None, "Sun, 06 Nov 1994 08:49:37 GMT"):
        response = HttpResponse("x")
        if existing is not None:
            response.headers["Cache-Control"] = existing
        if expires:
            response.headers["Expires"] = expires
        add_never_cache_headers(response)
        never.append({
            "existing": existing, "expires": expires, "result": response["Cache-Control"],
            "keptExpires": response["Expires"] == expires,
        })

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache_control.json")
with open(path, "w") as out:
    json.dump({"patch": cases, "neverCache": never}, out, indent=1)
    out.write("\n")
print(f"{len(cases)} patches, {len(never)} never_cache responses")
