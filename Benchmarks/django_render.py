#!/usr/bin/env python3
"""Renders the fortunes page with Django's template engine for SECONDS; prints renders/s.

Same template and context as Benchmarks/TemplateRender (Benchmarks/fortunes.json).
"""
import json, os, sys, time
import django
from django.conf import settings

settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
from django.template import Context, Engine

SOURCE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>"
    "{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)
with open(os.path.join(os.path.dirname(__file__), "fortunes.json")) as handle:
    fortunes = [{"id": i, "message": m} for i, m in json.load(handle)]
template = Engine().from_string(SOURCE)
duration = float(sys.argv[1]) if len(sys.argv) > 1 else 3
renders, start = 0, time.perf_counter()
while time.perf_counter() - start < duration:
    for _ in range(100):
        template.render(Context({"fortunes": fortunes}))
    renders += 100
print(f"{renders / (time.perf_counter() - start):.0f}")
