"""Writes django_paginator.json: what Django 5.2's Paginator answers for page numbers given
as integers and as query text (hostile ones included), for PaginatorTests.

For each paginator (a list of `count` items, `per_page`, `orphans`, `allow_empty_first_page`)
it records `num_pages` and `page_range`; each page (its items, indices, neighbours, and a
template that shows it as a list view's template does); for each input, the page number
`validate_number`, `page` and `get_page` answer, or the error's class and message; and for
each page, `get_elided_page_range` with three settings. The 4,301-digit input is written as
{"repeat": "9", "count": 4301}.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyORMTests/Fixtures/generate_django_paginator.py
"""
import json
import os

import django
from django.conf import settings

settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()

from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger, Paginator  # noqa: E402
from django.template import Context, Template  # noqa: E402

PAGINATORS = [
    (0, 10, 0, True), (0, 10, 0, False), (1, 10, 0, True), (10, 10, 0, True), (11, 10, 0, True),
    (11, 10, 1, True), (12, 10, 2, True), (23, 10, 3, True), (23, 10, 2, False), (5, 1, 0, True),
    (9, 2, 5, True), (100, 7, 0, True), (250, 10, 0, True), (3, 10, 20, True), (3, 10, 20, False),
]
INPUTS = [
    1, 2, 3, 0, -1, 5, 11, 25, 2**62, -(2**62),
    "1", "2", "3", " 2 ", "+2", "-0", "0", "-1", "", " ", "abc", "2.0", "2.5", "1e1", "0x2", "1_0",
    "1__0", "_1", "1_", "\u0663", "\uff12", "\u00a02\u2003", "2\n", "99999999999999999999",
    "-99999999999999999999", "LONG", "last", None,
]
LONG = "9" * 4301  # past Python's 4,300 digits for int() of text: not an integer
ELIDED = [(3, 2), (1, 1), (0, 0)]
TEMPLATE = (
    "{{ page_obj }}|{% for x in page_obj %}{{ x }},{% endfor %}|{{ page_obj.number }}"
    "|{{ page_obj.has_next }}|{{ page_obj.has_previous }}|{{ page_obj.has_other_pages }}"
    "|{% if page_obj.has_next %}{{ page_obj.next_page_number }}{% endif %}"
    "|{% if page_obj.has_previous %}{{ page_obj.previous_page_number }}{% endif %}"
    "|{{ page_obj.start_index }}-{{ page_obj.end_index }}|{{ page_obj|length }}"
    "|{{ page_obj.object_list|join:' ' }}|{{ page_obj.paginator.count }}"
    "|{{ page_obj.paginator.num_pages }}|{{ page_obj.paginator.per_page }}"
    "|{% for n in page_obj.paginator.page_range %}{{ n }} {% endfor %}"
    "|{% if page_obj %}true{% endif %}|{{ page_obj.paginator.ELLIPSIS }}"
)


def error(exception):
    kind = {PageNotAnInteger: "notAnInteger", EmptyPage: "empty"}[type(exception)]
    return {"error": kind, "message": str(exception)}


def outcome(call):
    try:
        return call()
    except InvalidPage as exception:
        return error(exception)


def describe(page):
    return {
        "number": page.number,
        "items": list(page.object_list),
        "start_index": page.start_index(),
        "end_index": page.end_index(),
        "has_next": page.has_next(),
        "has_previous": page.has_previous(),
        "has_other_pages": page.has_other_pages(),
        "next_page_number": outcome(page.next_page_number),
        "previous_page_number": outcome(page.previous_page_number),
        "repr": repr(page),
        "template": Template(TEMPLATE).render(Context({"page_obj": page})),
    }


cases = []
for count, per_page, orphans, allow_empty in PAGINATORS:
    paginator = Paginator(list(range(count)), per_page, orphans, allow_empty)
    inputs = []
    for value in (LONG if value == "LONG" else value for value in INPUTS):
        inputs.append({
            "input": {"repeat": "9", "count": 4301} if value == LONG else value,
            "validate": outcome(lambda: paginator.validate_number(value)),
            "page": outcome(lambda: paginator.page(value).number),
            "get_page": outcome(lambda: paginator.get_page(value).number),
        })
    elided = []
    for number in paginator.page_range:
        for on_each_side, on_ends in ELIDED:
            elided.append({
                "number": number, "on_each_side": on_each_side, "on_ends": on_ends,
                "range": [str(n) for n in paginator.get_elided_page_range(
                    number, on_each_side=on_each_side, on_ends=on_ends)],
            })
    cases.append({
        "count": count, "per_page": per_page, "orphans": orphans, "allow_empty_first_page": allow_empty,
        "num_pages": paginator.num_pages, "page_range": list(paginator.page_range),
        "pages": [describe(page) for page in paginator],
        "inputs": inputs, "elided": elided,
    })

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "django_paginator.json")
with open(path, "w") as file:
    # NB: one line per page and per input, so that a change in Django reads as a diff.
    file.write(json.dumps({"django": django.get_version(), "template": TEMPLATE, "cases": cases},
                          ensure_ascii=False).replace(', {"', ',\n{"') + "\n")
