#!/usr/bin/env pony
// A guestbook: a model form with its own check ("No spam, please."), CSRF, a success
// message, redirect-after-post, visitors' text escaped wherever it is shown, an optional
// attachment saved under media/attachments/ (served from /media/ under `pony run`), and the
// entries twenty a page.
//
//   pony run Examples/guestbook.swift      → http://127.0.0.1:8000/
import Pony

let app = Pony()
app.install(.sessions(), .messages())

@Model(ordering: ["-createdAt"])
struct Entry {
    @Field(maxLength: 60) var name: String
    @Field(helpText: "Be nice.") var message: String
    @Field(blank: true, kind: .file, uploadTo: "attachments/") var attachment = ""
    @Field(autoNowAdd: true) var createdAt: Date
}

/// The form people sign with: the entry's name, message and attachment, as Django's
/// ModelForm makes them.
final class EntryForm: ModelForm<Entry> {
    override class var modelFields: [String]? { ["name", "message", "attachment"] }

    override func clean() throws(ValidationError) {
        let text = (cleaned(\.message) ?? "").lowercased()
        if text.contains("http://") || text.contains("https://") { throw ValidationError("No spam, please.") }
    }
}

app.templates["guestbook.html"] = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>Guestbook</title></head>
    <body><main>
    <h1>Guestbook</h1>
    {% for message in messages %}<p class="{{ message.tags }}">{{ message }}</p>{% endfor %}
    <form method="post"{% if form.is_multipart %} enctype="multipart/form-data"{% endif %}>
    {% csrf_token %}{{ form }}<button>Sign</button></form>
    {% for entry in entries %}
      <article><h2>{{ entry.name }}</h2><p>{{ entry.message|linebreaksbr }}</p>
      {% if entry.attachment %}<p><a href="{{ MEDIA_URL }}{{ entry.attachment }}">{{ entry.attachment }}</a></p>{% endif %}
      <small>{{ entry.createdAt|date:"j M Y, H:i" }}</small></article>
    {% empty %}<p>No entries yet: be the first.</p>{% endfor %}
    {% if entries.has_other_pages %}<nav>
      {% if entries.has_previous %}<a href="?page={{ entries.previous_page_number }}">Newer</a>{% endif %}
      Page {{ entries.number }} of {{ entries.paginator.num_pages }}
      {% if entries.has_next %}<a href="?page={{ entries.next_page_number }}">Older</a>{% endif %}
    </nav>{% endif %}
    </main></body></html>
    """

app.route("/", methods: [.get, .post], name: "guestbook") { request in
    let isPost = request.method == .post
    let form = try await EntryForm(data: isPost ? try request.form : nil, files: isPost ? try request.files : [:])
    if request.method == .post, try await form.validate() {
        let entry = try await form.save()
        request.messages.success("Thanks for signing, \(entry.name)!")
        return Response.redirect(to: "/")
    }
    // Twenty a page, newest first; any ?page= gives a page (the last one past the end).
    let entries = try await Paginator(Entry.objects.all(), perPage: 20).getPage(request.query["page"])
    return try render(request, "guestbook.html", ["form": form, "entries": entries])
}

app.run()
