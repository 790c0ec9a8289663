"""Benchmarks/cache.sh's Django side: the views of Benchmarks/cache.swift in Django 5.2 (DEBUG
off, startproject's middleware but for sessions, auth and messages), under gunicorn, with
LocMemCache, Django's own RedisCache (redis-py) on the same Redis database, and its
PyMemcacheCache (pymemcache) on the same memcached."""
import os

import django
from django.conf import settings

REDIS = os.environ.get("CACHE_BENCH_REDIS", "redis://127.0.0.1:6379/15")
MEMCACHED = os.environ.get("CACHE_BENCH_MEMCACHED", "127.0.0.1:11211")
settings.configure(
    DEBUG=False,
    SECRET_KEY="django-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": "django"},
        "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": "bench"},
        "memcached": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": MEMCACHED,
            "KEY_PREFIX": "django",
        },
    },
)
django.setup()

from django.core.cache import cache, caches  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

GREETING = "Hello, cache! " * 8
cache.set("greeting", GREETING, None)
caches["memory"].set("greeting", GREETING, None)
caches["memcached"].set("greeting", GREETING, None)
cache.add("hits", 0, None)


def locmem(request):
    return HttpResponse(caches["memory"].get("greeting", "missing"), content_type="text/plain; charset=utf-8")


def redis(request):
    return HttpResponse(cache.get("greeting", "missing"), content_type="text/plain; charset=utf-8")


def memcached(request):
    return HttpResponse(caches["memcached"].get("greeting", "missing"), content_type="text/plain; charset=utf-8")


def incr(request):
    return HttpResponse(str(cache.incr("hits")), content_type="text/plain; charset=utf-8")


urlpatterns = [path("locmem", locmem), path("redis", redis), path("memcached", memcached), path("incr", incr)]
application = get_wsgi_application()
