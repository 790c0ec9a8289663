"""Benchmarks/run.sh's Django side: TechEmpower's plaintext, JSON, single-query ("db") and
fortunes tests in Django 5.2 (DEBUG off, the default middleware of `startproject` but for
sessions, auth and messages, which these views do not use), under gunicorn, on the SQLite
file Examples/bench.swift made (TECHEMPOWER_DB), through Django's ORM and templates."""
import os
import random

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="django-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["TECHEMPOWER_DB"]}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {}}],
    USE_TZ=True,
)
django.setup()

from django.db import models  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class Fortune(models.Model):
    message = models.CharField(max_length=100)

    class Meta:
        app_label = "bench"
        db_table = "bench_fortune"
        managed = False


class World(models.Model):
    random_number = models.IntegerField()

    class Meta:
        app_label = "bench"
        db_table = "bench_world"
        managed = False


TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>"
    "{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


def plaintext(request):
    return HttpResponse(b"Hello, World!", content_type="text/plain")


def json_view(request):
    return JsonResponse({"message": "Hello, World!"})


def db(request):
    world = World.objects.get(pk=random.randint(1, 10000))
    return JsonResponse({"id": world.id, "randomNumber": world.random_number})


def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return HttpResponse(TEMPLATE.render({"fortunes": rows}))


urlpatterns = [
    path("plaintext", plaintext),
    path("json", json_view),
    path("db", db),
    path("fortunes", fortunes),
]
application = get_wsgi_application()
