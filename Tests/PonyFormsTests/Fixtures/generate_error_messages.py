#!/usr/bin/env python3
"""Writes error_messages.json for ErrorMessageTests: the messages Django 5.2 gives when form
fields, model fields and a model form's Meta replace its own (`error_messages`), with
`%(limit_value)s` and the like filled in.

    pip install "django>=5.2,<5.3"
    python3 Tests/PonyFormsTests/Fixtures/generate_error_messages.py
"""
import json, os

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[], DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
django.setup()
from django import forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection, models  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class Signup(forms.Form):
    name = forms.CharField(max_length=5, error_messages={
        "required": "Name, please.", "max_length": "At most %(limit_value)d (you gave %(show_value)d)."})
    age = forms.IntegerField(min_value=18, error_messages={
        "invalid": "Digits only.", "min_value": "Adults only: %(limit_value)s or more."})
    size = forms.ChoiceField(choices=[("s", "Small")], error_messages={"invalid_choice": "%(value)s? No such size."})
    email = forms.EmailField(error_messages={"invalid": "That is no address."})
    price = forms.DecimalField(max_digits=4, decimal_places=1, error_messages={
        "max_digits": "%(max)s digits at most.", "max_decimal_places": "One place."})
    percent = forms.CharField(error_messages={"required": "100% needed"})


FORM_DATA = [
    {},
    {"name": "toolong", "age": "x", "size": "m", "email": "nope", "price": "123.45", "percent": "x"},
    {"name": "ann", "age": "12", "size": "s", "email": "a@b.co", "price": "1.25", "percent": "x"},
]


class Member(models.Model):
    name = models.CharField(max_length=20, unique=True, error_messages={
        "unique": "Taken: %(field_label)s of %(model_name)s.", "blank": "No blank names."})
    nick = models.CharField(max_length=5, error_messages={"max_length": "Nick: %(limit_value)d at most."})

    class Meta:
        app_label = "members"


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "nick"]
        error_messages = {"nick": {"required": "Need a nick.", "max_length": "Form says: %(limit_value)d."}}


def clean(member):
    try:
        member.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


with connection.schema_editor() as editor:
    editor.create_model(Member)
forms_out = []
for data in FORM_DATA:
    form = Signup(data)
    form.is_valid()
    forms_out.append({"data": data, "errors": form.errors.get_json_data() and
                      {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}})
models_out = [{"name": "", "nick": "toolong", "errors": clean(Member(name="", nick="toolong"))}]
Member.objects.create(name="ann", nick="a")
models_out.append({"name": "ann", "nick": "b", "errors": clean(Member(name="ann", nick="b"))})
model_forms = []
for data in [{"name": "ann", "nick": ""}, {"name": "bob", "nick": "toolong"}]:
    form = MemberForm(data)
    form.is_valid()
    model_forms.append({"data": data, "errors": {k: [e["message"] for e in v]
                                                 for k, v in form.errors.get_json_data().items()}})
with open(os.path.join(HERE, "error_messages.json"), "w") as handle:
    json.dump({"forms": forms_out, "models": models_out, "model_forms": model_forms}, handle, indent=1,
              ensure_ascii=False, sort_keys=True)
    handle.write("\n")
