"""Django 5.2's admin on the database Pony's admin serves (Benchmarks/admin.sh).

    ADMIN_DB=path/db.sqlite3 gunicorn benchsite:application     # serve
    ADMIN_DB=path/db.sqlite3 python3 benchsite.py seed 100000    # fill the tables
"""
import os
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["ADMIN_DB"]}},
    INSTALLED_APPS=[
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
        "django.contrib.messages", "adminbench",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages"]},
    }],
    STATIC_URL="/static/",
)
django.setup()

from django.contrib import admin  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402

urlpatterns = [path("admin/", admin.site.urls)]
application = get_wsgi_application()

if __name__ == "__main__" and sys.argv[1:2] == ["seed"]:
    import datetime
    import random

    from adminbench.models import Owner, Task

    count = int(sys.argv[2])
    rng = random.Random(7)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]
    owners = Owner.objects.bulk_create([Owner(name="owner %03d" % n) for n in range(100)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    Task.objects.bulk_create(
        (Task(name="%s task %d %s" % (rng.choice(words), n, rng.choice(words)), owner=rng.choice(owners),
              completed=n % 3 == 0, created_at=start + datetime.timedelta(minutes=n)) for n in range(count)),
        batch_size=2000)
    print("seeded", Task.objects.count(), "tasks")
