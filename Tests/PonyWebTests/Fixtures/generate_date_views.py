"""Writes date_views.json: what Django 5.2's date-based generic views (ArchiveIndexView,
YearArchiveView, MonthArchiveView, WeekArchiveView, DayArchiveView, DateDetailView) answer
for REQUESTS, on a `blog.Entry` model with a DateField (`day`) and a DateTimeField (`stamp`),
the rows in ROWS and the templates in TEMPLATES (which DateViewTests gives Pony too): each
response's status and body, or for a 404 the message Django's Http404 carries. It runs once
with TIME_ZONE = "UTC" and once with "Europe/Oslo" (USE_TZ = True both times), where a
DateTimeField's day is the day in Oslo.

A row dated 2999 stands for the future, so the answers hold until then; TodayArchiveView
depends on the day it runs, and DateViewTests checks it without a fixture.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_date_views.py
"""
import json
import os
import subprocess
import sys
from urllib.parse import unquote

ZONES = ["UTC", "Europe/Oslo"]
LIST = "{% for e in object_list %}{{ e.title }},{% endfor %}"
TEMPLATES = {
    "blog/entry_archive.html": (
        "{{ date_list|first }}|{% for d in date_list %}{{ d|date:'Y-m-d' }},{% endfor %}"
        "|{% for e in latest %}{{ e.title }},{% endfor %}|" + LIST
        + "|{{ is_paginated }}|{{ page_obj.number }}/{{ paginator.num_pages }}|{{ entry_list|length }}"
    ),
    "blog/entry_archive_year.html": (
        "{{ year }}|{{ next_year }}|{{ previous_year }}|{{ date_list|first }}"
        "|{% for d in date_list %}{{ d|date:'Y-m' }},{% endfor %}|" + LIST
        + "|{% for e in entry_list %}{{ e.title }},{% endfor %}|{{ is_paginated }}"
    ),
    "blog/entry_archive_month.html": (
        "{{ month }}|{{ next_month }}|{{ previous_month }}"
        "|{% for d in date_list %}{{ d|date:'d' }},{% endfor %}|" + LIST
    ),
    "blog/entry_archive_week.html": "{{ week }}|{{ next_week }}|{{ previous_week }}|{{ date_list }}|" + LIST,
    "blog/entry_archive_day.html": (
        "{{ day }}|{{ next_day }}|{{ previous_day }}|{{ next_month }}|{{ previous_month }}|" + LIST
    ),
    "blog/entry_detail.html": "{{ entry.title }}={{ object.title }}|{{ entry.day }}",
    "blog/titles.html": "{{ when }}:{% for e in entries %}{{ e.title }},{% endfor %}|{{ extra }}",
}
ROWS = [
    {"title": "Old", "slug": "old", "day": "2019-06-15", "stamp": "2019-06-15T12:00:00Z"},
    {"title": "Jan", "slug": "jan", "day": "2020-01-05", "stamp": "2020-01-05T10:00:00Z"},
    {"title": "Leap", "slug": "leap", "day": "2020-02-29", "stamp": "2020-02-29T23:30:00Z"},
    {"title": "Mar", "slug": "mar", "day": "2020-03-01", "stamp": "2020-03-01T08:00:00Z"},
    {"title": "Mid", "slug": "mid", "day": "2020-03-17", "stamp": "2020-03-17T09:00:00Z"},
    {"title": "Eve", "slug": "eve", "day": "2020-12-31", "stamp": "2020-12-31T23:59:59Z"},
    {"title": "New", "slug": "new", "day": "2021-01-02", "stamp": "2021-01-02T00:00:00Z"},
    {"title": "Later", "slug": "later", "day": "2023-03-10", "stamp": "2023-03-10T15:45:00Z"},
    {"title": "Future", "slug": "future", "day": "2999-01-01", "stamp": "2999-01-01T00:00:00Z"},
]
D, S = "/day", "/stamp"
REQUESTS = [
    # ArchiveIndexView
    D + "/", D + "/?page=2", D + "/paged/", D + "/paged/?page=2", D + "/paged/?page=9", D + "/future/",
    D + "/months/", D + "/none/", D + "/none-ok/", D + "/titles/",
    # YearArchiveView
    D + "/2020/", D + "/2020/list/", D + "/2021/", D + "/2019/", D + "/2022/", D + "/2022/open/",
    D + "/2020/open/", D + "/2999/", D + "/2999/future/", D + "/9999/", D + "/1/open/", D + "/999/",
    D + "/qyear/?year=2020", D + "/qyear/", D + "/qyear/?year=abc", D + "/qyear/?year=%D9%A2%D9%A0%D9%A2%D9%A0",
    D + "/qyear/?year=", D + "/2020/paged/", D + "/2020/paged/?page=2",
    # MonthArchiveView
    D + "/2020/mar/", D + "/2020/MAR/", D + "/2020/feb/", D + "/2020/jan/", D + "/2020/%C5%BFep/",
    D + "/2020/apr/", D + "/2020/foo/", D + "/2020/march/", D + "/2020/3/num/", D + "/2020/12/num/",
    D + "/2020/13/num/", D + "/2020/0/num/", D + "/2021/jan/", D + "/2023/mar/", D + "/2020/apr/open/",
    D + "/2020/aug/open/", D + "/9999/dec/open/", D + "/1/jan/open/", D + "/2020/full/march/",
    D + "/2020/%C5%BFep/open/", D + "/2020/full/apr%C4%B1l/", D + "/2020/full/M%C3%A4rz/",
    # WeekArchiveView
    D + "/2020/week/0/", D + "/2020/week/1/", D + "/2020/week/9/", D + "/2020/week/11/", D + "/2020/week/53/",
    D + "/2020/week/54/", D + "/2020/week/2/", D + "/2020/mweek/8/", D + "/2020/mweek/0/", D + "/2020/iso/9/",
    D + "/2020/iso/53/", D + "/2021/iso/53/", D + "/2020/iso/0/", D + "/2020/week/9/open/",
    D + "/2020/week/30/open/", D + "/1/week/0/", D + "/9999/week/53/open/",
    # DayArchiveView
    D + "/2020/feb/29/", D + "/2020/mar/1/", D + "/2020/mar/17/", D + "/2020/mar/2/", D + "/2020/feb/30/",
    D + "/2021/feb/29/", D + "/2020/mar/2/open/", D + "/2020/dec/31/open/", D + "/2999/jan/1/open/",
    D + "/1/jan/1/open/",
    # DateDetailView
    D + "/2020/mar/17/mid/", D + "/2020/mar/18/mid/", D + "/2020/mar/17/nope/", D + "/2999/jan/1/future/",
    D + "/2999/jan/1/future/ok/", D + "/2020/feb/30/leap/", D + "/2020/feb/29/3/pk/", D + "/2020/feb/29/4/pk/",
    # DateTimeField views
    S + "/", S + "/2020/", S + "/2021/", S + "/2020/feb/", S + "/2020/mar/", S + "/2020/dec/", S + "/2021/jan/",
    S + "/2020/week/9/", S + "/2020/week/52/", S + "/2020/feb/29/", S + "/2020/mar/1/", S + "/2020/dec/31/",
    S + "/2021/jan/1/", S + "/2021/jan/2/", S + "/2020/mar/1/leap/", S + "/2020/feb/29/leap/",
    S + "/2020/dec/31/eve/", S + "/2021/jan/1/eve/", S + "/open/2020/apr/", S + "/open/2999/jan/",
]


def run(zone):
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        TIME_ZONE=zone,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[],
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }],
    )
    django.setup()

    from datetime import date, datetime
    from django.db import connection, models
    from django.http import Http404
    from django.test import Client, RequestFactory
    from django.urls import path, resolve
    from django.views import generic

    class Entry(models.Model):
        title = models.CharField(max_length=50)
        slug = models.SlugField()
        day = models.DateField()
        stamp = models.DateTimeField()

        class Meta:
            app_label = "blog"
            verbose_name_plural = "entries"
            ordering = ["id"]

    with connection.schema_editor() as editor:
        editor.create_model(Entry)
    for row in ROWS:
        Entry.objects.create(
            title=row["title"], slug=row["slug"], day=date.fromisoformat(row["day"]),
            stamp=datetime.fromisoformat(row["stamp"].replace("Z", "+00:00")))

    class Titles(generic.ArchiveIndexView):
        model = Entry
        date_field = "day"
        template_name = "blog/titles.html"
        context_object_name = "entries"
        extra_context = {"extra": "more", "when": "all"}

    def view(cls, **options):
        if "queryset" not in options:
            options["model"] = Entry
        return cls.as_view(**options)

    nothing = Entry.objects.filter(title="nothing")
    day, stamp = {"date_field": "day"}, {"date_field": "stamp"}
    urlpatterns = [
        path("day/", view(generic.ArchiveIndexView, **day)),
        path("day/paged/", view(generic.ArchiveIndexView, paginate_by=3, **day)),
        path("day/future/", view(generic.ArchiveIndexView, allow_future=True, **day)),
        path("day/months/", view(generic.ArchiveIndexView, date_list_period="month", **day)),
        path("day/none/", view(generic.ArchiveIndexView, queryset=nothing, **day)),
        path("day/none-ok/", view(generic.ArchiveIndexView, queryset=nothing, allow_empty=True, **day)),
        path("day/titles/", Titles.as_view()),
        path("day/qyear/", view(generic.YearArchiveView, **day)),
        path("day/<int:year>/", view(generic.YearArchiveView, **day)),
        path("day/<int:year>/list/", view(generic.YearArchiveView, make_object_list=True, **day)),
        path("day/<int:year>/open/", view(generic.YearArchiveView, allow_empty=True, **day)),
        path("day/<int:year>/future/", view(generic.YearArchiveView, allow_future=True, **day)),
        path("day/<int:year>/paged/", view(generic.YearArchiveView, make_object_list=True, paginate_by=2, **day)),
        path("day/<int:year>/week/<int:week>/", view(generic.WeekArchiveView, **day)),
        path("day/<int:year>/week/<int:week>/open/", view(generic.WeekArchiveView, allow_empty=True, **day)),
        path("day/<int:year>/mweek/<int:week>/", view(generic.WeekArchiveView, week_format="%W", **day)),
        path("day/<int:year>/iso/<int:week>/",
             view(generic.WeekArchiveView, week_format="%V", year_format="%G", **day)),
        path("day/<int:year>/full/<str:month>/", view(generic.MonthArchiveView, month_format="%B", **day)),
        path("day/<int:year>/<int:month>/num/", view(generic.MonthArchiveView, month_format="%m", **day)),
        path("day/<int:year>/<str:month>/", view(generic.MonthArchiveView, **day)),
        path("day/<int:year>/<str:month>/open/", view(generic.MonthArchiveView, allow_empty=True, **day)),
        path("day/<int:year>/<str:month>/<int:day>/", view(generic.DayArchiveView, **day)),
        path("day/<int:year>/<str:month>/<int:day>/open/",
             view(generic.DayArchiveView, allow_empty=True, allow_future=True, **day)),
        path("day/<int:year>/<str:month>/<int:day>/<slug:slug>/", view(generic.DateDetailView, **day)),
        path("day/<int:year>/<str:month>/<int:day>/<slug:slug>/ok/",
             view(generic.DateDetailView, allow_future=True, **day)),
        path("day/<int:year>/<str:month>/<int:day>/<int:pk>/pk/", view(generic.DateDetailView, **day)),
        path("stamp/", view(generic.ArchiveIndexView, **stamp)),
        path("stamp/open/<int:year>/<str:month>/", view(generic.MonthArchiveView, allow_empty=True, **stamp)),
        path("stamp/<int:year>/", view(generic.YearArchiveView, make_object_list=True, **stamp)),
        path("stamp/<int:year>/week/<int:week>/", view(generic.WeekArchiveView, **stamp)),
        path("stamp/<int:year>/<str:month>/", view(generic.MonthArchiveView, **stamp)),
        path("stamp/<int:year>/<str:month>/<int:day>/", view(generic.DayArchiveView, **stamp)),
        path("stamp/<int:year>/<str:month>/<int:day>/<slug:slug>/", view(generic.DateDetailView, **stamp)),
    ]
    sys.modules[__name__].urlpatterns = urlpatterns

    client = Client(raise_request_exception=os.environ.get("RAISE") == "1")
    factory = RequestFactory()
    cases = []
    for url in REQUESTS:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        case = {"path": url, "status": response.status_code,
                "body": response.content.decode() if response.status_code == 200 else ""}
        if response.status_code == 404:
            match = resolve(unquote(url.split("?")[0]))
            try:
                match.func(factory.get(url), *match.args, **match.kwargs)
            except Http404 as error:
                case["message"] = str(error)
        cases.append(case)
    post = client.post(D + "/")
    cases.append({"path": D + "/", "method": "POST", "status": post.status_code, "body": ""})
    return {"django": django.get_version(), "cases": cases}


if __name__ == "__main__":
    if len(sys.argv) > 1:
        json.dump(run(sys.argv[1]), sys.stdout)
        sys.exit()
    runs = {zone: json.loads(subprocess.run(
        [sys.executable, __file__, zone], check=True, capture_output=True, text=True).stdout) for zone in ZONES}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "date_views.json"), "w") as file:
        json.dump({"django": runs["UTC"]["django"], "templates": TEMPLATES, "rows": ROWS,
                   "zones": {zone: run["cases"] for zone, run in runs.items()}}, file, indent=1, ensure_ascii=False)
