"""Django 5.2's messages for failed test assertions: writes django_assertions.json.

Each case runs one of Django's SimpleTestCase/TestCase assertions against a tiny site
(the same templates and views as PonyTestingTests' app) so that it fails, and keeps the
message Django gives. unittest puts its own comparison first ("404 != 200 : ", "False is
not true : "); Django's part follows it, and only that part is kept. Run:

    python3 generate_django_assertions.py > django_assertions.json
"""

import json
import re
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="generate-django-assertions",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["django.contrib.messages"],
    MIDDLEWARE=["django.contrib.messages.middleware.MessageMiddleware"],
    MESSAGE_STORAGE="django.contrib.messages.storage.cookie.CookieStorage",
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "base.html": "<main>{% block content %}{% endblock %}</main>\n",
                            "page.html": '{% extends "base.html" %}{% block content %}'
                            "{% for row in rows %}{% include \"row.html\" %}{% endfor %}"
                            "{% endblock %}",
                            "row.html": "<p>{{ row }}</p>",
                        },
                    )
                ]
            },
        }
    ],
)
django.setup()

from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.contrib.messages import Message  # noqa: E402
from django.contrib.messages.test import MessagesTestMixin  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect, HttpResponsePermanentRedirect  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import SimpleTestCase, TestCase  # noqa: E402
from django.test.html import parse_html  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

CAFE = "<p>Caf\u00e9 \u2014 it's \"here\"</p>\n<p>Caf\u00e9</p>\n"


class ContactForm(forms.Form):
    subject = forms.CharField(max_length=100)
    sender = forms.EmailField()

    def clean(self):
        if "spam" in self.cleaned_data.get("subject", ""):
            raise forms.ValidationError("No spam, please.")
        return self.cleaned_data


def saved(request):
    messages.success(request, "Saved.")
    messages.info(request, "Check it", extra_tags="sticky")
    return HttpResponseRedirect("/plain/")


class Unordered(list):
    """A query without an ordering, as assertQuerySetEqual sees one."""

    ordered = False


urlpatterns = [
    path("saved/", saved),
    path("cafe/", lambda r: HttpResponse(CAFE)),
    path("missing/", lambda r: HttpResponse("Gone", status=404)),
    path("page/", lambda r: render(r, "page.html", {"rows": ["a", "b"]})),
    path("plain/", lambda r: HttpResponse("plain")),
    path("to-page/", lambda r: HttpResponseRedirect("/page/?b=2&a=1")),
    path("to-missing/", lambda r: HttpResponseRedirect("/missing/")),
    path("moved/", lambda r: HttpResponsePermanentRedirect("/page/")),
    path("to-relative/", lambda r: HttpResponseRedirect("page/")),
]


def message(error):
    text = str(error)
    if text.startswith("<") and ("\n- " in text or "\n+ " in text):
        # assertHTMLEqual: Django's message, then difflib's ndiff of the two documents, which
        # Pony writes more simply; keep the message.
        return text.split("\n- ")[0].split("\n+ ")[0].split("\n  ")[0]
    if text.startswith("Lists differ: "):
        # assertEqual of two lists: unittest's summary, then difflib's ndiff, left out.
        return re.split(r"\n\n(?=[-+? ] )", text)[0]
    if text.startswith("Counter("):
        # assertDictEqual of two Counters: the two, then difflib's ndiff, left out.
        return text.split("\n- ")[0]
    match = re.match(r"^(False is not true|True is not false|\d+ != \d+) : ", text)
    if match:
        return text[match.end():]
    if re.match(r"^'.*' != '.*'\n", text):
        # assertEqual of two strings: its diff, then Django's message.
        return text.rsplit(" : ", 1)[1]
    return text


class Cases(MessagesTestMixin, TestCase):
    def runTest(self):
        pass


def main():
    setup_test_environment()
    case = Cases()
    case._pre_setup() if hasattr(case, "_pre_setup") else None
    from django.test import Client

    client = Client()
    cafe = client.get("/cafe/")
    page = client.get("/page/")
    plain = client.get("/plain/")
    bound = ContactForm(data={"subject": "spam", "sender": "not-an-email"})
    bound.is_valid()
    unbound = ContactForm()
    ContactFormFormSet = forms.formset_factory(ContactForm, extra=1, max_num=2, validate_max=True)
    formset = ContactFormFormSet({
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
        "form-0-subject": "Hi", "form-0-sender": "nope", "form-1-subject": "spam", "form-1-sender": "a@b.co",
    })
    formset.is_valid()
    too_many = ContactFormFormSet({"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"})
    too_many.is_valid()
    unbound_formset = ContactFormFormSet()
    saved_page = client.get("/saved/")
    success, info = Message(messages.SUCCESS, "Saved."), Message(messages.INFO, "Check it", extra_tags="sticky")
    cases = {
        "messages_order": lambda: case.assertMessages(saved_page, [info, success]),
        "messages_fewer": lambda: case.assertMessages(saved_page, [success]),
        "messages_more": lambda: case.assertMessages(saved_page, [success, info, Message(messages.ERROR, "No")]),
        "messages_unordered": lambda: case.assertMessages(
            saved_page, [Message(messages.WARNING, "Careful"), success], ordered=False
        ),
        "queryset_order": lambda: case.assertQuerySetEqual(["a", "b", "c"], ["a", "c", "b"]),
        "queryset_fewer": lambda: case.assertQuerySetEqual(["a", "b"], ["a"]),
        "queryset_more": lambda: case.assertQuerySetEqual(["a"], ["a", "b"]),
        "queryset_transform": lambda: case.assertQuerySetEqual(["ann", "bob"], ["ANN", "BOO"], transform=str.upper),
        "queryset_unordered": lambda: case.assertQuerySetEqual(
            ["a", "b", "b", "c"], ["b", "a", "d", "a"], ordered=False
        ),
        "contains_missing": lambda: case.assertContains(cafe, "Tea"),
        "contains_count": lambda: case.assertContains(cafe, "Caf\u00e9", count=3),
        "contains_status": lambda: case.assertContains(client.get("/missing/"), "Gone"),
        "not_contains": lambda: case.assertNotContains(cafe, "it's"),
        "redirect_not_redirected": lambda: case.assertRedirects(plain, "/page/"),
        "redirect_elsewhere": lambda: case.assertRedirects(client.get("/to-page/"), "/plain/"),
        "redirect_target_status": lambda: case.assertRedirects(client.get("/to-missing/"), "/missing/"),
        "redirect_follow_initial": lambda: case.assertRedirects(client.get("/moved/", follow=True), "/page/"),
        "redirect_follow_final": lambda: case.assertRedirects(
            client.get("/to-missing/", follow=True), "/missing/"
        ),
        "redirect_relative": lambda: case.assertRedirects(client.get("/to-relative/"), "/plain/"),
        "template_none": lambda: case.assertTemplateUsed(plain, "page.html"),
        "template_not_used": lambda: case.assertTemplateUsed(page, "list.html"),
        "template_count": lambda: case.assertTemplateUsed(page, "row.html", count=3),
        "template_used": lambda: case.assertTemplateNotUsed(page, "base.html"),
        "form_field": lambda: case.assertFormError(bound, "sender", ["Enter a valid email."]),
        "form_non_field": lambda: case.assertFormError(bound, None, []),
        "form_unbound": lambda: case.assertFormError(unbound, "subject", []),
        "form_no_field": lambda: case.assertFormError(bound, "body", []),
        "num_queries": lambda: run_queries(case),
        "formset_field": lambda: case.assertFormSetError(formset, 0, "sender", ["Enter a valid email."]),
        "formset_form_non_field": lambda: case.assertFormSetError(formset, 1, None, []),
        "formset_index": lambda: case.assertFormSetError(formset, 2, "sender", []),
        "formset_non_form": lambda: case.assertFormSetError(too_many, None, None, []),
        "formset_unbound": lambda: case.assertFormSetError(unbound_formset, 0, "sender", []),
        "html_equal": lambda: case.assertHTMLEqual(
            "<p class='a b'>Hello   <b>world</b></p>", "<p class='b a'>Hello <b>World</b></p>"
        ),
        "html_equal_long": lambda: case.assertHTMLEqual(
            "<ul>" + "<li>item</li>" * 8 + "</ul>", "<ul>" + "<li>item</li>" * 7 + "</ul>"
        ),
        "html_not_equal": lambda: case.assertHTMLNotEqual(
            '<input type="checkbox" checked name="x">', '<input name="x" type="checkbox" checked="checked">'
        ),
        "html_invalid_first": lambda: case.assertHTMLEqual("<div>\n  <p>x</span></div>", "<div></div>"),
        "html_invalid_second": lambda: case.assertInHTML("<p>x</p>", "</p>"),
        "in_html_missing": lambda: case.assertInHTML("<b>x</b>", "<p><b>y</b></p>"),
        "in_html_count": lambda: case.assertInHTML("<li>a</li>", "<ul><li>a</li><li>a</li></ul>", count=3),
        "not_in_html": lambda: case.assertNotInHTML("<li class='x y'>a</li>", "<ul><li class='y  x'>a</li></ul>"),
        "contains_html": lambda: case.assertContains(page, "<p>c</p>", html=True),
        "contains_html_invalid": lambda: case.assertContains(cafe, "</div>", html=True),
    }
    passing = {
        "messages": lambda: case.assertMessages(saved_page, [success, Message(messages.INFO, "Check it")]),
        "messages_unordered": lambda: case.assertMessages(saved_page, [info, success], ordered=False),
        "queryset": lambda: case.assertQuerySetEqual(["a", "b"], ["a", "b"]),
        "queryset_unordered": lambda: case.assertQuerySetEqual(["b", "a", "b"], ["b", "b", "a"], ordered=False),
        "queryset_unordered_one": lambda: case.assertQuerySetEqual(Unordered(["a"]), ["a"]),
        "contains": lambda: case.assertContains(cafe, "Caf\u00e9", count=2),
        "redirect_query_order": lambda: case.assertRedirects(client.get("/to-page/"), "/page/?a=1&b=2"),
        "redirect_relative_resolved": lambda: case.assertRedirects(client.get("/to-relative/"), "/to-relative/page/",
                                                                   target_status_code=404),
        "template_count": lambda: case.assertTemplateUsed(page, "row.html", count=2),
        "form_field": lambda: case.assertFormError(bound, "sender", ["Enter a valid email address."]),
        "form_non_field": lambda: case.assertFormError(bound, None, ["No spam, please."]),
        "html_equal": lambda: case.assertHTMLEqual(
            '<input type="checkbox" checked name="x">', '<input name="x" type="checkbox" checked="checked">'
        ),
        "formset_field": lambda: case.assertFormSetError(formset, 0, "sender", ["Enter a valid email address."]),
        "formset_form_non_field": lambda: case.assertFormSetError(formset, 1, None, ["No spam, please."]),
        "formset_non_form": lambda: case.assertFormSetError(too_many, None, None, ["Please submit at most 2 forms."]),
        "in_html_nested": lambda: case.assertInHTML("<b>y</b>", "<div><p><b>y</b></p></div>"),
        "in_html_siblings": lambda: case.assertInHTML("<b>y</b><i>z</i>", "<p><b>y</b><i>z</i><u>w</u></p>", count=1),
        "contains_html": lambda: case.assertContains(page, "<p>a</p><p>b</p>", html=True, count=1),
    }
    out = {"django": django.get_version(), "failures": {}, "passes": []}
    for name, run in cases.items():
        try:
            run()
        except AssertionError as error:
            out["failures"][name] = message(error)
        else:
            sys.exit(f"{name} did not fail")
    try:
        case.assertFormSetError(formset, None, "sender", [])
    except ValueError as error:  # Django raises this one; Pony records it as a failure.
        out["failures"]["formset_field_without_form"] = str(error)
    try:
        case.assertQuerySetEqual(Unordered(["a", "b"]), ["a", "b"])
    except ValueError as error:  # Django raises this one; Pony records it as a failure.
        out["failures"]["queryset_not_ordered"] = str(error)
    for name, run in passing.items():
        run()
        out["passes"].append(name)
    out["templates"] = [t.name for t in page.templates]
    # ContextList looks a name up in each template's context in turn: the first row's
    # include saw the loop variable.
    out["context"] = {"rows": page.context["rows"], "row": page.context["row"]}
    out["parsed"] = {html: str(parse_html(html)) for html in PARSED}
    out["counts"] = [[needle, haystack, parse_html(haystack).count(parse_html(needle))] for needle, haystack in COUNTS]
    print(json.dumps(out, indent=2, ensure_ascii=False))


# Documents whose parsed form (str(parse_html(html))) Pony must give too.
PARSED = [
    "<p>Hello   <b>world</b>  </p>",
    "<p class='  b   a '>x</p>",
    '<input type="checkbox" checked="checked" name="x">',
    "<input disabled=''><input defer><option selected='selected'>A</option>",
    "<INPUT TYPE=Text Value=&quot;q&quot;>",
    "<a href='/?a=1&amp;b=2' title=\"it's\">Tom &amp; Jerry &lt;3 &copy; &#x41;&#66;</a>",
    "<div/><br/><span>after</span>",
    "<p>a<br>b</p>",
    "<p>\n  <span>a</span>\n  <span>b</span>\n</p>",
    "<ul>\n<li>one</li>\n<li>two <em>2</em></li>\n</ul>",
    "<script>if (a < b && c) { x = '</p>'; }</script><p>x</p>",
    "<!DOCTYPE html><!-- note --><p>x</p>",
    "just text, with   spaces  ",
    "<p>one</p><p>two</p>",
    "text <b>bold</b> tail",
    "<div><p>unclosed",
    "<p>caf\u00e9 \u2014 na\u00efve</p>",
    "<input value=\"a\nb\" name=q>",
    "<td>1</td>\n<td>2</td>",
    "<p> </p>",
    "<select name=\"s\"><option value=\"1\">One</option><option value=\"2\" selected>Two</option></select>",
]

# (needle, haystack) pairs whose count Pony must give too.
COUNTS = [
    ("<b>y</b>", "<div><p><b>y</b></p><b>y</b></div>"),
    ("<b>y</b><i>z</i>", "<p><b>y</b><i>z</i><b>y</b><i>z</i></p>"),
    ("<li>a</li>", "<ul><li>a</li><li> a </li><li>b</li></ul>"),
    ("<p>x</p>", "<p>x</p>"),
    ("text", "<p>text</p>"),
    ("<input checked name='a'>", "<form><input name=a checked=checked><input name=a></form>"),
    ("<p class='b a'>x</p>", "<div><p class='a b'>x</p></div>"),
    ("<b>y</b>", "<p>nothing</p>"),
]


def run_queries(case):
    with case.assertNumQueries(1):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")


if __name__ == "__main__":
    main()
