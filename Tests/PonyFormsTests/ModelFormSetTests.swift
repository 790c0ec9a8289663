import Foundation
import PonyForms
import PonyORM
import PonyWeb
import Testing

final class TopicForm: ModelForm<Topic> {
    override class var modelFields: [String]? { ["name"] }
}

/// Model formsets (Django's `modelformset_factory`) against Django 5.2's, over the same two
/// rows (Fixtures/django_forms.json, "formset_*"): the same HTML, the same errors for a
/// tampered key, and the same rows after a post that edits one, deletes one and adds one.
@Suite(.serialized) struct ModelFormSetTests {
    static let data: [(String, String)] = [
        ("form-TOTAL_FORMS", "3"), ("form-INITIAL_FORMS", "2"), ("form-MIN_NUM_FORMS", "0"),
        ("form-MAX_NUM_FORMS", "1000"), ("form-0-id", "1"), ("form-0-name", "Swift 6"), ("form-1-id", "2"),
        ("form-1-name", "Web & <HTML>"), ("form-1-DELETE", "on"), ("form-2-id", ""), ("form-2-name", "Databases"),
    ]

    static func formset(_ data: QueryDict?) async throws -> ModelFormSet<Topic, TopicForm> {
        try await ModelFormSet<Topic, TopicForm>(
            data: data, queryset: Topic.objects.orderBy("name"), extra: 1, canDelete: true)
    }

    @Test func editsDeletesAndAddsRowsAsDjango() async throws {
        let cases = ModelFormTests.djangoCases
        try await ModelFormManyToManyTests.withPosts {
            for name in ["Swift", "Web & <HTML>"] {
                var topic = Topic(name: name)
                try await topic.save()
            }
            let unbound = try await Self.formset(nil)
            #expect(unbound.formset.asDiv == cases["formset_unbound"]?.div)
            #expect(unbound.formset.asP == cases["formset_unbound"]?.p)

            var tamperedData = QueryDict(Self.data)
            tamperedData = QueryDict(tamperedData.items.map { $0.key == "form-0-id" ? ($0.key, "999") : $0 })
            let tampered = try await Self.formset(tamperedData)
            #expect(try await !tampered.validate())
            #expect(tampered.forms[0].errors(for: "id") == cases["formset_tampered"]?.errors?["id"])
            #expect(tampered.formset.asDiv == cases["formset_tampered"]?.div)

            let bound = try await Self.formset(QueryDict(Self.data))
            #expect(try await bound.validate())
            #expect(bound.formset.asDiv == cases["formset_bound"]?.div)
            let saved = try await bound.save()
            #expect(saved.map(\.name) == ["Swift 6", "Databases"])
            #expect(try await Topic.objects.orderBy("name").fetch().map(\.name) == ["Databases", "Swift 6"])
        }
    }
}
