import Foundation
import PonyForms
import PonyORM
import PonySQLite
import PonyWeb
import Testing

@Model
struct Topic {
    @Field(maxLength: 30) var name: String
    var text: String { name }
}

@Model
struct Post {
    @Field(maxLength: 60) var title: String
    var topics = ManyToMany<Topic>()
    @Field(blank: true, relatedName: "seeAlsoPosts") var related = ManyToMany<Topic>()
}

final class PostForm: ModelForm<Post> {}

final class TitleFirstPostForm: ModelForm<Post> {
    override class var modelFields: [String]? { ["topics", "title"] }
}

/// Many-to-many fields in model forms: Django's `ModelMultipleChoiceField` (a
/// `<select multiple>` of the target's rows), saved with the row, shown selected when editing.
@Suite(.serialized) struct ModelFormManyToManyTests {
    static func withPosts(_ body: @Sendable () async throws -> Void) async throws {
        try await withMigratedDatabase([Topic.self, Post.self], app: "blog", body)
    }

    @Test func choosesSavesAndEditsRelatedRows() async throws {
        try await Self.withPosts {
            var swift = Topic(name: "Swift")
            try await swift.save()
            var web = Topic(name: "Web & <HTML>")
            try await web.save()
            let (s, w) = (String(swift.id ?? 0), String(web.id ?? 0))

            let form = try await PostForm()
            #expect(form.boundFields.map(\.name) == ["title", "topics", "related"])
            #expect(
                form["topics"]?.html
                    == "<select name=\"topics\" required id=\"id_topics\" multiple>\n  <option value=\"\(s)\">Swift</option>\n\n  <option value=\"\(w)\">Web &amp; &lt;HTML&gt;</option>\n\n</select>"
            )
            #expect(form["related"]?.html.contains(" required") == false)
            #expect(try await TitleFirstPostForm().boundFields.map(\.name) == ["topics", "title"])

            var data: QueryDict = ["title": "Hello"]
            data.append("topics", s)
            data.append("topics", w)
            let saved = try await PostForm(data: data).save()
            #expect(try await saved.related(\.topics).all().fetch().map(\.name).sorted() == ["Swift", "Web & <HTML>"])
            #expect(try await saved.related(\.related).count() == 0)

            let edit = try await PostForm(instance: saved)
            #expect(edit["topics"]?.html.contains("<option value=\"\(w)\" selected>") == true)

            var change: QueryDict = ["title": "Hello again"]
            change.append("topics", w)
            change.append("related", s)
            let updated = try await PostForm(data: change, instance: saved).save()
            #expect(try await updated.related(\.topics).all().fetch().map(\.name) == ["Web & <HTML>"])
            #expect(try await updated.related(\.related).all().fetch().map(\.name) == ["Swift"])

            var bad: QueryDict = ["title": "Bad"]
            bad.append("topics", "999")
            let invalid = try await PostForm(data: bad)
            #expect(try await !invalid.validate())
            #expect(
                invalid.errors(for: "topics") == ["Select a valid choice. 999 is not one of the available choices."])
            let missing = try await PostForm(data: ["title": "None"])
            #expect(missing.errors(for: "topics") == ["This field is required."])

            // save(commit: false), then the row, then its relations (Django's save_m2m()).
            var later: QueryDict = ["title": "Later"]
            later.append("topics", s)
            let laterForm = try await PostForm(data: later)
            var row = try await laterForm.save(commit: false)
            #expect(row.id == nil)
            try await row.save()
            try await laterForm.saveManyToMany(row)
            #expect(try await row.related(\.topics).all().fetch().map(\.name) == ["Swift"])
        }
    }

    /// The same form renders and validates as Django's ModelForm of the same models, with the
    /// same two topics (Fixtures/django_forms.json, "m2m_*").
    @Test func rendersAsDjangosModelMultipleChoiceField() async throws {
        try await Self.withPosts {
            for name in ["Swift", "Web & <HTML>"] {
                var topic = Topic(name: name)
                try await topic.save()
            }
            var invalid: QueryDict = ["title": "Bad"]
            invalid.append("topics", "999")
            var valid: QueryDict = ["title": "Hello"]
            valid.append("topics", "1")
            valid.append("topics", "2")
            valid.append("related", "2")
            let forms: [String: QueryDict?] = ["m2m_unbound": nil, "m2m_invalid": invalid, "m2m_valid": valid]
            for (name, data) in forms {
                let expected = try #require(ModelFormTests.djangoCases[name])
                let form = try await PostForm(data: data)
                if let isValid = expected.is_valid {
                    #expect(try await form.validate() == isValid, "\(name)")
                    #expect(
                        Dictionary(uniqueKeysWithValues: form.errors.map { ($0.field, $0.messages) })
                            == expected.errors, "\(name)")
                }
                #expect(form.asDiv == expected.div, "\(name)")
                #expect(form.asP == expected.p, "\(name)")
            }
        }
    }
}
