#!/usr/bin/env python3
"""Writes messages_i18n.json and locale/{de,pl}/LC_MESSAGES/django.po for
TranslatedMessagesTests: Django 5.2's validation messages in German and Polish, as its own
catalogs translate them, and those catalogs' entries for the messages (Django's own .po
files, cut down to them), which Pony then reads.

    pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyFormsTests/Fixtures/generate_messages_i18n.py
"""
import json, os
import django, polib
from django.conf import settings

settings.configure(USE_I18N=True, LANGUAGE_CODE="en-us", INSTALLED_APPS=[])
django.setup()
from decimal import Decimal
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation

HERE = os.path.dirname(os.path.abspath(__file__))
DJANGO = os.path.dirname(django.__file__)


def errors(clean, value):
    try:
        clean(value)
    except ValidationError as error:
        return error.messages
    return []


# (call, arguments for Pony's ValidationMessages, a field and a value that make Django say it)
CASES = [
    ("required", [], forms.CharField().clean, ""),
    ("maxLength", [1, 3], forms.CharField(max_length=1).clean, "abc"),
    ("maxLength", [2, 3], forms.CharField(max_length=2).clean, "abc"),
    ("maxLength", [5, 7], forms.CharField(max_length=5).clean, "abcdefg"),
    ("maxLength", [22, 25], forms.CharField(max_length=22).clean, "x" * 25),
    ("minLength", [2, 1], forms.CharField(min_length=2).clean, "a"),
    ("minLength", [4, 2], forms.CharField(min_length=4).clean, "ab"),
    ("maxValue", ["10"], forms.IntegerField(max_value=10).clean, "11"),
    ("minValue", ["0"], forms.IntegerField(min_value=0).clean, "-1"),
    ("step", ["5"], forms.IntegerField(step_size=5).clean, "3"),
    ("stepFrom", ["5", "1", "6", "11"], forms.IntegerField(step_size=5, min_value=1).clean, "3"),
    ("maxDigits", [1], forms.DecimalField(max_digits=1, decimal_places=0).clean, "12"),
    ("maxDigits", [3], forms.DecimalField(max_digits=3, decimal_places=1).clean, "12.34"),
    ("maxDecimalPlaces", [1], forms.DecimalField(max_digits=5, decimal_places=1).clean, "1.23"),
    ("maxDecimalPlaces", [2], forms.DecimalField(max_digits=5, decimal_places=2).clean, "1.234"),
    ("maxWholeDigits", [1], forms.DecimalField(max_digits=3, decimal_places=2).clean, "12.3"),
    ("maxWholeDigits", [5], forms.DecimalField(max_digits=7, decimal_places=2).clean, "123456"),
    ("invalidChoice", ["x"], forms.ChoiceField(choices=[("a", "A")]).clean, "x"),
    ("invalidModelChoice", [], lambda v: (_ for _ in ()).throw(
        ValidationError(forms.ModelChoiceField.default_error_messages["invalid_choice"])), None),
    ("wholeNumber", [], forms.IntegerField().clean, "x"),
    ("number", [], forms.FloatField().clean, "x"),
    ("email", [], forms.EmailField().clean, "x"),
    ("url", [], forms.URLField(assume_scheme="https").clean, "http://"),
    ("slug", [], forms.SlugField().clean, "a b"),
    ("uuid", [], forms.UUIDField().clean, "x"),
    ("ipAddress", [], forms.GenericIPAddressField().clean, "x"),
    ("json", [], forms.JSONField().clean, "{"),
    ("date", [], forms.DateField().clean, "x"),
    ("dateTime", [], forms.DateTimeField().clean, "x"),
    ("time", [], forms.TimeField().clean, "x"),
    ("list", [], forms.MultipleChoiceField(choices=[("a", "A")]).clean, "a"),
    ("invalidImage", [], lambda v: (_ for _ in ()).throw(
        ValidationError(forms.ImageField.default_error_messages["invalid_image"])), None),
    ("maxFileNameLength", [3, 8], forms.FileField(max_length=3).clean, SimpleUploadedFile("abcd.txt", b"x")),
    ("maxFileNameLength", [1, 5], forms.FileField(max_length=1).clean, SimpleUploadedFile("a.txt", b"x")),
    ("cannotBeNull", [], lambda v: models.IntegerField().clean(v, None), None),
    ("cannotBeBlank", [], lambda v: models.CharField(max_length=5).clean(v, None), ""),
    ("invalidModelValue", ["'x'"], lambda v: models.CharField(max_length=5, choices=[("a", "A")]).clean(v, None), "x"),
]

results = []
msgids = set()
for language in ["en", "de", "pl"]:
    with translation.override(language):
        for call, arguments, clean, value in CASES:
            messages = errors(clean, value)
            assert len(messages) == 1, (call, messages)
            results.append({"language": language, "call": call, "arguments": arguments, "message": str(messages[0])})

# The catalog entries of the messages: every msgid of Django's catalog whose English
# rendering (with any numbers) is one of the English messages above.
english = [r["message"] for r in results if r["language"] == "en"]
for language in ["de", "pl"]:
    source = polib.pofile(os.path.join(DJANGO, "conf", "locale", language, "LC_MESSAGES", "django.po"))
    subset = polib.POFile()
    subset.metadata = {key: source.metadata[key] for key in ["Content-Type", "Language", "Plural-Forms"]}
    used = ["This field is required.", "This field cannot be null.", "This field cannot be blank.",
            "Enter a whole number.", "Enter a number.", "Enter a valid email address.", "Enter a valid URL.",
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.", "Enter a valid UUID.",
            "Enter a valid %(protocol)s address.", "IPv4 or IPv6", "Enter a valid JSON.", "Enter a valid date.",
            "Enter a valid date/time.", "Enter a valid time.", "Enter a list of values.",
            "Select a valid choice. That choice is not one of the available choices.",
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            "Ensure this value is less than or equal to %(limit_value)s.",
            "Ensure this value is greater than or equal to %(limit_value)s.",
            "Ensure this value is a multiple of step size %(limit_value)s.",
            "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. "
            "%(offset)s, %(valid_value1)s, %(valid_value2)s, and so on.",
            "Select a valid choice. %(value)s is not one of the available choices.",
            "Value %(value)r is not a valid choice.",
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this filename has at most %(max)d character (it has %(length)d).",
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s digit before the decimal point."]
    for entry in source:
        if entry.msgid in used and not entry.obsolete:
            entry.occurrences = []
            subset.append(entry)
    assert len(subset) == len(used), (language, set(used) - {e.msgid for e in subset})
    folder = os.path.join(HERE, "locale", language, "LC_MESSAGES")
    os.makedirs(folder, exist_ok=True)
    subset.save(os.path.join(folder, "django.po"))

with open(os.path.join(HERE, "messages_i18n.json"), "w") as out:
    json.dump({"django": django.__version__, "cases": results}, out, ensure_ascii=False, indent=1)
print("wrote %d messages; Django %s" % (len(results), django.__version__))
