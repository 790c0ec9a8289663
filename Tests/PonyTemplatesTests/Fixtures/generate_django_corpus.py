#!/usr/bin/env python3
"""Renders the template corpus with real Django and writes django_corpus.json.

    pip install "django>=5.2,<5.3"
    python3 Tests/PonyTemplatesTests/Fixtures/generate_django_corpus.py

Each case is a template and a context, rendered with autoescape on and off. Context values
are written with their Python type (["int", 1], ["float", 1.0], ["safe", "<b>"], ...) so the
Swift side rebuilds exactly the values Django saw. Syntax errors record Django's message.
"""
import datetime, decimal, json, os
import django
from django.conf import settings

settings.configure(
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}], USE_TZ=True, TIME_ZONE="UTC",
    STATIC_URL="/static/", MEDIA_URL="/media/", INSTALLED_APPS=["django.contrib.staticfiles"],
)
django.setup()
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.safestring import mark_safe, SafeString
from django.http import QueryDict

ITEMS = ["apple", "<banana>", "cherry"]
PEOPLE = [{"name": "Ann", "age": 31, "city": "Oslo"}, {"name": "<Bob>", "age": 25, "city": "Rome"}]
BASE = {
    "name": "World", "html": "<b>bold</b> & 'quotes'", "safe_html": mark_safe("<i>safe</i>"),
    "items": ITEMS, "empty": [], "people": PEOPLE, "n": 5, "zero": 0, "one": 1, "pi": 3.14159, "whole": 2.0,
    "yes": True, "no": False, "none": None, "text": "hello world, this is a test",
    "multiline": "line one\nline two\n\nnew paragraph <x>", "pairs": [["a", 1], ["b", 2]],
    "d": {"a": 1, "b": "two", "items": "shadowed"}, "nested": {"inner": {"value": "deep"}}, "num_text": "42",
    "spaced": "  padded  ", "title_text": "they're 1st class o'neil", "unicode": "Héllo Wörld ñ",
    "numbers": [3, 1, 2], "words": "one two three four five", "big": 1234567, "neg": -7, "half": 0.5,
    "markup": [
        "<p>Hello <b>world</b>, how are <i>you</i>?</p>", "<p>One <br/>two<br> three</p> four",
        "<a href='x>y' title=\"q\">link</a> text", "a < b and c > d", "<!-- note --><p>x</p><!DOCTYPE html>",
        "<script>alert('<b>');</script>after", "<style>p{}</style><p>s</p>", "&amp; &lt;tag&gt; &copy; &#39; &#x41; &amp",
        "<p>unclosed <b>bold", "</p>end tag first", "<<b>>double<</b>>", "<a href=\"x\" onclick='y'\n>multi</a>",
        "<p>Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e is very nice</p>", "<x y=\"a\"z>w</x>", "<a =b>c</a>", "<?php echo 1 ?>ok",
        "<p>one two</p><p>three four five</p><p>six</p>", "<img src=x>word word word", "plain text only here",
        "<br/><hr>&nbsp;spaced   words\tand\nlines</b>", "<p>exactly</p>", "a &amp b; &unknown; &#xZZ; &#99999999;",
        "<div><p>nested <span>deep <em>text here</em> more</span> tail</p></div>", "<b title='a=\"b\"'>q</b> &", "<i>&NotEqualTilde; &copy &ampx &fjlig; &#x1F600;</i>",
    ],
    "links": [
        "Visit http://example.com now.", "see www.djangoproject.com, or (https://example.org/a?b=c&d=e).",
        "mail me: someone@example.com!", "bare example.com/path and foo.org", "[http://example.com/x]",
        "http://example.com/a%20b/\u00e9?q=a b&x", "<script>http://evil.com</script>", "https://example.com/?a=1;b=2;",
        "not.a.link and user@localhost and a@b.c", "http://example.com/&amp;copy;&amp;", "(www.example.com).)",
        "\"http://quoted.com\" 'https://single.com'", "http://[::1]:8000/x http://[bad/ https://t.co/abc,.",
        "ftp://nope.com j@x.museum x@[127.0.0.1] \"q u\"@ex.com", "http://\u00fcni.example/\u00e4 HTTPS://UPPER.COM",
        "trailing;; http://a.com/b&c;; http://a.com/&gt;", "www.example.com/" + "x" * 40,
    ],
    "query": QueryDict("page=2&tag=a&tag=b&q=caf%C3%A9+au+lait&empty="), "no_query": QueryDict(""),
    "price": decimal.Decimal("9.90"), "dzero": decimal.Decimal("0.00"), "dneg": decimal.Decimal("-1234567.500"),
    "dint": decimal.Decimal("42"), "dbig": decimal.Decimal("12345678901234567890.12"), "dhalf": decimal.Decimal("0.5"),
    "dtiny": decimal.Decimal("0.0000001"), "dlist": [decimal.Decimal("1.10"), decimal.Decimal("2")],
    "safe_links": mark_safe("<b>http://example.com</b> & www.example.org"),
    "prose": "The quick brown fox jumps over the lazy dog. A-very-long-hyphenated-word-that-exceeds here.\n\nNew\tparagraph\twith tabs  and  double spaces.\n",
}

CASES = [
    # Variables and lookups
    ("variable", "Hello {{ name }}!"),
    ("escaping", "{{ html }}"),
    ("safe value", "{{ safe_html }}"),
    ("missing", "[{{ missing }}][{{ missing.attr }}]"),
    ("dict lookup", "{{ d.a }} {{ d.b }} {{ nested.inner.value }}"),
    ("dict items key wins", "{{ d.items }}"),
    ("list index", "{{ items.0 }} {{ items.1 }} {{ items.9 }}"),
    ("string index", "{{ name.0 }}"),
    ("ints and floats", "{{ n }} {{ pi }} {{ whole }} {{ half }} {{ neg }} {{ big }}"),
    ("decimals", "{{ price }} {{ dzero }} {{ dneg }} {{ dint }} {{ dbig }} {{ dtiny }} {{ dlist }}"),
    ("decimal floatformat", "{{ price|floatformat }} {{ price|floatformat:3 }} {{ price|floatformat:'-3' }} "
     "{{ dneg|floatformat:'2g' }} {{ dint|floatformat:2 }} {{ dbig|floatformat }} {{ dzero|floatformat }} {{ dtiny|floatformat:8 }}"),
    ("decimal arithmetic", "{{ price|add:1 }} {{ price|add:price }} {{ dneg|add:'2' }} [{{ price|add:'x' }}] "
     "{{ dint|divisibleby:2 }} {{ price|divisibleby:3 }} {{ dbig|add:1 }}"),
    ("decimal truth", "{% if dzero %}T{% else %}F{% endif %}{% if price %}T{% endif %} {{ dzero|default:'none' }} "
     "{{ dzero|yesno }} {{ price|yesno }} {{ dzero|default_if_none:'x' }}"),
    ("decimal comparisons", "{% if price > 9 %}a{% endif %}{% if price == 9.9 %}b{% endif %}{% if dhalf == 0.5 %}c{% endif %}"
     "{% if dint == 42 %}d{% endif %}{% if price < dint %}e{% endif %}{% if price in dlist %}f{% endif %}"
     "{% if dlist.1 == 2 %}g{% endif %}{% if dzero == False %}h{% endif %}{% if dint != '42' %}i{% endif %}"),
    ("decimal as text", "{{ price|stringformat:'s' }} {{ price|stringformat:'d' }} {{ price|stringformat:'.3f' }} "
     "{{ price|stringformat:'r' }} {{ price|length }} {{ price|pluralize }} {{ price|cut:'0' }} {{ price|slice:':2' }} "
     "{{ price|upper }} [{{ price|center:8 }}] {{ price|json_script:'p' }}"),
    ("decimal numbers", "{% widthratio price 100 10 %} {{ price|filesizeformat }} {{ dint|get_digit:1 }} "
     "{{ price|get_digit:1 }} {% with p=price %}{{ p }}{% endwith %} {% for i in dlist %}{{ i }},{% endfor %} "
     "{% cycle price dint as c %} {% firstof dzero price %}"),
    ("booleans and none", "{{ yes }} {{ no }} {{ none }}"),
    ("list repr", "{{ items }} {{ numbers }} {{ empty }}"),
    ("dict repr", "{{ d }}"),
    ("literals", "{{ \"text\" }} {{ 'single' }} {{ 42 }} {{ 1.5 }} {{ \"<b>\" }}"),
    ("builtins", "{{ True }} {{ False }} {{ None }}"),
    ("comment", "a{# hidden #}b{# {{ name }} #}c"),
    ("unclosed tag is text", "a {{ name b {% if c"),
    ("tag across lines is text", "a {{ na\nme }} b"),
    # if
    ("if", "{% if yes %}Y{% endif %}{% if no %}N{% endif %}"),
    ("if else", "{% if no %}a{% else %}b{% endif %}"),
    ("if elif", "{% if no %}1{% elif zero %}2{% elif n %}3{% else %}4{% endif %}"),
    ("if and or not", "{% if yes and not no %}1{% endif %}{% if no or zero %}2{% endif %}{% if not none %}3{% endif %}"),
    ("if precedence", "{% if yes or no and no %}1{% endif %}{% if not yes or yes %}2{% endif %}"),
    ("if comparisons", "{% if n == 5 %}a{% endif %}{% if n != 5 %}b{% endif %}{% if n > 4 %}c{% endif %}{% if n >= 5 %}d{% endif %}{% if n < 5 %}e{% endif %}{% if n <= 5 %}f{% endif %}"),
    ("if int float equal", "{% if whole == 2 %}eq{% endif %}{% if one == True %}bool{% endif %}"),
    ("if in", "{% if 'apple' in items %}a{% endif %}{% if 'x' not in items %}b{% endif %}{% if 'ell' in text %}c{% endif %}{% if 'a' in d %}d{% endif %}"),
    ("if is", "{% if none is None %}a{% endif %}{% if yes is True %}b{% endif %}{% if one is not None %}c{% endif %}"),
    ("if missing", "{% if missing %}a{% else %}b{% endif %}{% if missing == None %}c{% endif %}"),
    ("if mismatched compare", "{% if name > 3 %}a{% else %}b{% endif %}"),
    ("if filter", "{% if items|length > 2 %}many{% endif %}"),
    ("if strings", "{% if name == 'World' %}w{% endif %}{% if 'a' < 'b' %}lt{% endif %}"),
    # for
    ("for", "{% for item in items %}{{ item }},{% endfor %}"),
    ("for reversed", "{% for item in items reversed %}{{ item }}{% endfor %}"),
    ("for empty", "{% for item in empty %}x{% empty %}nothing{% endfor %}"),
    ("for missing", "{% for item in missing %}x{% empty %}none{% endfor %}"),
    ("forloop", "{% for item in items %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{{ forloop.first }}{{ forloop.last }};{% endfor %}"),
    ("parentloop", "{% for a in numbers %}{% for b in pairs %}{{ forloop.parentloop.counter }}.{{ forloop.counter }} {% endfor %}{% endfor %}"),
    ("forloop repr", "{% for a in numbers %}{% for b in pairs %}{{ forloop }}|{% endfor %}{% endfor %}"),
    ("for unpack", "{% for key, value in pairs %}{{ key }}={{ value }};{% endfor %}"),
    ("for dict items", "{% for k, v in nested.items %}{{ k }}:{{ v }}{% endfor %}"),
    ("for dict keys", "{% for k in d %}{{ k }}{% endfor %}"),
    ("for string", "{% for c in name %}{{ c }}-{% endfor %}"),
    ("for people", "{% for p in people %}{{ p.name }} ({{ p.age }}){% if not forloop.last %}, {% endif %}{% endfor %}"),
    ("for scope", "{% for item in items %}{% endfor %}[{{ item }}]"),
    # with
    ("with", "{% with total=n greeting='hi' %}{{ greeting }} {{ total }}{% endwith %}[{{ total }}]"),
    ("with legacy", "{% with name|upper as shout %}{{ shout }}{% endwith %}"),
    # autoescape
    ("autoescape off", "{% autoescape off %}{{ html }}{% endautoescape %} {{ html }}"),
    ("autoescape on inside off", "{% autoescape on %}{{ html }}{% endautoescape %}"),
    # other tags
    ("verbatim", "{% verbatim %}{{ name }} {% if %}{% endverbatim %}"),
    ("verbatim named", "{% verbatim x %}{% endverbatim %}{% endverbatim x %}"),
    ("templatetag", "{% templatetag openblock %} {% templatetag closevariable %} {% templatetag openbrace %}"),
    ("spaceless", "{% spaceless %}<p>\n  <a href=\"x\">  link </a>\n</p>{% endspaceless %}"),
    ("firstof", "{% firstof none zero name %} {% firstof missing 'fallback' %} {% firstof html %}"),
    ("firstof as", "{% firstof none 'x' as chosen %}[{{ chosen }}]"),
    ("filter tag", "{% filter upper|cut:' ' %}Hello {{ name }}{% endfilter %}"),
    ("cycle", "{% for i in numbers %}{% cycle 'odd' 'even' %} {% endfor %}"),
    ("cycle as", "{% for i in numbers %}{% cycle 'a' 'b' as c silent %}{{ c }}{% endfor %}"),
    ("cycle named", "{% for i in numbers %}{% cycle 'r1' 'r2' 'r3' as rc silent %}[{% cycle rc %}]{{ rc }}|{% endfor %}"),
    ("cycle named shown", "{% for i in numbers %}{% cycle 'a' 'b' as c %}{% cycle c %},{% endfor %}"),
    ("resetcycle", "{% for i in numbers %}{% cycle 'a' 'b' 'c' %}{% if forloop.counter == 2 %}{% resetcycle %}{% endif %}{% endfor %}"),
    ("resetcycle named", "{% for p in people %}{% cycle 'x' 'y' as outer %}:{% for i in numbers %}{% cycle 'r' 's' as inner %}{% endfor %}"
     "{% resetcycle inner %};{% endfor %}"),
    ("resetcycle outer kept", "{% for p in people %}{% cycle 'x' 'y' as outer %}{% for i in numbers %}{% cycle 'r' 's' as inner %}{% endfor %}"
     "{% resetcycle outer %};{% endfor %}"),
    ("widthratio", "{% widthratio n 10 100 %} {% widthratio 1 3 10 %} {% widthratio 0 0 10 %}"),
    ("comment tag", "a{% comment %}{{ name }} {% if %}{% endcomment %}b"),
    ("load", "{% load static %}x"),
    # filters
    ("upper lower", "{{ name|upper }} {{ name|lower }} {{ html|upper }}"),
    ("capfirst title", "{{ text|capfirst }} | {{ title_text|title }} | {{ unicode|title }}"),
    ("length", "{{ items|length }} {{ name|length }} {{ none|length }} {{ n|length }} {{ d|length }}"),
    ("default", "{{ missing|default:'x' }} {{ zero|default:'z' }} {{ name|default:'n' }} {{ none|default_if_none:'nil' }} {{ zero|default_if_none:'nil' }}"),
    ("add", "{{ n|add:2 }} {{ num_text|add:'8' }} {{ name|add:'!' }} {{ items|add:numbers }} {{ n|add:'x' }} {{ pi|add:1 }}"),
    ("join", "{{ items|join:', ' }} | {{ numbers|join:'-' }}"),
    ("join autoescape off", "{% autoescape off %}{{ items|join:' & ' }}{% endautoescape %}"),
    ("first last", "{{ items|first }} {{ items|last }} {{ name|first }} {{ empty|first }}"),
    ("cut", "{{ text|cut:' ' }} {{ safe_html|cut:'i' }}"),
    ("escape force_escape safe", "{{ html|escape }} {{ safe_html|force_escape }} {{ html|safe }}"),
    ("escape twice", "{{ html|escape|escape }}"),
    ("linebreaksbr", "{{ multiline|linebreaksbr }}"),
    ("linebreaks", "{{ multiline|linebreaks }}"),
    ("linebreaks off", "{% autoescape off %}{{ multiline|linebreaks }}{% endautoescape %}"),
    ("ljust rjust center", "[{{ name|ljust:9 }}][{{ name|rjust:9 }}][{{ name|center:10 }}][{{ name|center:9 }}][{{ name|center:2 }}]"),
    ("make_list", "{{ name|make_list }} {{ big|make_list }}"),
    ("pluralize", "{{ one|pluralize }} {{ n|pluralize }} {{ zero|pluralize:'y,ies' }} {{ items|pluralize }} {{ one|pluralize:'es' }} {{ n|pluralize:'a,b,c' }}"),
    ("slugify", "{{ unicode|slugify }} {{ html|slugify }} {{ '  Hello -- World__ '|slugify }}"),
    ("truncatechars", "{{ text|truncatechars:10 }} | {{ name|truncatechars:10 }} | {{ text|truncatechars:1 }}"),
    ("truncatewords", "{{ words|truncatewords:3 }} | {{ spaced|truncatewords:5 }}"),
    ("urlencode", "{{ 'a b/c?d=é'|urlencode }} {{ 'a/b'|urlencode:'' }}"),
    ("wordcount", "{{ text|wordcount }} {{ spaced|wordcount }}"),
    ("yesno", "{{ yes|yesno }} {{ no|yesno }} {{ none|yesno }} {{ none|yesno:'y,n' }} {{ yes|yesno:'on,off,?' }}"),
    ("addslashes", "{{ title_text|addslashes }}"),
    ("safeseq join", "{{ items|safeseq|join:',' }}"),
    ("escapeseq join", "{{ markup|escapeseq|join:' ' }} {{ items|escapeseq|join:',' }}"
                       " {{ markup|safeseq|escapeseq|join:'' }}"),
    ("chain", "{{ name|lower|capfirst|ljust:8|upper }}!"),
    ("filter spacing", "{{ name | upper }}"),
    ("divisibleby", "{{ n|divisibleby:5 }} {{ n|divisibleby:2 }}"),
    ("escape in filter arg", "{{ missing|default:html }}"),
    ("safe literal arg", "{{ missing|default:'<b>' }}"),
    ("get_digit", "{{ big|get_digit:1 }} {{ big|get_digit:3 }} {{ big|get_digit:9 }} {{ big|get_digit:0 }} {{ name|get_digit:1 }}"),
    ("slice", "{{ items|slice:'2' }} {{ items|slice:'1:' }} {{ items|slice:'::-1' }} {{ name|slice:'1:3' }} {{ items|slice:'-2:' }} {{ items|slice:'x' }}"),
    ("dictsort", "{% for p in people|dictsort:'age' %}{{ p.name }}{% endfor %} {% for p in people|dictsortreversed:'name' %}{{ p.name }}{% endfor %} [{{ numbers|dictsort:'x' }}]"),
    ("filesizeformat", "{{ 0|filesizeformat }} {{ 1|filesizeformat }} {{ 1023|filesizeformat }} {{ 1024|filesizeformat }} {{ 123456789|filesizeformat }} {{ -2048|filesizeformat }} {{ name|filesizeformat }}"),
    ("escapejs", "{{ html|escapejs }} {{ multiline|escapejs }}"),
    ("linenumbers", "{{ multiline|linenumbers }}"),
    # HTML-aware filters, urlize and wordwrap over many inputs
    ("striptags", "{% for m in markup %}[{{ m|striptags }}]{% endfor %}"),
    ("striptags safe", "{% for m in markup %}[{{ m|striptags|safe }}]{% endfor %}"),
    ("truncatechars_html", "{% for m in markup %}[{{ m|truncatechars_html:12 }}][{{ m|truncatechars_html:1 }}][{{ m|truncatechars_html:200 }}]{% endfor %}"),
    ("truncatechars_html exact", "{{ 'abcdef'|truncatechars_html:6 }} {{ '<p>abcdef</p>'|truncatechars_html:6 }} {{ 'x'|truncatechars_html:0 }} {{ 'x'|truncatechars_html:'y' }}"),
    ("truncatewords_html", "{% for m in markup %}[{{ m|truncatewords_html:2 }}][{{ m|truncatewords_html:5 }}]{% endfor %}"),
    ("urlize", "{% for l in links %}[{{ l|urlize }}]{% endfor %}"),
    ("urlizetrunc", "{% for l in links %}[{{ l|urlizetrunc:15 }}]{% endfor %}"),
    ("urlize safe input", "{{ safe_links|urlize }}|{{ safe_links|urlizetrunc:10 }}"),
    ("urlize markup", "{% for m in markup %}[{{ m|urlize }}]{% endfor %}"),
    ("wordwrap", "{{ prose|wordwrap:20 }}|{{ prose|wordwrap:5 }}|{{ text|wordwrap:1 }}|{{ multiline|wordwrap:8 }}"),
    ("querystring", "{% querystring query %}|{% querystring query page=3 %}|{% querystring query tag=None %}|{% querystring query new='x y&z' %}|{% querystring query tag=items %}"),
    ("querystring empty", "[{% querystring no_query %}][{% querystring no_query a=None %}][{% querystring no_query a=1 %}][{% querystring query page=None tag=None q=None empty=None %}]"),
    ("querystring values", "{% querystring query page=n flag=yes none=none %}|{% querystring query page=pi as qs %}[{{ qs }}]"),
    ("wordwrap markup", "{% for m in markup %}[{{ m|wordwrap:10 }}]{% endfor %}"),
    ("phone2numeric", "{{ '1-800-COLLECT'|phone2numeric }}"),
    ("iriencode", "{{ '/a b/?q=é&x=<y>'|iriencode }}"),
    ("floatformat", "{{ pi|floatformat }} {{ whole|floatformat }} {{ pi|floatformat:3 }} {{ whole|floatformat:2 }} {{ pi|floatformat:'-3' }} {{ whole|floatformat:'-2' }} {{ half|floatformat:0 }} {{ n|floatformat }} {{ '2.675'|floatformat:2 }} {{ name|floatformat }} {{ -0.04|floatformat:1 }}"),
    ("stringformat", "[{{ n|stringformat:'03d' }}] [{{ pi|stringformat:'.2f' }}] [{{ name|stringformat:'s' }}] [{{ name|stringformat:'10s' }}] [{{ name|stringformat:'-8s' }}] [{{ big|stringformat:'x' }}] [{{ name|stringformat:'d' }}] [{{ pi|stringformat:'e' }}]"),
    ("unordered_list", "{{ tree|unordered_list }}"),
    ("date default", "{{ moment|date }} | {{ moment|time }} | {{ moment }} | {{ midnight }} | {{ noon }}"),
    ("date formats", "{{ moment|date:'Y-m-d H:i:s' }} {{ moment|date:'D, j M Y' }} {{ moment|date:'l jS F y' }} {{ moment|date:'N n m b' }}"),
    ("date times", "{{ moment|date:'a A g G h H i s f P' }} | {{ noon|date:'f P a' }} | {{ midnight|date:'P g A' }} | {{ iso_edge|date:'f P' }}"),
    ("date calendar", "{{ leap_end|date:'z t L W o w' }} {{ iso_edge|date:'W o w z' }} {{ moment|date:'t L' }}"),
    ("date misc", "{{ moment|date:'U c r e T O Z u' }} {{ moment|date:'\\Y\\e\\a\\r: Y' }} {{ name|date:'Y' }}"),
    ("timesince", "{{ midnight|timesince:moment }} | {{ leap_end|timesince:moment }} | {{ noon|timesince:moment }} | {{ moment|timesince:midnight }} | {{ iso_edge|timesince:leap_end }} | {{ moment|timesince:moment }}"),
    ("timeuntil", "{{ moment|timeuntil:midnight }} | {{ moment|timeuntil:noon }} | {{ midnight|timeuntil:moment }} | {{ feb_end|timeuntil:jan_31 }}"),
    ("timesince months", "{{ jan_31|timesince:feb_end }} | {{ jan_31|timesince:mar_1 }} | {{ near|timesince:moment }}"),
    ("ifchanged content", "{% for c in cities %}{% ifchanged %}<h2>{{ c.country }}</h2>{% endifchanged %}{{ c.name }} {% endfor %}"),
    ("ifchanged values", "{% for c in cities %}{% ifchanged c.country %}[{{ c.country }}]{% else %}-{% endifchanged %}{% endfor %}"),
    ("ifchanged resets per loop", "{% for i in numbers %}{% for c in cities %}{% ifchanged c.country %}{{ c.country|first }}{% endifchanged %}{% endfor %}|{% endfor %}"),
    ("regroup", "{% regroup cities by country as groups %}{% for g in groups %}{{ g.grouper }}: {% for c in g.list %}{{ c.name }} {% endfor %}; {% endfor %}"),
    ("regroup unpack", "{% regroup cities by country as groups %}{% for country, list in groups %}{{ country }}={{ list|length }} {% endfor %}"),
    ("regroup missing", "{% regroup missing by x as g %}[{{ g|length }}]"),
    ("json_script", "{{ people|json_script:'people-data' }} {{ html|json_script }} {{ unicode|json_script:'u' }} {{ pi|json_script }}"),
    ("csrf_token", "<form>{% csrf_token %}</form>"),
    ("lorem common", "{% lorem %}|{% lorem 3 w %}|{% lorem 1 p %}|{% lorem 19 w %}"),
    ("static", "{% load static %}{% static 'css/site.css' %} {% static 'a b/ü&x.png' %} {% static name as u %}[{{ u }}]"),
    ("static prefixes", "{% load static %}{% get_static_prefix %}|{% get_static_prefix as p %}{{ p }}|"
     "{% get_media_prefix %}|{% get_media_prefix as m %}{{ m }}"),
    ("date json", "{{ moment|json_script }} {{ now_value|default:moment|date:'e' }}"),
    ("date objects", "{{ day }}|{{ leap_day }}|{{ day|date }}|{{ day|date:'D, j M Y' }}|{{ leap_day|date:'l jS F Y W z L t w N' }}|{{ day.year }}-{{ day.month }}-{{ day.day }}|{{ day|time }}"),
    ("date time objects", "{{ clock }}|{{ morning }}|{{ noon_time }}|{{ clock|time }}|{{ clock|time:'H:i:s.u A g G h f P' }}|{{ morning|time:'P' }}|{{ clock.hour }}:{{ clock.minute }}|{{ clock|date }}"),
    ("date objects json", "{{ day|json_script:'d' }}{{ clock|json_script }}{{ morning|json_script }}"),
    ("date object comparisons", "{% if leap_day < day %}a{% endif %}{% if day == day %}b{% endif %}{% if morning < clock %}c{% endif %}{% if day > leap_day %}d{% endif %}{% if day == leap_day %}e{% endif %}"),
    ("date object timesince", "{{ leap_day|timesince:day }}|{{ day|timeuntil:leap_day }}|{{ day|timesince:leap_day }}"),
    ("date named formats", "{{ moment|date:'DATE_FORMAT' }}|{{ moment|date:'DATETIME_FORMAT' }}|{{ moment|date:'SHORT_DATE_FORMAT' }}|{{ moment|date:'SHORT_DATETIME_FORMAT' }}|{{ moment|date:'YEAR_MONTH_FORMAT' }}|{{ moment|date:'MONTH_DAY_FORMAT' }}|{{ moment|time:'TIME_FORMAT' }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment|date:'DECIMAL_SEPARATOR' }}"),
    ("date ordinals", "{{ noon|date:'jS' }} {{ leap_end|date:'jS' }} {{ iso_edge|date:'jS' }} {{ midnight|date:'jS' }} {{ moment|date:'jS' }}"),
]

# Named templates for extends/include, rendered by name with Django's locmem loader.
TEMPLATES = {
    "base.html": "<title>{% block title %}Site{% endblock %}</title>{% block body %}<p>base body</p>{% endblock %}{% block footer %}(c){% endblock %}",
    "page.html": "{% extends 'base.html' %}{% block title %}Page - {{ block.super }}{% endblock %}{% block body %}<h1>{{ name }}</h1>{% endblock %}ignored text",
    "deep.html": "{% extends \"page.html\" %}{% block body %}{{ block.super }}<p>deeper {{ html }}</p>{% endblock %}{% block footer %}{{ block.super }} 2026{% endblock %}",
    "nested_blocks.html": "{% extends 'outer.html' %}{% block inner %}child inner{% endblock %}",
    "outer.html": "[{% block outer %}outer({% block inner %}base inner{% endblock %}){% endblock %}]",
    "loop_blocks.html": "{% extends 'base.html' %}{% block body %}{% for item in items %}{% if forloop.first %}{% endif %}<li>{{ item }}</li>{% endfor %}{% endblock %}",
    "snippet.html": "<span>{{ name }}/{{ extra|default:'none' }}</span>",
    "includer.html": "{% include 'snippet.html' %} {% include 'snippet.html' with extra='x' %} {% include 'snippet.html' with extra=html only %} {% include name_of_snippet %}",
    "include_in_block.html": "{% extends 'base.html' %}{% block body %}{% include 'snippet.html' with extra=1 %}{% endblock %}",
    "extends_variable.html": "{% extends parent %}{% block title %}from variable{% endblock %}",
}
RENDER = ["base.html", "page.html", "deep.html", "nested_blocks.html", "loop_blocks.html", "includer.html",
          "include_in_block.html", "extends_variable.html"]
BASE["name_of_snippet"] = "snippet.html"
UTC = datetime.timezone.utc
BASE["moment"] = datetime.datetime(2026, 11, 21, 7, 5, 9, tzinfo=UTC)
BASE["midnight"] = datetime.datetime(2000, 1, 1, 0, 0, 0, tzinfo=UTC)
BASE["noon"] = datetime.datetime(2026, 2, 3, 12, 0, 0, tzinfo=UTC)
BASE["leap_end"] = datetime.datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC)
BASE["iso_edge"] = datetime.datetime(2021, 1, 3, 13, 30, 0, tzinfo=UTC)
BASE["jan_31"] = datetime.datetime(2023, 1, 31, 10, 0, 0, tzinfo=UTC)
BASE["feb_end"] = datetime.datetime(2023, 2, 28, 9, 0, 0, tzinfo=UTC)
BASE["mar_1"] = datetime.datetime(2023, 3, 1, 11, 30, 0, tzinfo=UTC)
BASE["near"] = datetime.datetime(2026, 11, 21, 4, 2, 30, tzinfo=UTC)
BASE["day"] = datetime.date(2026, 12, 25)
BASE["leap_day"] = datetime.date(2024, 2, 29)
BASE["clock"] = datetime.time(13, 45, 7, 123456)
BASE["morning"] = datetime.time(0, 5)
BASE["noon_time"] = datetime.time(12, 0)
BASE["cities"] = [{"name": "Oslo", "country": "Norway"}, {"name": "Bergen", "country": "Norway"},
                  {"name": "Rome", "country": "<Italy>"}, {"name": "Oslo 2", "country": "Norway"}]
BASE["tree"] = ["States", ["Kansas", ["Lawrence", "<Topeka>"], "Illinois"]]
BASE["parent"] = "base.html"

ERRORS = [
    ("cycle without named cycles", "{% cycle foo %}"),
    ("cycle unknown name", "{% cycle 'a' 'b' as x %}{% cycle y %}"),
    ("resetcycle without cycles", "{% resetcycle %}"),
    ("resetcycle unknown name", "{% cycle 'a' 'b' as x %}{% resetcycle y %}"),
    ("resetcycle two arguments", "{% cycle 'a' 'b' as x %}{% resetcycle x x %}"),
    ("get_static_prefix without as", "{% load static %}{% get_static_prefix to p %}"),
    ("unknown tag", "{% frobnicate %}"),
    ("unknown filter", "{{ name|frobnicate }}"),
    ("unclosed if", "{% if yes %}x"),
    ("wrong end tag", "{% if yes %}x{% endfor %}"),
    ("underscore", "{{ _private }}"),
    ("filter argument count", "{{ name|upper:'x' }}"),
    ("missing filter argument", "{{ name|cut }}"),
    ("bad remainder", "{{ name!x }}"),
    ("if unused", "{% if a b %}x{% endif %}"),
    ("if operator position", "{% if and a %}x{% endif %}"),
    ("for syntax", "{% for x %}{% endfor %}"),
    ("autoescape argument", "{% autoescape maybe %}{% endautoescape %}"),
    ("extends not first", "x{% if a %}{% endif %}{% extends 'base.html' %}"),
    ("extends twice", "{% extends 'a.html' %}{% extends 'b.html' %}"),
    ("duplicate block", "{% block a %}{% endblock %}{% block a %}{% endblock %}"),
    ("include without name", "{% include %}"),
]


def typed(value):
    if value is None:
        return ["none"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, float):
        return ["float", value]
    if isinstance(value, decimal.Decimal):
        return ["decimal", str(value)]
    if isinstance(value, datetime.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["date", value.isoformat()]
    if isinstance(value, datetime.time):
        return ["time", value.isoformat()]
    if isinstance(value, QueryDict):
        return ["querydict", [[k, v] for k, vs in value.lists() for v in vs]]
    if isinstance(value, SafeString):
        return ["safe", str(value)]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, (list, tuple)):
        return ["list", [typed(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", [[k, typed(v)] for k, v in value.items()]]
    raise TypeError(value)


cases = []
for autoescape in (True, False):
    engine = Engine(autoescape=autoescape, libraries={"static": "django.templatetags.static"})
    for name, source in CASES:
        output = engine.from_string(source).render(Context(BASE, autoescape=autoescape))
        cases.append({"name": name, "template": source, "autoescape": autoescape, "output": output})
for autoescape in (True, False):
    engine = Engine(autoescape=autoescape, loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)])
    for name in RENDER:
        output = engine.get_template(name).render(Context(BASE, autoescape=autoescape))
        cases.append({"name": name, "render": name, "autoescape": autoescape, "output": output})
# The date cases again with TIME_ZONE set: Django shows aware datetimes in the current zone.
from django.utils import timezone
ZONE_CASES = [c for c in CASES if c[0].startswith("date") or c[0] in ("now", "json_script")]
for zone in ("America/New_York", "Asia/Kolkata", "Europe/Oslo"):
    engine = Engine(autoescape=True)
    with timezone.override(zone):
        for name, source in ZONE_CASES:
            output = engine.from_string(source).render(Context(BASE, autoescape=True))
            cases.append({"name": f"{name} in {zone}", "template": source, "autoescape": True, "output": output,
                          "time_zone": zone})
for name, source in ERRORS:
    try:
        Engine(libraries={"static": "django.templatetags.static"}).from_string(source)
        raise SystemExit(f"expected a syntax error for {name}")
    except TemplateSyntaxError as error:
        cases.append({"name": name, "template": source, "autoescape": True, "error": str(error)})

path = os.path.join(os.path.dirname(__file__), "django_corpus.json")
with open(path, "w") as handle:
    json.dump({"django": django.get_version(), "context": typed(BASE), "templates": TEMPLATES, "cases": cases}, handle, indent=1, ensure_ascii=False)
    handle.write("\n")
print(f"wrote {len(cases)} cases from Django {django.get_version()} to {path}")
