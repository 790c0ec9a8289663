"""Writes auth_context.json: what Django 5.2's auth context processor (`user`, `perms`) renders
in one template for an anonymous visitor and four users (AuthContextTests):

- ann: first and last name, the permission auth.add_user of her own;
- bob: no names, in a group with auth.change_group;
- root: a superuser;
- off: inactive, with auth.add_user.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyAuthTests/Fixtures/generate_auth_context.py
"""
import json
import os
import sys
import tempfile

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = (
    "{{ user }}|{{ user.is_authenticated }}|{{ user.is_anonymous }}|{{ user.get_username }}|"
    "{{ user.get_full_name }}|{{ user.get_short_name }}|{{ user.is_staff }}|{{ user.is_superuser }}|"
    "{% if perms.auth %}auth{% endif %}|{% if perms.auth.add_user %}add_user{% endif %}|"
    "{% if perms.auth.change_group %}change_group{% endif %}|{% if perms.auth.delete_user %}delete_user{% endif %}|"
    "{% if perms.sessions %}sessions{% endif %}|{% if perms.nothing.x %}x{% endif %}|"
    "{% if 'auth.add_user' in perms %}in{% endif %}{% if 'auth' in perms %}+auth{% endif %}"
    "{% if 'auth.nope' not in perms %}-nope{% endif %}{% if 'sessions' in perms %}+sessions{% endif %}"
)
settings.configure(
    DEBUG=False,
    SECRET_KEY="django-insecure-fixture-key",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                           "NAME": os.path.join(tempfile.mkdtemp(), "db.sqlite3")}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"context_processors": ["django.contrib.auth.context_processors.auth"],
                            "loaders": [("django.template.loaders.locmem.Loader", {"page.html": TEMPLATE})]}}],
)
django.setup()

from django.contrib.auth.models import Group, Permission, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

urlpatterns = [path("page/", lambda request: render(request, "page.html"))]
call_command("migrate", verbosity=0)


def permission(name):
    app, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


ann = User.objects.create_user("ann", first_name="Ann", last_name="Lee", is_staff=True)
ann.user_permissions.add(permission("auth.add_user"))
bob = User.objects.create_user("bob")
group = Group.objects.create(name="editors")
group.permissions.add(permission("auth.change_group"))
bob.groups.add(group)
User.objects.create_superuser("root", "root@example.com", None)
off = User.objects.create_user("off", is_active=False)
off.user_permissions.add(permission("auth.add_user"))

cases = []
for name in [None, "ann", "bob", "root", "off"]:
    client = Client()
    if name:
        client.force_login(User.objects.get(username=name))
    cases.append({"user": name, "body": client.get("/page/").content.decode()})
with open(os.path.join(HERE, "auth_context.json"), "w") as file:
    json.dump({"template": TEMPLATE, "cases": cases}, file, indent=1)
    file.write("\n")
print("wrote auth_context.json with Django %s" % django.get_version(), file=sys.stderr)
