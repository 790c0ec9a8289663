"""Writes password_reset_tokens.json: Django 5.2's password reset tokens for fixed users and times.

    pip install "django==5.2.19" && python3 generate_password_reset_tokens.py

Each case gives a user's id, password hash, last login (UTC, or null), email, the secret key,
the timestamp (seconds since 2001-01-01 in TIME_ZONE) and Django's
`PasswordResetTokenGenerator()._make_token_with_timestamp(user, timestamp, secret)`; `seconds`
cases give Django's `_num_seconds(datetime.now())` for a fixed UTC instant in a time zone.
"""
import datetime
import json
import os
import time
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="django-insecure-fixture-key", USE_TZ=True, TIME_ZONE="UTC",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.auth.tokens import PasswordResetTokenGenerator  # noqa: E402
from django.utils.http import int_to_base36, urlsafe_base64_encode  # noqa: E402

UTC = datetime.timezone.utc
USERS = [
    dict(id=1, password="pbkdf2_sha256$1000000$salt$hash=", last_login=None, email="ann@example.com"),
    dict(id=42, password="!unusable", last_login="2026-12-06T10:15:00.123456+00:00", email=""),
    dict(id=2147483647, password="argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA", email="Zoë@bücher.example",
         last_login="1999-01-02T03:04:05+00:00"),
]
SECRETS = ["django-insecure-fixture-key", "another secret ✓"]
TIMESTAMPS = [0, 1, 35, 36, 817_560_900, 2_000_000_000, 36 ** 6]

tokens = []
for fields in USERS:
    user = User(id=fields["id"], password=fields["password"], email=fields["email"], username="u%d" % fields["id"])
    if fields["last_login"]:
        user.last_login = datetime.datetime.fromisoformat(fields["last_login"])
    for secret in SECRETS:
        generator = PasswordResetTokenGenerator()
        for timestamp in TIMESTAMPS:
            tokens.append(dict(fields, secret=secret, timestamp=timestamp,
                               token=generator._make_token_with_timestamp(user, timestamp, secret)))

seconds = []
for zone in ["UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata"]:
    os.environ["TZ"] = zone
    time.tzset()
    for instant in ["2026-12-06T10:15:00+00:00", "2026-07-01T23:59:59+00:00", "2001-01-01T00:00:00+00:00"]:
        now = datetime.datetime.fromisoformat(instant)
        with mock.patch.object(PasswordResetTokenGenerator, "_now", lambda self, now=now: now.astimezone().replace(tzinfo=None)):
            generator = PasswordResetTokenGenerator()
            seconds.append(dict(zone=zone, instant=instant, seconds=generator._num_seconds(generator._now())))

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "password_reset_tokens.json")
with open(path, "w") as f:
    json.dump({"django": django.get_version(), "tokens": tokens, "seconds": seconds,
               "uidb64": {str(u["id"]): urlsafe_base64_encode(str(u["id"]).encode()) for u in USERS},
               "base36": {str(n): int_to_base36(n) for n in TIMESTAMPS}}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote %d tokens and %d times to %s" % (len(tokens), len(seconds), path))
