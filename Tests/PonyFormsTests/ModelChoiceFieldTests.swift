import Foundation
import PonyForms
import PonyORM
import PonyWeb
import Testing

final class PickForm: Form {
    @ModelChoiceField(Topic.objects.orderBy("name")) var topic: Topic?
    @ModelMultipleChoiceField(Topic.objects.orderBy("name"), required: false) var more: [Topic]
}

/// Django's `ModelChoiceField` and `ModelMultipleChoiceField` in a plain form: the rows are
/// read by `loaded()`, shown by their text, and cleaned to the rows.
@Suite(.serialized) struct ModelChoiceFieldTests {
    @Test func offersAndCleansRows() async throws {
        try await ModelFormManyToManyTests.withPosts {
            var swift = Topic(name: "Swift")
            try await swift.save()
            var web = Topic(name: "Web & <HTML>")
            try await web.save()
            let (s, w) = (String(swift.id ?? 0), String(web.id ?? 0))

            let unbound = try await PickForm().loaded()
            #expect(
                unbound["topic"]?.html
                    == "<select name=\"topic\" required id=\"id_topic\">\n  <option value=\"\" selected>---------</option>\n\n  <option value=\"\(s)\">Swift</option>\n\n  <option value=\"\(w)\">Web &amp; &lt;HTML&gt;</option>\n\n</select>"
            )
            #expect(unbound["more"]?.html.hasPrefix("<select name=\"more\" id=\"id_more\" multiple>") == true)

            var data: QueryDict = ["topic": w]
            data.append("more", s)
            data.append("more", w)
            let form = try await PickForm(data: data).loaded()
            #expect(form.isValid)
            #expect(form.topic?.name == "Web & <HTML>")
            #expect(form.more.map(\.name) == ["Swift", "Web & <HTML>"])
            #expect(form["topic"]?.html.contains("<option value=\"\(w)\" selected>") == true)

            let bad = try await PickForm(data: ["topic": "999", "more": "x"]).loaded()
            #expect(!bad.isValid)
            #expect(
                bad.errors(for: "topic") == ["Select a valid choice. That choice is not one of the available choices."])
            #expect(bad.errors(for: "more") == ["“x” is not a valid value."])
            let missing = try await PickForm(data: ["topic": s, "more": "999"]).loaded()
            #expect(missing.errors(for: "more") == ["Select a valid choice. 999 is not one of the available choices."])

            // Not loaded: the developer is told what to do.
            let unread = PickForm(data: ["topic": s])
            #expect(unread.errors(for: "topic").first?.contains("loaded()") == true)
        }
    }
}
