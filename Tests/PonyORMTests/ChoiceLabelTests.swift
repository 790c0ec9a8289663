import PonyORM
import PonyTemplates
import Testing

@testable import PonyORM

enum Stage: String, Choices {
    case draft, inProgress = "in_progress", HTTPError = "http_error"
}

enum Urgency: Int, Choices {
    case low = 1, high = 2
    var label: String { self == .low ? "Can wait" : "Urgent" }
}

@Model struct Ticket {
    var stage: Stage = .draft
    var urgency: Urgency?
    @Field(maxLength: 2, choices: [(.text("s"), "Small"), (.text("l"), "Large")]) var size: String
    @Field(maxLength: 10) var note: String
}

/// Choice labels as Django shows them: a `Choices` case's name in words, as Django labels a
/// `TextChoices` member declared without one, or the enum's own `label`; in templates through
/// `get_<field>_display`.
@Suite struct ChoiceLabelTests {
    /// Django's `name.replace("_", " ").title()` of the same names in Django's spelling
    /// (`IN_PROGRESS`, `HTTP2_ERROR`, `SECOND_2ND`), as Python 3 printed them.
    @Test(arguments: [
        ("low", "Low"), ("inProgress", "In Progress"), ("in_progress", "In Progress"), ("HTTPError", "Http Error"),
        ("http2Error", "Http2 Error"), ("second_2nd", "Second 2Nd"), ("a", "A"), ("x_y_z", "X Y Z"),
    ])
    func caseNamesReadAsDjangosLabels(name: String, label: String) {
        #expect(choiceLabel(caseName: name) == label)
    }

    @Test func fieldsOfferTheirLabels() throws {
        let fields = Ticket.schemaInfo.fields
        let stage = try #require(fields.first { $0.name == "stage" }?.choices)
        #expect(stage.map(\.1) == ["Draft", "In Progress", "Http Error"])
        #expect(stage.map(\.0) == [.text("draft"), .text("in_progress"), .text("http_error")])
        #expect(try #require(fields.first { $0.name == "urgency" }?.choices).map(\.1) == ["Can wait", "Urgent"])
        #expect(try #require(fields.first { $0.name == "size" }?.choices).map(\.1) == ["Small", "Large"])
        #expect(fields.first { $0.name == "note" }?.choices == nil)
    }

    @Test func templatesShowTheLabelThroughGetDisplay() throws {
        let template = try Template(
            "{{ t.get_stage_display }}|{{ t.get_urgency_display }}|{{ t.get_size_display }}|"
                + "[{{ t.get_note_display }}]|{{ t.get_nothing_display }}|{{ t.stage }}")
        let ticket = Ticket(stage: .inProgress, urgency: .high, size: "l", note: "x")
        #expect(try template.render(["t": ticket]) == "In Progress|Urgent|Large|[]||in_progress")
        // A value among none of the choices shows as it is, and no value as None (Django's
        // `force_str(value, strings_only=True)`).
        let odd = Ticket(stage: .draft, urgency: nil, size: "xl", note: "")
        #expect(try template.render(["t": odd]) == "Draft|None|xl|[]||draft")
    }
}
