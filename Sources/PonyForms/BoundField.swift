internal import Foundation
internal import PonySupport
internal import PonyWeb

/// A field of one form, with its data and errors (Django's `BoundField`): what templates
/// show as `{{ form.subject }}`, `{{ form.subject.errors }}`, `{{ form.subject.label_tag }}`.
public struct BoundField: Sendable {
    let core: FormCore
    let field: FieldBox

    /// The field's name (`cc_myself`).
    public var name: String { field.name }
    /// The input's name: the name with the form's prefix (`billing-cc_myself`).
    public var htmlName: String { core.prefix.map { "\($0)-\(name)" } ?? name }
    /// The input's `id` (`id_cc_myself`), or `""` when the form makes none.
    public var autoID: String {
        let format = core.autoID
        if format == "id_%s" { return "id_" + htmlName }
        if let range = format.range(of: "%s") {
            return format[..<range.lowerBound] + htmlName + format[range.upperBound...]
        }
        return format.isEmpty ? "" : htmlName
    }
    /// The label in the current language: the field's, else its name in words (`Cc myself`,
    /// Django's `pretty_name`). Labels are message ids, as Django's `label=_("…")` marks them;
    /// a model form's is its field's verbose name, translated, then capitalised.
    public var label: String {
        if let verboseName = field.spec.verboseName { return capitalizedFirst(translate(verboseName)) }
        return translate(field.spec.label ?? prettyName(name))
    }
    /// The help text (HTML) in the current language; it is a message id, as the label.
    public var helpText: String { field.spec.helpText.isEmpty ? "" : translate(field.spec.helpText) }
    /// The field's errors.
    public var errors: [String] { core.errors(for: name) }
    /// Whether the input is hidden.
    public var isHidden: Bool { field.spec.widget.isHidden }
    /// Whether Django groups it in a `<fieldset>` (radio buttons, checkboxes).
    public var usesFieldset: Bool { field.spec.widget.usesFieldset }
    /// The widget.
    public var widget: Widget {
        guard let loaded = field.spec.loadedChoices?.choices else { return field.spec.widget }
        var widget = field.spec.widget
        widget.choices = loaded
        return widget
    }
    /// The cleaned value (after validation; `nil` when the field has errors or is empty).
    public var cleanedValue: (any Sendable)? { field.cleaned }

    /// The `id` a label points at (Django's `id_for_label`).
    public var idForLabel: String {
        let id = widget.attrs.text("id") ?? autoID
        return id.isEmpty ? "" : widget.idForLabel(id)
    }

    /// The initial value, as the widget writes it.
    var initialWidgetValue: WidgetValue {
        if let value = core.initial[name] ?? core.initial[field.swiftName] { return field.spec.prepare(value) }
        if let value = field.spec.initial { return field.spec.prepare(value) }
        return field.spec.emptyWidgetValue
    }

    /// What was submitted for the field.
    var submitted: WidgetValue {
        widget.value(from: core.data, files: core.files, name: htmlName, required: field.spec.required)
    }

    /// The value the widget shows (Django's `BoundField.value()`): the initial value, or for a
    /// bound form what was submitted (a disabled field always shows its initial value).
    public var value: WidgetValue {
        guard core.isBound, !field.spec.disabled, !widget.needsMultipartForm else { return initialWidgetValue }
        return field.spec.boundData(submitted)
    }

    /// `aria-describedby`: the help text's and the errors' ids.
    var ariaDescribedBy: String {
        guard widget.attrs["aria-describedby"] == nil, !autoID.isEmpty, !isHidden else { return "" }
        var ids: [String] = []
        if !helpText.isEmpty { ids.append("\(autoID)_helptext") }
        if !errors.isEmpty { ids.append("\(autoID)_error") }
        return ids.joined(separator: " ")
    }

    /// The widget's HTML (`{{ form.subject }}`, Django's `as_widget`).
    public var html: String {
        var attrs = Attributes()
        // NB: a file input with a stored file is not `required`: leaving it empty keeps the file.
        let keepsStored = widget.needsMultipartForm && initialWidgetValue != .none
        if widget.usesRequiredAttribute, field.spec.required, core.useRequiredAttribute, !keepsStored {
            attrs["required"] = true
        }
        if field.spec.disabled { attrs["disabled"] = true }
        if !isHidden, !errors.isEmpty { attrs["aria-invalid"] = "true" }
        if !usesFieldset {
            let described = ariaDescribedBy
            if !described.isEmpty { attrs["aria-describedby"] = .text(described) }
        }
        if !autoID.isEmpty, widget.attrs["id"] == nil { attrs["id"] = .text(autoID) }
        if widget.kind == .file(clearable: true), core.isBound, core.data.contains(htmlName + "-clear") {
            attrs["checked"] = true
        }
        return widget.render(name: htmlName, value: value, extra: attrs)
    }

    /// `<label for="id_subject">Subject:</label>` (Django's `label_tag`): the label escaped,
    /// with the form's suffix unless it ends in punctuation; just the text when the form
    /// makes no ids.
    public func labelTag(_ contents: String? = nil, tag: String = "label") -> String {
        let raw = contents ?? label
        var text = escapeHTML(raw)
        if !core.labelSuffix.isEmpty, let last = raw.last, !":?.!".contains(last) {
            text += escapeHTML(core.labelSuffix)
        }
        let id = widget.attrs.text("id") ?? autoID
        guard !id.isEmpty else { return text }
        let target = widget.idForLabel(id)
        var output = "<" + tag
        if !target.isEmpty { output += " for=\"" + escapeHTML(target) + "\"" }
        return output + ">" + text + "</" + tag + ">"
    }

    /// `<legend>Colour:</legend>` (Django's `legend_tag`).
    public var legendTag: String { labelTag(tag: "legend") }

    /// The errors as Django's `<ul class="errorlist" id="…_error">` (empty without errors).
    public var errorsHTML: String { FormRendering.errorList(errors, id: autoID.isEmpty ? nil : autoID + "_error") }

    /// Label, help text, errors and widget as Django's `field.html` writes them
    /// (`{{ field.as_field_group }}`).
    public var fieldGroup: String { FormRendering.fieldGroup(self) }
}

/// Django's `pretty_name`: `cc_myself` → `Cc myself` (Python's `capitalize()`).
func prettyName(_ name: String) -> String {
    let words = String(name.map { $0 == "_" ? " " : $0 })
    guard let first = words.first else { return "" }
    return first.uppercased() + words.dropFirst().lowercased()
}
