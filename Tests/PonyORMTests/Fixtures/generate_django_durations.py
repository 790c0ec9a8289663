"""Writes django_durations.json: how Django 5.2 writes a DurationField's value (a timedelta of
the given microseconds) in JSON (DjangoJSONEncoder, as serializers and JsonResponse do) and in
a template ({{ value }}), for DurationTextTests.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyORMTests/Fixtures/generate_django_durations.py
"""
import datetime
import json
import os

import django
from django.conf import settings

settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()

from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.template import Context, Template  # noqa: E402

DAY = 86_400_000_000
MICROSECONDS = [
    0, 1, 999_999, 1_000_000, 1_500_000, 59_999_999, 60_000_000, 3_599_999_999, 3_600_000_000,
    DAY - 1, DAY, DAY + 1, 2 * DAY, 2 * DAY + 3_723_000_004, 400 * DAY + 5_000_000,
    -1, -999_999, -1_000_000, -1_500_000, -DAY, -DAY - 1, -2 * DAY + 1, -(400 * DAY) - 5_000_000,
    100_000_000 * DAY + DAY - 1, -100_000_000 * DAY,  # near the Int64 microseconds a Duration column holds
]

template = Template("{{ value }}")
cases = []
for micros in MICROSECONDS:
    value = datetime.timedelta(microseconds=micros)
    cases.append({
        "microseconds": micros,
        "json": json.loads(json.dumps(value, cls=DjangoJSONEncoder)),
        "template": template.render(Context({"value": value})),
    })

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django_durations.json")
with open(path, "w") as file:
    json.dump({"django": django.get_version(), "cases": cases}, file, indent=1)
    file.write("\n")
