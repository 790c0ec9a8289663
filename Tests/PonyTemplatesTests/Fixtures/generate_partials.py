#!/usr/bin/env python3
"""Writes partials.json for PartialTests: what Django 6.0 renders with template partials
(`{% partialdef %}`, `{% partial %}`, and a template named `page.html#name`).

    pip download "django==6.0" --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/dj6
    unzip -q /tmp/dj6/django-6.0-py3-none-any.whl -d /tmp/dj6/src
    DJANGO6=/tmp/dj6/src python3 Tests/PonyTemplatesTests/Fixtures/generate_partials.py

Django 6.0 declares Python 3.12; its template engine runs on this machine's 3.11. (The
django-template-partials package, which 6.0 took in, renders the same but words its errors
differently.) Each render names a template (maybe with `#partial`) and a context of strings
and lists; each error is a template source and Django's message, or a missing name.
"""
import json, os, sys

sys.path.insert(0, os.environ["DJANGO6"])
import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(INSTALLED_APPS=[])
django.setup()
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = {
    "page.html": (
        "<h1>{{ title }}</h1>\n"
        "{% partialdef row %}<li>{{ item }}</li>{% endpartialdef %}\n"
        "<ul>{% for item in items %}{% partial row %}{% endfor %}</ul>\n"
        "{% partialdef card inline %}<div class=\"card\">{{ title|upper }}</div>{% endpartialdef card %}\n"
        "{% partial late %}\n"
        "{% partialdef late %}[late {{ title }}]{% endpartialdef %}\n"
    ),
    "base.html": "<main>{% block content %}base{% endblock %}</main>{% partialdef footer %}<footer>{{ title }}</footer>{% endpartialdef %}",
    "child.html": (
        "{% extends \"base.html\" %}"
        "{% block content %}{% partialdef hello inline %}Hello {{ name|default:\"you\" }}{% endpartialdef %}"
        " and {% partial hello %}{% endblock %}"
    ),
    "uses.html": "{% include \"page.html#row\" %}|{% include \"child.html#hello\" with name=\"Bea\" %}|{% include \"page.html#card\" %}",
    "nested.html": (
        "{% partialdef outer %}<o>{% partialdef inner inline %}<i>{{ x }}</i>{% endpartialdef %}</o>{% endpartialdef %}"
        "{% partial outer %}{% partial inner %}"
    ),
    "escaped.html": "{% partialdef bit %}{{ html }}{% endpartialdef %}{% autoescape off %}{% partial bit %}{% endautoescape %}{% partial bit %}",
}
CONTEXT = {"title": "Fruit <&>", "items": ["apple", "<pear>"], "item": "outside", "name": "Ann", "x": "X",
           "html": "<b>"}
RENDERS = ["page.html", "page.html#row", "page.html#card", "page.html#late", "child.html", "child.html#hello",
           "base.html#footer", "uses.html", "nested.html", "nested.html#inner", "nested.html#outer", "escaped.html"]
ERRORS = {
    "no_name": "{% partialdef %}x{% endpartialdef %}",
    "too_many": "{% partialdef a inline b %}x{% endpartialdef %}",
    "not_inline": "{% partialdef a later %}x{% endpartialdef %}",
    "wrong_end": "{% partialdef a %}x{% endpartialdef b %}",
    "unclosed": "{% partialdef a %}x",
    "partial_no_name": "{% partialdef a %}x{% endpartialdef %}{% partial %}",
    "partial_two_names": "{% partialdef a %}x{% endpartialdef %}{% partial a b %}",
}
RENDER_ERRORS = {
    "undefined": "{% partialdef a %}x{% endpartialdef %}{% partial b %}",
    "none_defined": "{% partial b %}",
}
# A name defined twice is refused with the template's name.
TEMPLATES["twice.html"] = "{% partialdef a %}x{% endpartialdef %}{% partialdef a %}y{% endpartialdef %}"
MISSING = ["page.html#nothing", "nothing.html#row", "base.html#content"]

engine = Engine(loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)])
renders = [{"name": name, "output": engine.get_template(name).render(Context(CONTEXT))} for name in RENDERS]
errors = []
for key, source in ERRORS.items():
    try:
        engine.from_string(source)
        errors.append({"case": key, "source": source, "message": None})
    except TemplateSyntaxError as error:
        errors.append({"case": key, "source": source, "message": str(error)})
for key, source in RENDER_ERRORS.items():
    try:
        engine.from_string(source).render(Context({}))
        errors.append({"case": key, "source": source, "message": None, "when": "render"})
    except TemplateSyntaxError as error:
        errors.append({"case": key, "source": source, "message": str(error), "when": "render"})
try:
    engine.get_template("twice.html")
except TemplateSyntaxError as error:
    errors.append({"case": "twice", "source": TEMPLATES["twice.html"], "message": str(error), "name": "twice.html"})
missing = []
for name in MISSING:
    try:
        engine.get_template(name)
        missing.append({"name": name, "missing": False})
    except TemplateDoesNotExist:
        missing.append({"name": name, "missing": True})
with open(os.path.join(HERE, "partials.json"), "w") as handle:
    json.dump({"version": ".".join(map(str, django.VERSION[:3])), "templates": TEMPLATES, "context": CONTEXT, "renders": renders, "errors": errors, "missing": missing},
              handle, indent=1, ensure_ascii=False, sort_keys=True)
    handle.write("\n")
