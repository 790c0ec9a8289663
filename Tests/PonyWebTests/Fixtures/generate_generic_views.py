"""Writes generic_views.json: what Django 5.2's generic views (ListView, DetailView,
CreateView, UpdateView, DeleteView, FormView, TemplateView, RedirectView) answer for REQUESTS, on a `blog.Post` model (title, slug,
body) with the rows in ROWS and the templates in TEMPLATES (which GenericViewTests gives Pony
too): each response's status, Location and body, or for a 404 the message Django's Http404
carries. Requests run in order on one in-memory database, so writes show in later reads.

    pip install "django>=5.2,<5.3" && python3 Tests/PonyWebTests/Fixtures/generate_generic_views.py
"""
import json
import os
import sys

import django
from django.conf import settings

TEMPLATES = {
    "blog/post_list.html": (
        "{% for post in post_list %}{{ post.title }};{% endfor %}"
        "|{{ object_list|length }}|{{ is_paginated }}|{{ page_obj.number }}/{{ paginator.num_pages }}"
        "|{% if page_obj.has_next %}next={{ page_obj.next_page_number }}{% endif %}"
    ),
    "blog/post_detail.html": "{{ object.title }}={{ post.title }}|{{ post.body }}|{{ post }}",
    "blog/post_form.html": "{% if object %}editing {{ post.title }}{% endif %}|{{ form }}",
    "blog/post_confirm_delete.html": "delete {{ object.title }}={{ post.title }}?|{{ form }}",
    "blog/titles.html": "{% for post in posts %}{{ post.title }},{% empty %}none{% endfor %}|{{ extra }}",
    "about.html": "about {{ who }}",
    "hello.html": "hello {{ name }}",
    "contact.html": "{{ form }}|{{ extra }}",
}
ROWS = [
    {"title": "First", "slug": "first", "body": "one"},
    {"title": "Second", "slug": "second", "body": "two <b>"},
    {"title": "Third", "slug": "third", "body": "three"},
]

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=[],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
    }],
)
django.setup()

from django import forms  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.http import Http404  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import path, resolve  # noqa: E402
from django.views import generic  # noqa: E402


class Post(models.Model):
    title = models.CharField(max_length=50)
    slug = models.SlugField()
    body = models.TextField(blank=True)

    class Meta:
        app_label = "blog"
        ordering = ["id"]


with connection.schema_editor() as editor:
    editor.create_model(Post)
for row in ROWS:
    Post.objects.create(**row)


class ContactForm(forms.Form):
    subject = forms.CharField(max_length=20)
    sender = forms.EmailField()


class Contact(generic.FormView):
    template_name = "contact.html"
    form_class = ContactForm
    success_url = "/thanks/"
    initial = {"subject": "Hi"}
    prefix = "c"
    extra_context = {"extra": "more"}


class Titles(generic.ListView):
    model = Post
    template_name = "blog/titles.html"
    context_object_name = "posts"
    extra_context = {"extra": "more"}


urlpatterns = [
    path("posts/", generic.ListView.as_view(model=Post, paginate_by=2)),
    path("orphans/", generic.ListView.as_view(model=Post, paginate_by=2, paginate_orphans=1)),
    path("all/", generic.ListView.as_view(model=Post)),
    path("titles/", Titles.as_view()),
    path("none/", Titles.as_view(queryset=Post.objects.filter(title="nothing"))),
    path("strict/", Titles.as_view(queryset=Post.objects.filter(title="nothing"), allow_empty=False)),
    path("strict-pages/", generic.ListView.as_view(
        queryset=Post.objects.filter(title="nothing"), allow_empty=False, paginate_by=2)),
    path("posts/<int:pk>/", generic.DetailView.as_view(model=Post), name="post-detail"),
    path("by-slug/<slug:slug>/", generic.DetailView.as_view(model=Post)),
    path("new/", generic.CreateView.as_view(model=Post, fields=["title", "slug", "body"], success_url="/posts/{id}/")),
    path("posts/<int:pk>/edit/", generic.UpdateView.as_view(model=Post, fields=["title", "body"], success_url="/done/")),
    path("posts/<int:pk>/delete/", generic.DeleteView.as_view(model=Post, success_url="/posts/")),
    path("contact/", Contact.as_view()),
    path("about/", generic.TemplateView.as_view(template_name="about.html", extra_context={"who": "us"})),
    path("hello/<str:name>/", generic.TemplateView.as_view(template_name="hello.html")),
    path("go/<int:pk>/", generic.RedirectView.as_view(url="/posts/%(pk)s/")),
    path("moved/<int:pk>/", generic.RedirectView.as_view(pattern_name="post-detail", permanent=True, query_string=True)),
    path("gone/", generic.RedirectView.as_view()),
    path("percent/", generic.RedirectView.as_view(url="/a%%b/ü")),
]
sys.modules[__name__].urlpatterns = urlpatterns

REQUESTS = [
    ("GET", "/posts/", None), ("GET", "/posts/?page=2", None), ("GET", "/posts/?page=last", None),
    ("GET", "/posts/?page=abc", None), ("GET", "/posts/?page=9", None), ("GET", "/posts/?page=0", None),
    ("GET", "/posts/?page=%20+2%20", None), ("GET", "/orphans/", None), ("GET", "/all/", None),
    ("GET", "/titles/", None), ("GET", "/none/", None), ("GET", "/strict/", None), ("GET", "/strict-pages/", None),
    ("GET", "/posts/2/", None), ("GET", "/posts/99/", None), ("GET", "/by-slug/third/", None),
    ("GET", "/by-slug/nope/", None),
    ("GET", "/new/", None), ("POST", "/new/", {"title": "", "slug": "bad slug", "body": "x"}),
    ("POST", "/new/", {"title": "Fourth", "slug": "fourth", "body": "four"}), ("GET", "/posts/4/", None),
    ("GET", "/posts/2/edit/", None), ("POST", "/posts/2/edit/", {"title": "", "body": ""}),
    ("POST", "/posts/2/edit/", {"title": "Second, again", "body": "2"}), ("GET", "/posts/2/", None),
    ("GET", "/posts/99/edit/", None),
    ("GET", "/posts/3/delete/", None), ("POST", "/posts/3/delete/", {}), ("GET", "/posts/3/", None),
    ("POST", "/posts/99/delete/", {}), ("GET", "/all/", None), ("PUT", "/posts/", None),
    ("GET", "/about/", None), ("GET", "/hello/%3Cb%3EZo%C3%AB/", None), ("POST", "/about/", {}),
    ("GET", "/go/2/", None), ("POST", "/go/2/", {}), ("GET", "/moved/4/?a=1&b=%C3%BC", None), ("GET", "/moved/4/", None),
    ("GET", "/gone/", None), ("DELETE", "/gone/", None), ("GET", "/percent/", None),
    ("GET", "/contact/", None), ("POST", "/contact/", {"c-subject": "", "c-sender": "nope"}),
    ("POST", "/contact/", {"c-subject": "Hello", "c-sender": "ann@example.com"}), ("DELETE", "/contact/", None),
]

client = Client(raise_request_exception=False)
factory = RequestFactory()
cases = []
for method, url, data in REQUESTS:
    if method == "GET":
        response = client.get(url)
    elif method == "POST":
        response = client.post(url, data)
    else:
        response = client.generic(method, url)
    assert response.status_code != 500, url
    case = {"method": method, "path": url, "data": data, "status": response.status_code,
            "location": response.headers.get("Location"),
            "body": response.content.decode() if response.status_code == 200 else ""}
    if response.status_code == 404:
        match = resolve(url.split("?")[0])
        request = factory.get(url) if method == "GET" else factory.post(url, data or {})
        try:
            match.func(request, *match.args, **match.kwargs)
        except Http404 as error:
            case["message"] = str(error)
    cases.append(case)

path_ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generic_views.json")
with open(path_, "w") as file:
    json.dump({"django": django.get_version(), "templates": TEMPLATES, "rows": ROWS, "cases": cases}, file,
              indent=1, ensure_ascii=False)
