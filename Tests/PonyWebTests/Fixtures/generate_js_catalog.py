#!/usr/bin/env python3
"""Writes js_catalog.json (and js_locale/{de,pl}/LC_MESSAGES/djangojs.po) for
JavaScriptCatalogTests: what the functions of Django 5.2's JavaScriptCatalog script return
in English, German and Polish (run in node), for a harness of calls to gettext, ngettext,
pgettext, npgettext, interpolate, pluralidx and get_format.

    apt-get install gettext nodejs && pip install "django>=5.2,<5.3"
    python3 Tests/PonyWebTests/Fixtures/generate_js_catalog.py
"""
import json, os, subprocess, tempfile

import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGS = {
    "de": ("nplurals=2; plural=(n != 1);", [
        ("", "Hello", None, ["Hallo"]), ("", "%s apple", "%s apples", ["%s Apfel", "%s Äpfel"]),
        ("month", "May", None, ["Mai"]), ("ctx", "one item", "%s items", ["ein Ding", "%s Dinge"]),
        ("", "Welcome, %(name)s", None, ["Willkommen, %(name)s"]), ("", "</script>", None, ["<b>&"]),
    ]),
    "pl": ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", [
        ("", "Hello", None, ["Cześć"]), ("", "%s apple", "%s apples", ["%s jabłko", "%s jabłka", "%s jabłek"]),
    ]),
}
MO = tempfile.mkdtemp()


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


for language, (rule, entries) in CATALOGS.items():
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Plural-Forms: %s\\n"' % rule, ""]
    for context, msgid, plural, forms in entries:
        if context:
            lines.append("msgctxt " + quoted(context))
        lines.append("msgid " + quoted(msgid))
        if plural:
            lines.append("msgid_plural " + quoted(plural))
            lines += ["msgstr[%d] %s" % (i, quoted(f)) for i, f in enumerate(forms)]
        else:
            lines.append("msgstr " + quoted(forms[0]))
        lines.append("")
    for root in [os.path.join(HERE, "js_locale"), MO]:
        folder = os.path.join(root, language, "LC_MESSAGES")
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, "djangojs.po"), "w").write("\n".join(lines))
    subprocess.run(["msgfmt", "-o", os.path.join(MO, language, "LC_MESSAGES", "djangojs.mo"),
                    os.path.join(MO, language, "LC_MESSAGES", "djangojs.po")], check=True)

settings.configure(USE_I18N=True, LANGUAGE_CODE="en", LANGUAGES=[("en", "English"), ("de", "Deutsch"), ("pl", "Polski")],
                   LOCALE_PATHS=[MO], INSTALLED_APPS=[], ROOT_URLCONF=[], SECRET_KEY="x")
django.setup()
from django.test import RequestFactory  # noqa: E402
from django.utils import translation  # noqa: E402
from django.views.i18n import JavaScriptCatalog  # noqa: E402

HARNESS = """
const results = [typeof django, gettext("Hello"), gettext("Missing"), gettext("</script>")];
for (const n of [0, 1, 2, 3, 5, 12, 22, 25, 101, 102, 112]) results.push(ngettext("%s apple", "%s apples", n));
results.push(pgettext("month", "May"), pgettext("month", "June"), npgettext("ctx", "one item", "%s items", 3),
  npgettext("ctx", "one item", "%s items", 1), npgettext("none", "one", "many", 2), gettext_noop("Hello"));
results.push(interpolate(ngettext("%s apple", "%s apples", 2), [2]),
  interpolate(gettext("Welcome, %(name)s"), {name: "Ann"}, true), interpolate("%s of %s", [1, 2]));
for (const n of [0, 1, 2, 5, 22]) results.push(pluralidx(n));
for (const name of ["DATE_FORMAT", "DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR", "FIRST_DAY_OF_WEEK", "NUMBER_GROUPING",
  "SHORT_DATE_FORMAT", "UNKNOWN"]) results.push(get_format(name));
results.push(get_format("DATE_INPUT_FORMATS")[0]);
console.log(JSON.stringify(results));
"""
cases = []
factory = RequestFactory()
for language in ["en", "de", "pl"]:
    with translation.override(language):
        script = JavaScriptCatalog.as_view()(factory.get("/jsi18n/")).content.decode()
    output = subprocess.run(["node", "-e", script + HARNESS], check=True, capture_output=True, text=True).stdout
    cases.append({"language": language, "output": output.strip(), "results": json.loads(output)})
with open(os.path.join(HERE, "js_catalog.json"), "w") as out:
    json.dump({"django": django.__version__, "harness": HARNESS, "cases": cases}, out, ensure_ascii=False, indent=1)
print("wrote %d languages; Django %s" % (len(cases), django.__version__))
