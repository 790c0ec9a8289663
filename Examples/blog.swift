#!/usr/bin/env pony  // A blog from Django's generic views: posts listed five a page, each on its own page, an
// archive by year and month, written, changed and deleted by logged-in users, with an Atom
// feed, a sitemap and the admin.
//
//   pony run Examples/blog.swift      → http://127.0.0.1:8000/ (log in at /accounts/login/)
import Pony

let app = Pony()

@Model(ordering: ["-published"])
struct Post {
    @Field(maxLength: 200) var title: String
    @Field(maxLength: 200, unique: true, kind: .slug) var slug: String
    var body: String
    @Field(autoNowAdd: true) var published: Date
}

/// What writers fill in: the title, the slug for the post's address, and the text.
final class PostForm: ModelForm<Post> {
    override class var modelFields: [String]? { ["title", "slug", "body"] }
}

app.install(
    .sessions(), .contentTypes(), .auth(), .messages(),
    .sitemaps([
        "posts": Sitemap(Post.objects, changefreq: .weekly) { SitemapURL("/posts/\($0.slug)/", lastmod: $0.published) }
    ]))
app.admin(Post.self) { admin in
    admin.listDisplay = ["title", "slug", "published"]
    admin.searchFields = ["title", "body"]
}

// The generic views' templates, by Django's names (`blog/post_list.html`: the app is the file).
app.templates["blog/base.html"] = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{% block title %}Blog{% endblock %}</title>
    <link rel="alternate" type="application/atom+xml" href="/feed/"></head>
    <body><main>{% for message in messages %}<p class="{{ message.tags }}">{{ message }}</p>{% endfor %}
    {% block content %}{% endblock %}</main></body></html>
    """
app.templates["blog/post_list.html"] = """
    {% extends "blog/base.html" %}{% block content %}
    <h1>Blog</h1><p><a href="/archive/">Archive</a>{% if user.is_authenticated %} <a href="/new/">Write a post</a>{% endif %}</p>
    {% for post in post_list %}
      <article><h2><a href="/posts/{{ post.slug }}/">{{ post.title }}</a></h2>
      <p>{{ post.body|truncatewords:30 }}</p><small>{{ post.published|date:"j M Y" }}</small></article>
    {% empty %}<p>No posts yet.</p>{% endfor %}
    {% if is_paginated %}<nav>
      {% if page_obj.has_previous %}<a href="?page={{ page_obj.previous_page_number }}">Newer</a>{% endif %}
      Page {{ page_obj.number }} of {{ paginator.num_pages }}
      {% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">Older</a>{% endif %}
    </nav>{% endif %}
    {% endblock %}
    """
app.templates["blog/post_archive.html"] = """
    {% extends "blog/base.html" %}{% block content %}<h1>Archive</h1>
    <ul>{% for year in date_list %}<li><a href="/archive/{{ year|date:"Y" }}/">{{ year|date:"Y" }}</a></li>{% endfor %}</ul>
    {% endblock %}
    """
app.templates["blog/post_archive_year.html"] = """
    {% extends "blog/base.html" %}{% block content %}<h1>{{ year|date:"Y" }}</h1>
    <ul>{% for month in date_list %}
      <li><a href="/archive/{{ month|date:"Y/b" }}/">{{ month|date:"F" }}</a></li>
    {% endfor %}</ul>
    {% if previous_year %}<a href="/archive/{{ previous_year|date:"Y" }}/">{{ previous_year|date:"Y" }}</a>{% endif %}
    {% if next_year %}<a href="/archive/{{ next_year|date:"Y" }}/">{{ next_year|date:"Y" }}</a>{% endif %}
    {% endblock %}
    """
app.templates["blog/post_archive_month.html"] = """
    {% extends "blog/base.html" %}{% block content %}<h1>{{ month|date:"F Y" }}</h1>
    <ul>{% for post in post_list %}<li><a href="/posts/{{ post.slug }}/">{{ post.title }}</a></li>{% endfor %}</ul>
    {% endblock %}
    """
app.templates["blog/post_detail.html"] = """
    {% extends "blog/base.html" %}{% block title %}{{ post.title }}{% endblock %}{% block content %}
    <article><h1>{{ post.title }}</h1>{{ post.body|linebreaks }}</article>
    {% if user.is_authenticated %}<p><a href="edit/">Edit</a> <a href="delete/">Delete</a></p>{% endif %}
    {% endblock %}
    """
app.templates["blog/post_form.html"] = """
    {% extends "blog/base.html" %}{% block content %}
    <h1>{% if post %}Edit “{{ post.title }}”{% else %}New post{% endif %}</h1>
    <form method="post">{% csrf_token %}{{ form }}<button>Save</button></form>
    {% endblock %}
    """
app.templates["blog/post_confirm_delete.html"] = """
    {% extends "blog/base.html" %}{% block content %}
    <form method="post">{% csrf_token %}<p>Delete “{{ post.title }}”?</p><button>Delete</button></form>
    {% endblock %}
    """

let postURL: @Sendable (Post) -> String = { "/posts/\($0.slug)/" }
app.route("", name: "post-list", ListView(Post.objects, paginateBy: 5))
app.route("posts/<slug:slug>/", name: "post-detail", DetailView(Post.objects))
app.route("archive/", name: "archive", ArchiveIndexView(Post.objects, dateField: "published", allowEmpty: true))
app.route("archive/<int:year>/", YearArchiveView(Post.objects, dateField: "published"))
app.route("archive/<int:year>/<str:month>/", MonthArchiveView(Post.objects, dateField: "published"))
let saved: @Sendable (Post) -> String = { "“\($0.title)” was saved." }
app.loginRequired.route("new/", CreateView(PostForm.self, successMessage: saved, successURL: postURL))
app.loginRequired.route("posts/<slug:slug>/edit/", UpdateView(PostForm.self, successMessage: saved, successURL: postURL))
app.loginRequired.route(
    "posts/<slug:slug>/delete/", DeleteView(Post.objects, successMessage: { "“\($0.title)” was deleted." }) { _ in "/" })

app.feed("feed/") { _ in
    let posts = try await Post.objects[0..<20].fetch()
    return Feed(.atom, title: "Blog", link: "/", subtitle: "The latest posts.", items: posts) {
        FeedItem(title: $0.title, link: postURL($0), description: $0.body, pubdate: $0.published)
    }
}

app.run()
