"""The messages Django's date formatting translates (month and day names, their `abbrev. month`
and `alt. month` forms, a.m./p.m., and timesince's units), and the entries of Django's own
catalog for them: shared by generate_dates_i18n.py and generate_l10n.py."""
import os

import django
import polib

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
USED = ({(None, m) for m in MONTHS} | {("abbrev. month", m) for m in AP} | {("alt. month", m) for m in MONTHS}
        | {(None, m.lower()[:3]) for m in MONTHS} | {(None, d) for d in DAYS} | {(None, d[:3]) for d in DAYS}
        | {(None, w) for w in ["a.m.", "p.m.", "AM", "PM", "midnight", "noon", ", "]}
        | {(None, "%(num)d " + u) for u in ["year", "month", "week", "day", "hour", "minute"]}
        | {(None, "%s " + u) for u in ["KB", "MB", "GB", "TB", "PB"]} | {(None, "%(size)d byte")})


def cut_catalog(locale, folder):
    """Writes `folder`/<locale>/LC_MESSAGES/django.po: the translated entries of Django's own
    catalog for `locale` among USED; returns how many, or None when Django has no catalog."""
    path = os.path.join(os.path.dirname(django.__file__), "conf", "locale", locale, "LC_MESSAGES", "django.po")
    if not os.path.exists(path):
        return None
    source = polib.pofile(path)
    subset = polib.POFile()
    subset.metadata = {key: source.metadata[key] for key in ["Content-Type", "Language", "Plural-Forms"]}
    for entry in source:
        if (entry.msgctxt or None, entry.msgid) in USED and not entry.obsolete and entry.translated():
            entry.occurrences = []
            subset.append(entry)
    target = os.path.join(folder, locale, "LC_MESSAGES")
    os.makedirs(target, exist_ok=True)
    subset.save(os.path.join(target, "django.po"))
    return len(subset)
