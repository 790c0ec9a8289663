#!/usr/bin/env python3
"""Binds, validates and renders (str(form)) the 10-field form of Benchmarks/FormRender for
SECONDS; prints forms/s. The data has one bad email, so the errors render too."""
import sys
import time

import django
from django.conf import settings

settings.configure(USE_I18N=False, USE_TZ=True)
django.setup()
from django import forms  # noqa: E402
from django.http import QueryDict  # noqa: E402

COUNTRIES = [(f"c{i}", f"Country {i}") for i in range(10)]
INTERESTS = [("a", "Art"), ("b", "Books"), ("c", "Cooking"), ("d", "Dance"), ("e", "Engines")]


class ProfileForm(forms.Form):
    username = forms.CharField(max_length=30)
    email = forms.EmailField()
    age = forms.IntegerField(min_value=0, max_value=150)
    height = forms.FloatField(required=False)
    salary = forms.DecimalField(max_digits=6, decimal_places=2, required=False)
    country = forms.ChoiceField(choices=COUNTRIES)
    interests = forms.MultipleChoiceField(choices=INTERESTS, required=False, widget=forms.CheckboxSelectMultiple)
    birthday = forms.DateField()
    website = forms.URLField(required=False, assume_scheme="http")
    agree = forms.BooleanField()


data = QueryDict(mutable=True)
data.update({
    "username": "ann", "email": "ann-at-example.com", "age": "42", "height": "1.75", "salary": "1234.50",
    "country": "c3", "birthday": "1984-05-06", "website": "example.com", "agree": "on",
})
data.setlist("interests", ["b", "d"])

if sys.argv[1:] == ["--html"]:
    print(str(ProfileForm(data=data)))
    sys.exit(0)
duration = float(sys.argv[1]) if len(sys.argv) > 1 else 3
count, length, start = 0, 0, time.perf_counter()
while time.perf_counter() - start < duration:
    for _ in range(100):
        form = ProfileForm(data=data)
        if not form.is_valid():
            length += len(str(form))
    count += 100
assert length > 0
print(f"{count / (time.perf_counter() - start):.0f}")
