#!/usr/bin/env python3
"""Writes humanize.json for HumanizeTests: what Django 5.2's django.contrib.humanize filters
(English, USE_TZ, TIME_ZONE UTC) answer for each value below.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyTemplatesTests/Fixtures/generate_humanize.py

Values are written with their Python type as in generate_django_corpus.py. naturaltime and
naturalday depend on the moment they run, so their cases give the value as an offset from
now in seconds (with half seconds, away from the edges where a few milliseconds flip the
answer, and under four weeks, where calendar months do not come in).
"""
import datetime, json, os
import django
from django.conf import settings

settings.configure(USE_TZ=True, TIME_ZONE="UTC", INSTALLED_APPS=["django.contrib.humanize"])
django.setup()
from django.contrib.humanize.templatetags import humanize
from django.utils import timezone

NUMBERS = [
    ["int", 0], ["int", 1], ["int", 2], ["int", 3], ["int", 4], ["int", 9], ["int", 10], ["int", 11], ["int", 12],
    ["int", 13], ["int", 21], ["int", 22], ["int", 23], ["int", 101], ["int", 111], ["int", 112], ["int", 1000],
    ["int", -1], ["int", -1000], ["int", 999], ["int", 1234567], ["int", -1234567], ["int", 999999],
    ["int", 1000000], ["int", 1200000], ["int", 1290000], ["int", 999999999], ["int", 1000000000],
    ["int", 2000000000], ["int", 6000000000000], ["int", 1300000000000000], ["int", 3500000000000000000],
    ["int", -1200000], ["int", 9223372036854775807], ["int", -9223372036854775808], ["float", 1234.5],
    ["float", 0.1], ["float", -1234.5678], ["float", 100.0], ["float", 1e16], ["float", 1.5e-07],
    ["float", 1234567.25], ["float", 999999.9], ["float", 1000000.0], ["float", 1.5e21], ["float", -0.0],
    ["str", "1234567"], ["str", "1234.5"], ["str", "-1234.5678"], ["str", "abc"], ["str", "-"], ["str", "12a34"],
    ["str", " 1234 "], ["str", "1_000"], ["str", "1000000"], ["str", "7"], ["str", ""], ["str", "1e6"],
    ["bool", True], ["bool", False], ["none"],
]


def value_of(typed):
    return None if typed[0] == "none" else typed[1]


cases = []
for name in ("intcomma", "intword", "apnumber", "ordinal"):
    function = getattr(humanize, name)
    for typed in NUMBERS:
        answer = function(value_of(typed))
        cases.append({"filter": name, "value": typed, "output": None if answer is None else str(answer)})

now = timezone.now()
natural = []
for seconds in [0.25, 1.5, 30.5, 59.5, 60.5, 119.5, 3599.5, 3600.5, 7200.5, 86399.5, 86400.5, 90000.5,
                3 * 86400 + 4 * 3600 + 0.5, 10 * 86400 + 0.5, 20 * 86400 + 7 * 3600 + 0.5, 27 * 86400 + 0.5]:
    for sign in (-1, 1):
        offset = sign * seconds
        when = now + datetime.timedelta(seconds=offset)
        natural.append({"filter": "naturaltime", "offset": offset, "output": str(humanize.naturaltime(when))})
# NB: other days print as the date filter prints them (null here: the date depends on today).
for days in (-1, 0, 1, -2, 2, 40):
    when = now + datetime.timedelta(days=days)
    named = abs(days) <= 1
    natural.append({"filter": "naturalday", "offset": days * 86400,
                    "output": str(humanize.naturalday(when)) if named else None})
    natural.append({"filter": "naturalday", "offset": days * 86400, "day": True,
                    "output": str(humanize.naturalday(when.date())) if named else None})
fixed = [
    {"filter": "naturalday", "value": ["date", "2026-12-25"], "argument": None,
     "output": str(humanize.naturalday(datetime.date(2026, 12, 25)))},
    {"filter": "naturalday", "value": ["date", "2026-12-25"], "argument": "D j M",
     "output": str(humanize.naturalday(datetime.date(2026, 12, 25), "D j M"))},
    {"filter": "naturalday", "value": ["str", "soon"], "argument": None, "output": str(humanize.naturalday("soon"))},
    {"filter": "naturaltime", "value": ["str", "soon"], "argument": None, "output": str(humanize.naturaltime("soon"))},
]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "humanize.json")
with open(path, "w") as out:
    json.dump({"numbers": cases, "natural": natural, "fixed": fixed}, out, indent=1, ensure_ascii=False)
    out.write("\n")
print(f"{len(cases)} number cases, {len(natural)} relative dates, {len(fixed)} fixed")
