import Foundation
import Pony
import PonyTesting
import Testing

/// A form in a view, as Django's docs write one: GET shows it empty; an invalid POST shows it
/// again with the errors and what was typed (200); a valid POST saves, adds a message and
/// redirects (302); without the CSRF token, 403.
@Suite struct FormViewTests {
    final class FeedbackForm: Form {
        @CharField(maxLength: 20) var name: String
        @EmailField var email: String
        @CharField(widget: .textarea) var message: String

        override func clean() throws(ValidationError) {
            if message.lowercased().contains("buy now") { throw ValidationError("No spam, please.") }
        }
    }

    static func app() -> Pony {
        let app = Pony(file: "/tmp/pony-forms/app.swift")
        app.install(.sessions(), .messages())
        app.templates["feedback.html"] = """
            {% for message in messages %}<p class="{{ message.tags }}">{{ message }}</p>{% endfor %}\
            <form method="post">{% csrf_token %}{{ form }}<button>Send</button></form>
            """
        app.route("/feedback/", methods: [.get, .post]) { request in
            let form = request.method == .post ? FeedbackForm(data: try request.form) : FeedbackForm()
            if form.isValid {
                request.messages.success("Thanks, \(form.name)!")
                return Response.redirect(to: "/feedback/")
            }
            return try render(request, "feedback.html", ["form": form])
        }
        return app
    }

    static func token(_ page: String) -> String {
        page.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/).map { String($0.1) } ?? ""
    }

    @Test func getInvalidValidAndForbidden() async throws {
        let client = try TestClient(Self.app())
        client.enforceCSRFChecks = true
        let empty = await client.get("/feedback/")
        #expect(empty.status == .ok)
        #expect(empty.text.contains(#"<input type="text" name="name" maxlength="20" required id="id_name">"#))
        let token = Self.token(empty.text)
        #expect(token.count == 64)

        #expect(await client.post("/feedback/", form: ["name": "Ann"]).status == .forbidden)

        let invalid = await client.post(
            "/feedback/",
            form: ["csrfmiddlewaretoken": token, "name": "<b>Ann</b>", "email": "nope", "message": "Buy now!"])
        #expect(invalid.status == .ok)
        // As Django, the form's clean() runs after field errors too.
        #expect(invalid.text.contains(#"<ul class="errorlist nonfield"><li>No spam, please.</li></ul>"#))
        #expect(
            invalid.text.contains(
                #"<ul class="errorlist" id="id_email_error"><li>Enter a valid email address.</li></ul>"#))
        #expect(invalid.text.contains(#"value="&lt;b&gt;Ann&lt;/b&gt;""#))
        #expect(!invalid.text.contains("<b>Ann</b>"))

        let spam = await client.post(
            "/feedback/", form: ["csrfmiddlewaretoken": token, "name": "Ann", "email": "a@b.co", "message": "Buy now!"])
        #expect(spam.text.contains(#"<ul class="errorlist nonfield"><li>No spam, please.</li></ul>"#))
        #expect(spam.text.contains("Buy now!</textarea>"))

        let valid = await client.post(
            "/feedback/", form: ["csrfmiddlewaretoken": token, "name": "Ann", "email": "a@b.co", "message": "Hello"])
        #expect(valid.status == .found)
        #expect(valid.headers["Location"] == "/feedback/")
        let after = await client.get("/feedback/")
        #expect(after.text.contains(#"<p class="success">Thanks, Ann!</p>"#))
    }
}
