#!/usr/bin/env python3
"""Writes dates_i18n.json and dates_locale/{de,fr,pl}/LC_MESSAGES/django.po for
I18nTests: dates formatted by Django 5.2's `dateformat` (the `date` filter's) in German,
French and Polish, and the entries of Django's own catalogs for the names and words it uses,
cut down from Django's files, which Pony then reads.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyTemplatesTests/Fixtures/generate_dates_i18n.py
"""
import datetime, json, os
import django, polib
from django.conf import settings

settings.configure(USE_I18N=True, USE_TZ=True, TIME_ZONE="UTC", LANGUAGE_CODE="en-us")
django.setup()
from django.utils import dateformat, translation

HERE = os.path.dirname(os.path.abspath(__file__))
DJANGO = os.path.dirname(django.__file__)
UTC = datetime.timezone.utc
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
USED = ({(None, m) for m in MONTHS} | {("abbrev. month", m) for m in AP} | {("alt. month", m) for m in MONTHS}
        | {(None, m.lower()[:3]) for m in MONTHS} | {(None, d) for d in DAYS} | {(None, d[:3]) for d in DAYS}
        | {(None, w) for w in ["a.m.", "p.m.", "AM", "PM", "midnight", "noon"]})
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
    source = polib.pofile(os.path.join(DJANGO, "conf", "locale", language, "LC_MESSAGES", "django.po"))
    subset = polib.POFile()
    subset.metadata = {key: source.metadata[key] for key in ["Content-Type", "Language", "Plural-Forms"]}
    for entry in source:
        if (entry.msgctxt or None, entry.msgid) in USED and not entry.obsolete:
            entry.occurrences = []
            subset.append(entry)
    folder = os.path.join(HERE, "dates_locale", language, "LC_MESSAGES")
    os.makedirs(folder, exist_ok=True)
    subset.save(os.path.join(folder, "django.po"))
    print(language, len(subset), "entries")
with open(os.path.join(HERE, "dates_i18n.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases}, out, ensure_ascii=False, indent=1)
print("wrote %d dates; Django %s" % (len(cases), django.__version__))
