#!/usr/bin/env python3
"""Writes admin_locale/de/LC_MESSAGES/django.po for AdminTranslationTests: the entries of
Django 5.2's own German catalogs (django.contrib.admin's django.po and djangojs.po, the auth,
contenttypes, sessions, sites, flatpages and redirects apps', and Django's core catalog) for
every message Pony's admin shows, cut down from Django's files, to show that Django's catalogs
translate Pony's admin.

The messages are those of the admin's templates and the auth views' (found in their Swift
files with Django's own `templatize`, as `makemessages` finds them) and those the admin's Swift
code looks up (listed below). A message that is not one of Django's stops this script: Pony's admin
speaks only in Django's message ids.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyAuthTests/Fixtures/generate_admin_locale.py
"""
import ast
import os
import re

import django
import polib
from django.conf import settings

settings.configure(USE_I18N=True)
from django.utils.translation.template import templatize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DJANGO = os.path.dirname(django.__file__)
CATALOGS = [
    "contrib/admin/locale/de/LC_MESSAGES/django.po", "contrib/admin/locale/de/LC_MESSAGES/djangojs.po",
    "contrib/auth/locale/de/LC_MESSAGES/django.po", "contrib/contenttypes/locale/de/LC_MESSAGES/django.po",
    "contrib/sessions/locale/de/LC_MESSAGES/django.po", "contrib/sites/locale/de/LC_MESSAGES/django.po",
    "contrib/flatpages/locale/de/LC_MESSAGES/django.po", "contrib/redirects/locale/de/LC_MESSAGES/django.po",
    "conf/locale/de/LC_MESSAGES/django.po",
]

# What the admin's Swift code translates: titles, messages, filters, names (Django's
# `gettext_lazy` verbose names of its own apps and models), and the fields' labels.
SWIFT = [
    "Django site admin", "Django administration", "Site administration", "%(app)s administration",
    "Log in", "Logged out", "Authentication and Authorization", "Content Types", "Sessions", "Administration",
    "Sites", "Flat Pages", "Redirects", "user", "users", "group", "groups", "permission", "permissions",
    "log entry", "log entries", "content type", "content types", "session", "sessions", "site", "sites",
    "Please enter the correct %(username)s and password for a staff account. Note that both fields may be "
    "case-sensitive.", "username",
    "Select %s to change", "Select %s to view", "Select %s", "Add %s", "Change %s", "View %s", "Delete",
    "Cannot delete %(name)s", "Change history: %s", "Delete multiple objects",
    "Delete selected %(verbose_name_plural)s", "Successfully deleted %(count)d %(items)s.",
    "No action selected.",
    "Items must be selected in order to perform actions on them. No items have been changed.",
    "0 of %(cnt)s selected", "%(total_count)s selected", "%(sel)s of %(cnt)s selected",
    "Select this object for an action - {}",
    "%(count)s %(name)s was changed successfully.",
    "The {name} “{obj}” was added successfully.", "You may edit it again below.",
    "The {name} “{obj}” was changed successfully.",
    "The {name} “{obj}” was changed successfully. You may edit it again below.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.",
    "The {name} “{obj}” was changed successfully. You may add another {name} below.",
    "The %(name)s “%(obj)s” was deleted successfully.",
    "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?",
    "All", "Yes", "No", "Unknown", "Any date", "Today", "Past 7 days", "This month", "This year", "No date",
    "Has date", "All dates", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    "Added.", "Added {name} “{object}”.", "Changed {fields}.", "Changed {fields} for {name} “{object}”.",
    "Deleted {name} “{object}”.", "No fields changed.", "and",
    "Personal info", "Permissions", "Important dates", "Change password", "Password changed successfully.",
    "Change password: %s", "Enter a new password for the user <strong>%(username)s</strong>.",
    "After you’ve created a user, you’ll be able to edit more user options.", "Password change",
    "Password change successful", "Your old password was entered incorrectly. Please enter it again.",
    "Password", "Password confirmation", "Enter the same password as before, for verification.",
    "Old password", "New password", "New password confirmation", "The two password fields didn’t match.",
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
    "A user with that username already exists.",
    "superuser status", "Designates that this user has all permissions without explicitly assigning them.",
    "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.", "first name", "last name",
    "email address", "staff status", "Designates whether the user can log into this admin site.", "active",
    "Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
    "date joined", "last login", "The groups this user belongs to. A user will get all permissions granted to "
    "each of their groups.", "user permissions", "Specific permissions for this user.", "name",
    "Popup closing…", "Flatpage with url %(url)s already exists for site %(site)s",
    "This value must contain only letters, numbers, dots, underscores, dashes, slashes or tildes.",
    "URL is missing a leading slash.", "URL is missing a trailing slash.",
    # The password reset mail's subject (a one-line template).
    "Password reset on %(site_name)s",
]


TEMPLATE_SOURCES = ["Sources/PonyAdmin/AdminTemplates.swift", "Sources/PonyAuth/Auth/AuthViews.swift",
                    "Sources/PonyAuth/Auth/PasswordResetViews.swift"]


def template_messages():
    """The messages of the admin's and the auth views' templates (multi-line string bodies, and
    one-line `#"…"#` titles), as Django's `makemessages` extracts them."""
    found = []
    bodies = []
    for path in TEMPLATE_SOURCES:
        source = open(os.path.join(ROOT, path), encoding="utf-8").read()
        bodies += re.findall(r'"""\n(.*?)"""', source, re.S) + re.findall(r'#"(\{%.*?)"#', source)
    for body in bodies:
        # NB: templatize writes `gettext(u'…')` (or `u"…"` for a message with a `'`),
        # `ngettext(u'…', u'…', c)` and `pgettext(u'context', u'…')` among X and B placeholders,
        # for xgettext to read.
        code = templatize(body)
        literal = r"u'(?:[^'\\]|\\.)*'|u\"(?:[^\"\\]|\\.)*\""
        for name, first, second in re.findall(r"\b(n?p?gettext)\((%s)(?:, (%s))?" % (literal, literal), code):
            found.append(ast.literal_eval(second if name.startswith(("pgettext", "npgettext")) else first))
    return found


def main():
    used = []
    for message in template_messages() + SWIFT:
        if message not in used:
            used.append(message)
    known, found = set(), {}
    header = None
    for path in CATALOGS:
        catalog = polib.pofile(os.path.join(DJANGO, path))
        header = header or {key: catalog.metadata[key] for key in ["Content-Type", "Language", "Plural-Forms"]}
        for entry in catalog:
            if entry.obsolete:
                continue
            known.add(entry.msgid)
            if entry.msgid in used and entry.msgid not in found and entry.translated():
                entry.occurrences = []
                entry.comment = entry.tcomment = ""
                found[entry.msgid] = entry
    missing = [message for message in used if message not in known]
    assert not missing, "not among Django's messages: %r" % missing
    # NB: a few of Django 5.2's newest messages have no German translation yet.
    untranslated = [message for message in used if message not in found]
    subset = polib.POFile(wrapwidth=0)
    subset.metadata = header
    for message in used:
        if message in found:
            subset.append(found[message])
    print("untranslated in Django's German catalogs: %r" % untranslated)
    folder = os.path.join(HERE, "admin_locale", "de", "LC_MESSAGES")
    os.makedirs(folder, exist_ok=True)
    subset.save(os.path.join(folder, "django.po"))
    print("wrote %d entries; Django %s" % (len(subset), django.__version__))


main()
