#!/usr/bin/env python3
"""Writes dates_i18n.json and dates_locale/{de,fr,pl}/LC_MESSAGES/django.po for
I18nTests: dates formatted by Django 5.2's `dateformat` (the `date` filter's) in German,
French and Polish, and the entries of Django's own catalogs for the names and words it uses,
cut down from Django's files, which Pony then reads.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyTemplatesTests/Fixtures/generate_dates_i18n.py
"""
import datetime, json, os
import django
from django.conf import settings

settings.configure(USE_I18N=True, USE_TZ=True, TIME_ZONE="UTC", LANGUAGE_CODE="en-us")
django.setup()
from django.utils import dateformat, translation

from django_date_names import cut_catalog  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
FORMATS = ["D, j M Y", "l j F Y", "N j, Y, P", "E", "b", "a A", "P"]
MOMENTS = [datetime.datetime(2026, month, 3 + month, hour, minute, tzinfo=UTC)
           for month, (hour, minute) in zip(range(1, 13), [(0, 0), (12, 0), (9, 30), (15, 5), (23, 59), (1, 0),
                                                          (11, 0), (13, 45), (0, 1), (12, 30), (6, 0), (18, 0)])]

cases = []
for language in ["en", "de", "fr", "pl"]:
    with translation.override(language):
        for moment in MOMENTS:
            for form in FORMATS:
                cases.append({"language": language, "timestamp": int(moment.timestamp()), "format": form,
                              "output": dateformat.format(moment, form)})
for language in ["de", "fr", "pl"]:
    print(language, cut_catalog(language, os.path.join(HERE, "dates_locale")), "entries")
with open(os.path.join(HERE, "dates_i18n.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases}, out, ensure_ascii=False, indent=1)
print("wrote %d dates; Django %s" % (len(cases), django.__version__))
