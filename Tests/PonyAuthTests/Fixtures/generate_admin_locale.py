#!/usr/bin/env python3
"""Writes admin_locale/de/LC_MESSAGES/django.po for AdminTranslationTests: the entries of
Django 5.2's own German catalogs (django.contrib.admin's, django.contrib.auth's) for the
messages Pony's admin pages show, cut down from Django's files, to show that Django's
catalogs translate Pony's admin.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyAuthTests/Fixtures/generate_admin_locale.py
"""
import os
import django, polib

HERE = os.path.dirname(os.path.abspath(__file__))
DJANGO = os.path.dirname(django.__file__)
USED = ["Skip to main content", "Welcome,", "View site", "Change password", "Log out",
        "Toggle theme (current theme: auto)", "Breadcrumbs", "Home", "Recent actions", "My actions",
        "None available", "Add", "View", "Change", "Log in", "username", "Password",
        "Thanks for spending some quality time with the web site today.", "Log in again",
        "You don’t have permission to view or edit anything.", "Models in the %(name)s application",
        "Model name", "Add link", "Change or view list link"]
found = {}
header = None
for path in ["contrib/admin/locale/de/LC_MESSAGES/django.po", "contrib/auth/locale/de/LC_MESSAGES/django.po"]:
    catalog = polib.pofile(os.path.join(DJANGO, path))
    header = header or {key: catalog.metadata[key] for key in ["Content-Type", "Language", "Plural-Forms"]}
    for entry in catalog:
        if entry.msgid in USED and entry.msgid not in found and not entry.obsolete and entry.msgstr:
            entry.occurrences = []
            found[entry.msgid] = entry
missing = [message for message in USED if message not in found]
assert not missing, missing
subset = polib.POFile()
subset.metadata = header
for message in USED:
    subset.append(found[message])
folder = os.path.join(HERE, "admin_locale", "de", "LC_MESSAGES")
os.makedirs(folder, exist_ok=True)
subset.save(os.path.join(folder, "django.po"))
print("wrote %d entries; Django %s" % (len(subset), django.__version__))
