#!/usr/bin/env python3
"""Writes l10n.json and l10n_locale/<locale>/LC_MESSAGES/django.po for LocalizationTests:
templates rendered by Django 5.2 in eight languages, so that dates, times and numbers are
written in each language's formats (django/conf/locale/*/formats.py): printed values, the
`date` and `time` filters' default and named formats, `floatformat` (with its `g` and `u`
suffixes), `intcomma`, `filesizeformat`, `timesince`'s words, and `{% localize %}`, `localize` and
`unlocalize`; the number templates again with `USE_THOUSAND_SEPARATOR = True`. The catalogs are the entries of Django's own for the names the
dates use, cut down from Django's files.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyTemplatesTests/Fixtures/generate_l10n.py
"""
import datetime, decimal, json, os
import django
from django.conf import settings

settings.configure(
    USE_I18N=True, USE_TZ=True, TIME_ZONE="UTC", LANGUAGE_CODE="en-us",
    INSTALLED_APPS=["django.contrib.humanize"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()
from django.template import Context, Template  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

from django_date_names import cut_catalog  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LANGUAGES = ["en", "en-gb", "de", "de-ch", "fr", "pl", "pt-br", "hi"]
# NB: the same values are written out in LocalizationTests.swift.
CONTEXT = {
    "moment": datetime.datetime(2026, 3, 5, 14, 7, 9, tzinfo=datetime.timezone.utc),
    "day": datetime.date(2026, 12, 25), "t": datetime.time(9, 5, 7),
    "past": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    "recent": datetime.datetime(2026, 3, 5, 14, 2, 0, tzinfo=datetime.timezone.utc),
    "price": decimal.Decimal("1234567.50"), "cents": decimal.Decimal("-0.05"),
    "f": 1234567.891, "neg": -0.5, "big": 1e20, "small": 1.5e-07, "n": 1234567, "text": "1234567",
}
TEMPLATES = [
    "{{ moment }}|{{ day }}|{{ t }}",
    "{{ moment|date }}|{{ moment|time }}|{{ day|date:'SHORT_DATE_FORMAT' }}|"
    "{{ moment|date:'SHORT_DATETIME_FORMAT' }}|{{ moment|date:'YEAR_MONTH_FORMAT' }}|{{ day|date:'MONTH_DAY_FORMAT' }}",
    "{{ f }}|{{ neg }}|{{ big }}|{{ small }}|{{ n }}",
    "{{ f|floatformat }}|{{ f|floatformat:2 }}|{{ f|floatformat:'2g' }}|{{ f|floatformat:'2u' }}|"
    "{{ n|floatformat:'g' }}|{{ f|floatformat:'-3g' }}|{{ f|floatformat:'2gu' }}|{{ neg|floatformat:'3g' }}",
    "{% load humanize %}{{ n|intcomma }}|{{ f|intcomma }}|{{ text|intcomma }}|{{ neg|intcomma }}",
    "{% load l10n %}{{ f }}|{% localize off %}{{ f }}|{{ moment }}|{{ day }}|{{ t }}{% endlocalize %}|"
    "{{ f|unlocalize }}|{{ moment|unlocalize }}|{{ f|localize }}|{% localize on %}{{ neg }}{% endlocalize %}|"
    "{{ f|stringformat:'s' }}",
    "{% load humanize l10n %}{{ price }}|{{ cents }}|{{ price|floatformat:'3g' }}|{{ price|intcomma }}|"
    "{{ price|unlocalize }}|{{ price|localize }}|{{ price|stringformat:'s' }}|{{ cents|floatformat }}",
    "{{ past|timesince:moment }}|{{ recent|timesince:moment }}|{{ moment|timesince:moment }}|"
    "{{ moment|timeuntil:past }}",
    "{% load l10n i18n %}{{ n }}|{{ 1000 }}|{{ n|filesizeformat }}|{{ 1023999|filesizeformat }}|{{ n|localize }}|"
    "{{ n|unlocalize }}|{% localize off %}{{ n }}|{{ price }}{% endlocalize %}|"
    "{% blocktranslate with a=n %}{{ a }}{% endblocktranslate %}",
]
# Rendered again with USE_THOUSAND_SEPARATOR = True (the cases marked "grouping").
GROUPED = [TEMPLATES[2], TEMPLATES[3], TEMPLATES[5], TEMPLATES[6], TEMPLATES[8]]

cases = []
for language in LANGUAGES:
    with translation.override(language):
        for source in TEMPLATES:
            cases.append({"language": language, "template": source,
                          "output": Template(source).render(Context(CONTEXT))})
with override_settings(USE_THOUSAND_SEPARATOR=True):
    for language in LANGUAGES:
        with translation.override(language):
            for source in GROUPED:
                cases.append({"language": language, "template": source, "grouping": True,
                              "output": Template(source).render(Context(CONTEXT))})
for language in LANGUAGES:
    locale = translation.to_locale(language)
    if language != "en" and (count := cut_catalog(locale, os.path.join(HERE, "l10n_locale"))) is not None:
        print(locale, count, "entries")
with open(os.path.join(HERE, "l10n.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases}, out, ensure_ascii=False, indent=1)
print("wrote %d renders; Django %s" % (len(cases), django.__version__))
