import PonyForms
import PonyWeb
import Testing

final class TemplatedForm: Form {
    @CharField(
        maxLength: 20,
        widget: try! .textInput(attrs: ["class": "wide"]).template(#"{% include "django/forms/widgets/input.html" %}"#))
    var plain: String
    @CharField(
        widget: try! .textInput().template(#"<span class="box">{% include "django/forms/widgets/input.html" %}</span>"#)
    )
    var boxed: String?
    @ChoiceField(
        choices: Choice.group("Warm", [("r", "Red")]) + [Choice("b", "Blue")],
        widget: try! .radioSelect().template(
            "{% for group, options, index in widget.optgroups %}[{{ group|default:'-' }}:{% for o in options %}"
                + "{{ o.value }}={{ o.label }}{% if o.selected %}*{% endif %}#{{ o.attrs.id }} {% endfor %}]{% endfor %}"
        ))
    var colour: String
    @CharField(widget: try! .textInput().template("{{ widget.missing.deeper|length }}{{ widget.name }}"))
    var odd: String?
}

/// Widgets written by a template of the app's instead of Pony's built-in HTML (Django's
/// `template_name`), seeing Django's widget context.
@Suite struct WidgetTemplateTests {
    @Test func stockTemplatesWriteWhatTheBuiltInWidgetsWrite() {
        let form = TemplatedForm(data: ["plain": "<Ann> & \"co\"", "colour": "r"])
        _ = form.isValid
        let builtIn = ContactLikeForm(data: ["plain": "<Ann> & \"co\""])
        #expect(form["plain"]?.html == builtIn["plain"]?.html)
        #expect(
            form["boxed"]?.html == #"<span class="box"><input type="text" name="boxed" id="id_boxed"></span>"#)
        #expect(form["colour"]?.html == "[Warm:r=Red*#id_colour_0_0 ][-:b=Blue#id_colour_1 ]")
        #expect(form["odd"]?.html == "0odd")
        #expect(throws: (any Error).self) { try Widget.textInput().template("{% if %}") }
    }
}

final class ContactLikeForm: Form {
    @CharField(maxLength: 20, widget: .textInput(attrs: ["class": "wide"])) var plain: String
}
