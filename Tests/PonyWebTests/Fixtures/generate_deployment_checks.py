"""Writes deployment_checks.json: the ids Django 5.2's `check --deploy` (its security checks)
gives for each case's settings, for DeploymentCheckTests.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_deployment_checks.py

Every case runs with the middleware and apps Pony always has (security, sessions, CSRF,
X-Frame-Options), a strong secret key and an allowed host unless the case sets them.
"""
import json
import os

import django
from django.conf import settings

STRONG = "k7#Vq2!pL9zR4wXe8TbN1mYs6HcJ0dFgAuKoQiWlEr5tZyPxCv3B"
BASE = {
    "SECRET_KEY": STRONG,
    "SECRET_KEY_FALLBACKS": [],
    "DEBUG": False,
    "ALLOWED_HOSTS": ["example.com"],
    "SECURE_HSTS_SECONDS": 0,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    "SECURE_HSTS_PRELOAD": False,
    "SECURE_SSL_REDIRECT": False,
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_REFERRER_POLICY": "same-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_SECURE": False,
    "CSRF_USE_SESSIONS": False,
}
CASES = [
    {},
    {"SECURE_HSTS_SECONDS": 3600},
    {"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True},
    {"SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True},
    {"SECURE_SSL_REDIRECT": True},
    {"X_FRAME_OPTIONS": "SAMEORIGIN"},
    {"SECURE_REFERRER_POLICY": None},
    {"SECURE_REFERRER_POLICY": "no-referrer, strict-origin-when-cross-origin"},
    {"SECURE_REFERRER_POLICY": "everywhere"},
    {"SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-site"},
    {"SECRET_KEY_FALLBACKS": ["short", STRONG, "django-insecure-" + STRONG]},
    {"SESSION_COOKIE_SECURE": True},
    {"SESSION_COOKIE_HTTPONLY": False},
    {"CSRF_COOKIE_SECURE": True},
    {"CSRF_USE_SESSIONS": True},
    {
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
    },
]

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.sessions"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    **BASE,
)
django.setup()

from django.core import checks  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

results = []
for case in CASES:
    with override_settings(**case):
        messages = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    results.append({"settings": case, "ids": sorted({message.id for message in messages})})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "deployment_checks.json")
with open(path, "w") as out:
    json.dump({"django": django.get_version(), "cases": results}, out, indent=1)
    out.write("\n")
