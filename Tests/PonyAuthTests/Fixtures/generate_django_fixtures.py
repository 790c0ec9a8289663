#!/usr/bin/env python3
"""Writes django_signing.json with Django 5.2's own signing, JSON and password hashing.

    pip install 'django==5.2.*' && python3 generate_django_fixtures.py

The Swift tests (Tests/PonyAuthTests) check that Pony makes the very same bytes from the same
inputs (so each side reads the other's), and reads every value Django made here.
"""
import json
import os
import sys
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="django-insecure-fixture-key",
    SECRET_KEY_FALLBACKS=["old-key-1"],
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.sessions", "django.contrib.auth", "django.contrib.contenttypes"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()

from django.contrib.auth.hashers import PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher, check_password
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing

NOW = 1764716400  # 2025-12-02T23:00:00Z

VALUES = [
    "hello",
    "",
    "unicode: café – 日本 – 🐴",
    "quotes \" and \\ and \n\t\r\b\f and \x01\x1f\x7f",
    0,
    -42,
    2**63 - 1,
    True,
    None,
    [1, 2, 3],
    list(range(1, 20)),
    {"b": 1, "a": [True, None, 2.5], "nested": {"z": "y"}},
    {"_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
     "_auth_user_hash": "f" * 64},
    ["x" * 200],
]
FLOATS = [0.0, -0.0, 1.0, 0.1, 2.5, 1e16, 1e15, 123456789012345678.0, 1234567890123456.7, 0.0001, 0.00001,
          1.5e-05, 1e-300, 5e-324, 1.7976931348623157e308, -3.14159, 100.0, 1e22, 12345.678, 0.30000000000000004]
PASSWORDS = ["s3cret", "", "pässwörd 🐴", "x" * 200, "with $ dollar"]


def main():
    out = {"django": django.get_version(), "now": NOW, "floats": [], "json": [], "signer": [], "timestamp": [],
           "dumps": [], "cookies": [], "sessions": [], "passwords": []}
    for value in FLOATS:
        out["floats"].append({"value": value, "repr": repr(value)})
    for value in VALUES:
        out["json"].append({"value": value, "text": json.dumps(value, separators=(",", ":"))})
    with mock.patch("django.core.signing.time.time", return_value=NOW + 0.75):
        for text in ["hello", "", "a:b:c", "café"]:
            for algorithm in ["sha256", "sha1", "sha512"]:
                for salt in [None, "my.salt"]:
                    signer = signing.Signer(key="key-one", salt=salt, algorithm=algorithm)
                    out["signer"].append({"value": text, "key": "key-one", "salt": signer.salt,
                                          "algorithm": algorithm, "signed": signer.sign(text)})
            ts = signing.TimestampSigner(key="key-one")
            out["timestamp"].append({"value": text, "key": "key-one", "salt": ts.salt, "signed": ts.sign(text)})
        for value in VALUES:
            for compress in [False, True]:
                out["dumps"].append({"value": value, "key": "key-one", "salt": "django.core.signing",
                                     "compress": compress,
                                     "signed": signing.dumps(value, key="key-one", compress=compress)})
        # HttpResponse.set_signed_cookie(name, value, salt=...)
        for name, value, salt in [("remember", "ann", ""), ("cart", "1,2,3", "shop")]:
            signer = signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, salt))
            out["cookies"].append({"name": name, "value": value, "salt": salt, "secret": settings.SECRET_KEY,
                                   "signed": signer.sign(value)})
        for value in VALUES[11:13]:
            store = SessionStore()
            out["sessions"].append({"value": value, "secret": settings.SECRET_KEY, "salt": store.key_salt,
                                    "data": store.encode(value)})
    # A session Django signed with the fallback key still loads.
    with mock.patch("django.core.signing.time.time", return_value=NOW):
        out["fallback"] = signing.dumps({"a": 1}, key="old-key-1")
    for password in PASSWORDS:
        for hasher, iterations in [(PBKDF2PasswordHasher(), None), (PBKDF2PasswordHasher(), 1000),
                                   (PBKDF2SHA1PasswordHasher(), 1000)]:
            if iterations is None and password not in ("s3cret", "pässwörd 🐴"):
                continue  # a million iterations take a while on each side; two are enough
            salt = "fixturesalt" + str(len(out["passwords"])).zfill(11)
            encoded = hasher.encode(password, salt, iterations) if iterations else hasher.encode(password, salt)
            assert check_password(password, encoded)
            out["passwords"].append({"password": password, "salt": salt, "algorithm": hasher.algorithm,
                                     "iterations": iterations or hasher.iterations, "encoded": encoded})
    # The messages cookie (CookieStorage), signed at NOW.
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage, MessagePartSerializer
    from django.http import HttpRequest
    from django.utils.safestring import mark_safe
    # As messages.success(request, …) makes them: extra_tags "" unless given.
    messages = [Message(25, "Saved.", extra_tags=""), Message(40, "Bad <b>input</b> – é", extra_tags="sticky"),
                Message(20, mark_safe("<b>safe</b>"), extra_tags="")]
    with mock.patch("django.core.signing.time.time", return_value=NOW + 0.75):
        storage = CookieStorage(HttpRequest())
        out["messages"] = {"secret": settings.SECRET_KEY,
                           "cookie": storage._encode_parts(MessagePartSerializer().dumps(messages))}
    # CSRF: masked tokens for fixed secrets and masks (django.middleware.csrf).
    from django.middleware import csrf
    out["csrf"] = []
    for secret, mask in [("a" * 32, "b" * 32), ("0123456789abcdefghijklmnopqrstuv", "ZYXWVUTSRQPONMLKJIHGFEDCBA987654"),
                         ("lcccccccX2kcccccccY2jcccccccssIC", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]:
        with mock.patch("django.middleware.csrf._get_new_csrf_string", return_value=mask):
            token = csrf._mask_cipher_secret(secret)
        assert csrf._unmask_cipher_token(token) == secret
        out["csrf"].append({"secret": secret, "mask": mask, "token": token})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django_signing.json")
    with open(path, "w") as file:
        json.dump(out, file, indent=1, ensure_ascii=False)
        file.write("\n")
    print(f"wrote {path} with Django {django.get_version()}", file=sys.stderr)


main()
