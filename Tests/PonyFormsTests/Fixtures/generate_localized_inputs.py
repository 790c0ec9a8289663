#!/usr/bin/env python3
"""Writes localized_inputs.json for LocalizedInputTests: how Django 5.2's DateField,
DateTimeField and TimeField read typed text and write initial values in five languages
(the locales' DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS and TIME_INPUT_FORMATS, with ISO
always accepted), in UTC; and how IntegerField, FloatField and DecimalField made with
localize=True read and write numbers in five languages, with USE_THOUSAND_SEPARATOR off
and on.

    pip install "django>=5.2,<5.3"
    python3 Tests/PonyFormsTests/Fixtures/generate_localized_inputs.py
"""
import datetime, decimal, json, os

import django
from django.conf import settings

settings.configure(USE_I18N=True, USE_TZ=True, TIME_ZONE="UTC", LANGUAGE_CODE="en-us")
django.setup()
from django import forms  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LANGUAGES = ["en", "de", "fr", "pt-br", "en-gb"]
INPUTS = [
    "2006-10-25", "10/25/2006", "25/10/2006", "25.10.2006", "25.10.06", "25-10-2006", "Oct 25 2006",
    "2006-10-25 14:30", "25.10.2006 14:30", "25/10/2006 14:30:59", "10/25/2006 14:30", "14:30", "14:30:59",
    "25.10.2006 14:30:59.000200", "nonsense",
]


class Dates(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()
    time = forms.TimeField()


def value(cleaned):
    if isinstance(cleaned, datetime.datetime):
        return cleaned.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return cleaned.isoformat() if cleaned is not None else None


cases, renders = [], []
for language in LANGUAGES:
    with translation.override(language):
        for text in INPUTS:
            form = Dates({"day": text, "moment": text, "time": text})
            form.is_valid()
            cases.append({"language": language, "text": text,
                          "day": value(form.cleaned_data.get("day")),
                          "moment": value(form.cleaned_data.get("moment")),
                          "time": value(form.cleaned_data.get("time"))})
        form = Dates(initial={
            "day": datetime.date(2026, 3, 5),
            "moment": datetime.datetime(2026, 3, 5, 14, 7, 9, tzinfo=datetime.timezone.utc),
            "time": datetime.time(9, 5, 7)})
        renders.append({"language": language, "day": form["day"].value() and str(form["day"]),
                        "moment": str(form["moment"]), "time": str(form["time"])})


class Numbers(forms.Form):
    count = forms.IntegerField(localize=True)
    ratio = forms.FloatField(localize=True)
    price = forms.DecimalField(max_digits=12, decimal_places=2, localize=True)
    plain = forms.DecimalField(max_digits=12, decimal_places=2)


NUMBER_LANGUAGES = ["en", "de", "fr", "de-ch", "pt-br"]
NUMBER_INPUTS = [
    "1234", "1234.5", "1234,5", "1.234", "1,234", "1.234,5", "1,234.5", "1 234,5", "1\u00a0234,5", "1\u202f234,5",
    "1\u2019234.5", "-3,25", "12.34.56", "abc", "1e3", " 7 ", "1.234.567", "0,5",
]
numbers, number_renders = [], []
for grouping in (False, True):
    with override_settings(USE_THOUSAND_SEPARATOR=grouping):
        for language in NUMBER_LANGUAGES:
            with translation.override(language):
                for text in NUMBER_INPUTS:
                    form = Numbers({name: text for name in ["count", "ratio", "price", "plain"]})
                    form.is_valid()
                    numbers.append({"language": language, "grouping": grouping, "text": text, **{
                        name: (str(form.cleaned_data[name]) if name in form.cleaned_data else None)
                        for name in ["count", "ratio", "price", "plain"]}})
                form = Numbers(initial={"count": 1234567, "ratio": 1234.5, "price": decimal.Decimal("1234567.50"),
                                        "plain": decimal.Decimal("1234567.50")})
                number_renders.append({"language": language, "grouping": grouping,
                                       **{name: str(form[name]) for name in ["count", "ratio", "price", "plain"]}})
with open(os.path.join(HERE, "localized_inputs.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": cases, "renders": renders, "numbers": numbers,
               "number_renders": number_renders}, out, ensure_ascii=False, indent=1)
print("wrote %d cases, %d renders, %d number cases, %d number renders; Django %s" % (
    len(cases), len(renders), len(numbers), len(number_renders), django.__version__))
