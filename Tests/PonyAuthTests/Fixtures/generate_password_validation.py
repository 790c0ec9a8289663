#!/usr/bin/env python3
"""Writes password_validation.json: what Django 5.2's password validators (those of
`startproject`, but for CommonPasswordValidator, plus MinimumLengthValidator(min_length=1))
say of each password for each user.

    pip install 'django==5.2.*' && python3 generate_password_validation.py

Tests/PonyAuthTests/PasswordValidationTests.swift checks that Pony's validators give the same
messages, in the same order.
"""
import json
import os

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="fixture",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
    validate_password,
)
from django.core.exceptions import ValidationError

USERS = [
    None,
    {"username": "ann", "first_name": "Ann", "last_name": "Smith", "email": "ann.smith@example.com"},
    {"username": "jean-luc_picard", "first_name": "Jean-Luc", "last_name": "Picard", "email": "jlp@enterprise.org"},
    {"username": "zoë", "first_name": "Zoë", "last_name": "Ünal", "email": ""},
]
PASSWORDS = [
    "", "a", "short", "12345678", "1234567", "١٢٣٤٥٦٧٨٩", "²³", "ann", "annsmith", "ann.smith", "Smith2024",
    "htimsnna", "example.com", "long enough passphrase", "jeanluc", "picard47", "Enterprise", "ZOË ünal!",
    "jlp", "correct horse battery staple", "x" * 300, "ann" * 20, "s", "tr0ub4dor&3",
]
VALIDATOR_SETS = {
    "django": [UserAttributeSimilarityValidator(), MinimumLengthValidator(), NumericPasswordValidator()],
    "lenient": [UserAttributeSimilarityValidator(max_similarity=0.9), MinimumLengthValidator(min_length=1)],
}

cases = []
for user_fields in USERS:
    user = User(**user_fields) if user_fields else None
    for password in PASSWORDS:
        for name, validators in VALIDATOR_SETS.items():
            try:
                validate_password(password, user, validators)
                messages = []
            except ValidationError as error:
                messages = error.messages
            cases.append({"user": user_fields, "password": password, "validators": name, "messages": messages})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "password_validation.json")
with open(path, "w") as out:
    json.dump({"django": django.get_version(), "cases": cases}, out, ensure_ascii=False, indent=1)
    out.write("\n")
print(f"wrote {len(cases)} cases to {path}")
