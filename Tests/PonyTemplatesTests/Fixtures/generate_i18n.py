#!/usr/bin/env python3
"""Writes i18n.json for I18nTests: what Django 5.2 renders for the i18n tags with the catalogs
in locale/ (compiled with GNU msgfmt, as Django's compilemessages does), and which language
it picks for a request's cookie and Accept-Language header.

    apt-get install gettext && pip install "django>=5.2,<5.3" polib
    python3 Tests/PonyTemplatesTests/Fixtures/generate_i18n.py

Pony reads the same .po files as they are.
"""
import json, os, shutil, subprocess, tempfile
import django
from django.conf import settings

HERE = os.path.dirname(os.path.abspath(__file__))
LOCALE = tempfile.mkdtemp()
for language in sorted(os.listdir(os.path.join(HERE, "locale"))):
    folder = os.path.join(LOCALE, language, "LC_MESSAGES")
    os.makedirs(folder)
    source = os.path.join(HERE, "locale", language, "LC_MESSAGES", "django.po")
    subprocess.run(["msgfmt", "-o", os.path.join(folder, "django.mo"), source], check=True)

LANGUAGES = [("en", "English (en)"), ("de", "Deutsch"), ("pl", "Polski"), ("pt-br", "Português"),
             ("fr-ca", "Français"), ("zh-hans", "简体中文"), ("he", "עברית")]
settings.configure(
    LANGUAGE_CODE="en-us", LANGUAGES=LANGUAGES, LOCALE_PATHS=[LOCALE], USE_I18N=True,
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()
from django.template import Context, Engine
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import trans_real

engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
TEMPLATES = [
    '{% translate "Welcome to the shelf" %}',
    '{% trans "Shelf hello" context "greeting" %}|{% translate "Shelf hello" %}',
    '{% translate "100% sure" %}',
    '{% translate "<b>bold shelf</b>" %}',
    '{% translate word %}',
    '{% translate "Welcome to the shelf" noop %}',
    '{% translate "Welcome to the shelf" as w %}[{{ w }}] {{ w|upper }}',
    '{% translate word as w %}[{{ w }}]',
    '{% translate "welcome to the shelf"|capfirst %}',
    '{{ _("Welcome to the shelf") }}|{{ _("100% sure") }}|{{ _("Welcome to the shelf")|lower }}',
    '{% firstof missing _("Welcome to the shelf") %}',
    '{% blocktranslate with name=user total=3 %}Hello {{ name }}, you have {{ total }} shelves.{% endblocktranslate %}',
    '{% blocktrans with user as name and 3 as total %}Hello {{ name }}, you have {{ total }} shelves.{% endblocktrans %}',
    '{% for n in counts %}{% blocktranslate count counter=n %}There is {{ counter }} book on the shelf.'
    '{% plural %}There are {{ counter }} books on the shelf.{% endblocktranslate %}\n{% endfor %}',
    '{% blocktranslate count counter=books|length %}There is {{ counter }} book on the shelf.{% plural %}'
    'There are {{ counter }} books on the shelf.{% endblocktranslate %}',
    '{% blocktranslate trimmed with name=user %}\n  Trimmed shelf text\n  with {{ name }}   in it.\n'
    '{% endblocktranslate %}',
    '{% blocktranslate asvar message %}Welcome to the shelf{% endblocktranslate %}<{{ message }}>',
    '{% blocktranslate with name=user %}Broken shelf {{ name }}{% endblocktranslate %}',
    '{% translate "Fuzzy shelf" %}|{% translate "Untranslated shelf" %}|{% translate "Only German shelf" %}',
    "{% translate 'Escaped \"quote\" shelf' %}",
    '{% blocktranslate with n=3 %}50% of {{ n }} shelves{% endblocktranslate %}',
    '{% blocktranslate context "greeting" %}Shelf hello{% endblocktranslate %}',
    '{% blocktranslate %}Shelf hello for {{ user }} and {{ missing }}{% endblocktranslate %}',
    '{% get_current_language as L %}{{ L }} {% get_current_language_bidi as B %}{{ B }}',
    '{% get_available_languages as LS %}{% for code, name in LS %}{{ code }}={{ name }};{% endfor %}',
    '{% language "pl" %}{% translate "Welcome to the shelf" %}{% get_current_language as L %} {{ L }}'
    '{% endlanguage %}|{% translate "Welcome to the shelf" %}',
    '{% get_language_info for "de" as l %}{{ l.code }} {{ l.name }} {{ l.name_local }} {{ l.bidi }}|'
    '{% get_language_info for "zh-cn" as z %}{{ z.code }} {{ z.name_local }}|{% get_language_info for "de-at" as a %}'
    '{{ a.code }}|{% get_language_info for word2 as w %}{{ w.name }}',
    '{% get_language_info_list for langs as ls %}{% for l in ls %}{{ l.code }}:{{ l.name_local }}:{{ l.bidi }};'
    '{% endfor %}',
    '{{ "pl"|language_name }}|{{ "pl"|language_name_local }}|{{ "he"|language_bidi }}|{{ "fr-ca"|language_name }}|'
    '{{ "zh-hk"|language_name_local }}',
    '{% autoescape off %}{% translate word %}|{% blocktranslate with name=user %}Hello {{ name }}, you have '
    '{{ name }} shelves.{% endblocktranslate %}{% endautoescape %}',
]
CONTEXT = {"word": "<b>bold shelf</b>", "word2": "sr-latn", "langs": [["de", "x"], "he", ["pt-br", "y"], "ar-dz"],
           "user": "<Ann>", "books": [1, 2, 3],
           "counts": [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 102, 104, 112, 122, -1, -2, -22]}


def rendered(language_code):
    trans_real._translations = {}
    trans_real._default = None
    results = []
    with translation.override(language_code):
        for source in TEMPLATES:
            # NB: a copy: Context keeps the dictionary it is given, and tags assign into it.
            results.append(engine.from_string("{% load i18n %}" + source).render(Context(dict(CONTEXT))))
    return results


renders = {"en-us": {}, "de": {}}
for language_code in ["de", "pl", "en", "fr-ca", "de-at"]:
    renders["en-us"][language_code] = rendered(language_code)
# With LANGUAGE_CODE "de", a message another language lacks comes from the German catalog.
settings.LANGUAGE_CODE = "de"
for language_code in ["pl", "fr-ca", "en"]:
    renders["de"][language_code] = rendered(language_code)
settings.LANGUAGE_CODE = "en-us"
trans_real._translations = {}
trans_real._default = None

HEADERS = ["", "de", "de-at", "DE-AT", "pl;q=0.5, de;q=0.8", "fr-fr", "fr", "zh-tw", "zh-cn", "zh-hant", "pt",
           "pt-pt", "*", "*, de", "xx, de", "es-419, de;q=0.1", "de;q=0", "en-gb,en;q=0.9,de;q=0.8", "de,",
           "de;q=1.5", "de;q=0.5555", "abcdefghi, de", "x" * 600, ("pl, " * 200) + "de", " de",
           "de ;q=0.5 , pl", "pl;q=0.5,de;q=0.5", "he", "iw", "de-ch-1996", "sr-latn", "de;q=1.000, pl;q=0.",
           "*;q=0.5, pl"]
factory = RequestFactory()
choices = []
for header in HEADERS:
    request = factory.get("/", HTTP_ACCEPT_LANGUAGE=header)
    choices.append({"cookie": None, "header": header,
                    "language": translation.get_language_from_request(request),
                    "parsed": [list(pair) for pair in trans_real.parse_accept_lang_header(header)]})
for cookie in ["de", "pl", "xx", "de-at", "PL", "zh-tw", "", "fr", "fr-ca", "pt-BR", "<script>"]:
    request = factory.get("/", HTTP_ACCEPT_LANGUAGE="pl")
    request.COOKIES["django_language"] = cookie
    choices.append({"cookie": cookie, "header": "pl", "language": translation.get_language_from_request(request)})

# Plural rules of real catalogs (GNU gettext's and Django's), run as Django runs them: Python's
# gettext turns the C expression into Python, where / and % round down.
import gettext
RULES = ["(n != 1)", "(n > 1)", "0", "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
         "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
         "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5",
         "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2", "(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3)",
         "(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2)", "n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 :(n>6 && n<11) ? 3 : 4",
         "n/3", "(n/2)%3", "!n", "n-5 < 0 ? 0 : 1", "1+2*3-n%4"]
NUMBERS = list(range(-25, 130)) + [1000, 1001, 1002, 1011, 1021, 99999, -1000, -1001, 2**31, 2**40 + 2]
plurals = [{"rule": rule, "forms": [gettext.c2py(rule)(n) for n in NUMBERS]} for rule in RULES]

# makemessages on the same templates (as files of a project), through GNU xgettext: the
# messages it extracts, as [context, id, plural].
import polib
from django.core.management import call_command
PROJECT = tempfile.mkdtemp()
os.makedirs(os.path.join(PROJECT, "templates"))
os.makedirs(os.path.join(PROJECT, "locale"))
for number, source in enumerate(TEMPLATES):
    with open(os.path.join(PROJECT, "templates", "t%02d.html" % number), "w") as template:
        template.write("{% load i18n %}" + source + "\n")
here = os.getcwd()
os.chdir(PROJECT)
settings.LOCALE_PATHS = [os.path.join(PROJECT, "locale")]
call_command("makemessages", locale=["de"], verbosity=0)
os.chdir(here)
extracted = sorted([entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""]
                   for entry in polib.pofile(os.path.join(PROJECT, "locale", "de", "LC_MESSAGES", "django.po")))
shutil.rmtree(PROJECT)

with open(os.path.join(HERE, "i18n.json"), "w") as out:
    json.dump({"django": django.__version__, "languages": LANGUAGES, "templates": TEMPLATES, "context": CONTEXT,
               "renders": renders, "choices": choices,
               "numbers": NUMBERS, "plurals": plurals, "extracted": extracted}, out, ensure_ascii=False, indent=1)
shutil.rmtree(LOCALE)
print("wrote %d templates in %d languages, %d choices; Django %s"
      % (len(TEMPLATES), sum(len(v) for v in renders.values()), len(choices), django.__version__))
