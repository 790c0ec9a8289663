internal import PonySupport
internal import PonyWeb

/// How a field shows in HTML and reads its value back: Django's widgets, writing the same
/// bytes as Django 5.2's widget templates.
///
/// ```swift
/// @CharField(widget: .textarea(attrs: ["rows": 3])) var message: String
/// @ChoiceField(choices: sizes, widget: .radioSelect) var size: String
/// ```
public struct Widget: Sendable {
    /// The kinds of widget, by the HTML they write.
    public enum Kind: Sendable, Equatable {
        /// `<input type="…">`: text, number, email, url, password, hidden, date, … (Django's
        /// `Input` subclasses).
        case input(String)
        /// `<textarea>`.
        case textarea
        /// `<input type="checkbox">` for one boolean.
        case checkbox
        /// `<select>`, or `<select multiple>`.
        case select(multiple: Bool)
        /// Radio buttons, one per choice.
        case radio
        /// Checkboxes, one per choice.
        case checkboxes
        /// `<input type="file">`; a clearable one also shows the stored file and a "Clear"
        /// checkbox (Django's `ClearableFileInput`).
        case file(clearable: Bool)
    }

    /// What it writes.
    public var kind: Kind
    /// Its own attributes (Django's `widget.attrs`), written before the field's.
    public var attrs: Attributes
    /// The options of a choice widget; a choice field sets them.
    public var choices: [Choice] = []
    /// Whether an `<input>` writes its value (a `PasswordInput` does not, by default).
    public var rendersValue = true
    /// The `strftime` format of a date or time input's initial value.
    var dateFormat: String?
    /// Whether its field is required (Django's `is_required`): a required clearable file
    /// input has no "Clear" checkbox.
    var isRequired = false
    /// A template that writes the widget instead of the built-in HTML; see ``template(_:)``.
    var customTemplate: WidgetTemplate?
    /// Django's template name, for messages and overrides.
    public var templateName: String

    /// A widget of `kind` with `attrs`.
    public init(kind: Kind, attrs: Attributes = [:], templateName: String) {
        self.kind = kind
        self.attrs = attrs
        self.templateName = templateName
    }

    private static func input(_ type: String, _ attrs: Attributes, template: String? = nil) -> Widget {
        Widget(kind: .input(type), attrs: attrs, templateName: "django/forms/widgets/\(template ?? type).html")
    }

    /// `<input type="text">`.
    public static func textInput(attrs: Attributes = [:]) -> Widget { input("text", attrs) }
    /// `<input type="number">`.
    public static func numberInput(attrs: Attributes = [:]) -> Widget { input("number", attrs) }
    /// `<input type="email">`.
    public static func emailInput(attrs: Attributes = [:]) -> Widget { input("email", attrs) }
    /// `<input type="url">`.
    public static func urlInput(attrs: Attributes = [:]) -> Widget { input("url", attrs) }
    /// `<input type="search">`.
    public static func searchInput(attrs: Attributes = [:]) -> Widget { input("search", attrs) }
    /// `<input type="tel">`.
    public static func telInput(attrs: Attributes = [:]) -> Widget { input("tel", attrs) }
    /// `<input type="color">`.
    public static func colorInput(attrs: Attributes = [:]) -> Widget { input("color", attrs) }
    /// `<input type="password">`, empty again after a failed submission unless `renderValue`.
    public static func passwordInput(attrs: Attributes = [:], renderValue: Bool = false) -> Widget {
        var widget = input("password", attrs)
        widget.rendersValue = renderValue
        return widget
    }
    /// `<input type="hidden">`.
    public static func hiddenInput(attrs: Attributes = [:]) -> Widget { input("hidden", attrs) }
    /// A text input for a date, writing initial dates as `format`; by default in the current
    /// language's first `DATE_INPUT_FORMATS` (`2026-12-03`; German `03.12.2026`), as Django's.
    public static func dateInput(attrs: Attributes = [:], format: String? = nil) -> Widget {
        var widget = input("text", attrs, template: "date")
        widget.dateFormat = format
        return widget
    }
    /// A text input for a date and time, writing initial values as `format` (by default the
    /// current language's first `DATETIME_INPUT_FORMATS`).
    public static func dateTimeInput(attrs: Attributes = [:], format: String? = nil) -> Widget {
        var widget = input("text", attrs, template: "datetime")
        widget.dateFormat = format
        return widget
    }
    /// A text input for a time of day, writing initial values as `format` (by default the
    /// current language's first `TIME_INPUT_FORMATS`).
    public static func timeInput(attrs: Attributes = [:], format: String? = nil) -> Widget {
        var widget = input("text", attrs, template: "time")
        widget.dateFormat = format
        return widget
    }
    /// `<textarea>`, 40 columns by 10 rows unless `attrs` say otherwise.
    public static func textarea(attrs: Attributes = [:]) -> Widget {
        Widget(
            kind: .textarea, attrs: (["cols": "40", "rows": "10"] as Attributes).merging(attrs),
            templateName: "django/forms/widgets/textarea.html")
    }
    /// The default `<textarea>`.
    public static var textarea: Widget { textarea() }
    /// `<input type="checkbox">`.
    public static func checkboxInput(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .checkbox, attrs: attrs, templateName: "django/forms/widgets/checkbox.html")
    }
    /// `<select>`.
    public static func select(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .select(multiple: false), attrs: attrs, templateName: "django/forms/widgets/select.html")
    }
    /// `<select multiple>`.
    public static func selectMultiple(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .select(multiple: true), attrs: attrs, templateName: "django/forms/widgets/select.html")
    }
    /// Radio buttons.
    public static func radioSelect(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .radio, attrs: attrs, templateName: "django/forms/widgets/radio.html")
    }
    /// The default radio buttons.
    public static var radioSelect: Widget { radioSelect() }
    /// Checkboxes, one per choice.
    public static func checkboxSelectMultiple(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .checkboxes, attrs: attrs, templateName: "django/forms/widgets/checkbox_select.html")
    }
    /// The default checkboxes.
    public static var checkboxSelectMultiple: Widget { checkboxSelectMultiple() }
    /// `<input type="file">` (Django's `FileInput`).
    public static func fileInput(attrs: Attributes = [:]) -> Widget {
        Widget(kind: .file(clearable: false), attrs: attrs, templateName: "django/forms/widgets/file.html")
    }
    /// A file input that shows the stored file, with a "Clear" checkbox when the field is not
    /// required (Django's `ClearableFileInput`, a file field's default).
    public static func clearableFileInput(attrs: Attributes = [:]) -> Widget {
        Widget(
            kind: .file(clearable: true), attrs: attrs, templateName: "django/forms/widgets/clearable_file_input.html")
    }
    /// The default password input.
    public static var passwordInput: Widget { passwordInput() }
    /// The default hidden input.
    public static var hiddenInput: Widget { hiddenInput() }

    // MARK: - Behaviour

    /// Whether forms with it must be sent as `multipart/form-data` (Django's
    /// `needs_multipart_form`).
    public var needsMultipartForm: Bool {
        if case .file = kind { return true }
        return false
    }

    /// Whether it is `<input type="hidden">`.
    public var isHidden: Bool { kind == .input("hidden") }

    /// Whether Django shows it in a `<fieldset>` with a `<legend>` (radio buttons, checkboxes).
    var usesFieldset: Bool { kind == .radio || kind == .checkboxes }

    var allowsMultiple: Bool { kind == .select(multiple: true) || kind == .checkboxes }

    /// Whether a required field's widget gets `required` (Django's `use_required_attribute`):
    /// not hidden inputs, not checkboxes for several choices, and a single `<select>` only
    /// when its first option is empty (a browser could not tell "unchosen" otherwise).
    var usesRequiredAttribute: Bool {
        switch kind {
        case .input, .file: !isHidden
        case .checkboxes: false
        case .select(multiple: false): choices.first?.value.isEmpty == true
        default: true
        }
    }

    /// The `for` of a label pointing at it: Django's `id_for_label` (radio buttons and
    /// checkboxes point at none: their labels are per option).
    func idForLabel(_ id: String, index: Int? = nil) -> String {
        guard usesFieldset else { return id }
        return index.map { "\(id)_\($0)" } ?? ""
    }

    /// The value submitted under `name` (Django's `value_from_datadict`); `required` is the
    /// field's (a required file cannot be cleared).
    func value(from data: QueryDict, files: UploadedFiles, name: String, required: Bool) -> WidgetValue {
        switch kind {
        case .file(let clearable):
            let upload = files[name]
            let clearBox = Widget.checkboxInput().value(
                from: data, files: files, name: name + "-clear", required: false)
            if clearable, !required, clearBox == .bool(true) {
                return .file(upload == nil ? .clear : .contradiction)
            }
            return upload.map { .file(.upload($0)) } ?? .none
        case .checkbox:
            guard data.contains(name), let value = data[name] else { return .bool(false) }
            switch value.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .bool(!value.isEmpty)
            }
        case .select(multiple: true), .checkboxes:
            return .list(data.list(name))
        default:
            return data[name].map(WidgetValue.text) ?? .none
        }
    }

    // MARK: - HTML

    /// The widget's HTML for `value`, with `extra` attributes after its own (Django's
    /// `Widget.render`).
    func render(name: String, value: WidgetValue, extra: Attributes) -> String {
        var attrs = attrs.merging(extra)
        if let customTemplate {
            if case .checkbox = kind, Self.isChecked(value) { attrs["checked"] = true }
            if case .select(true) = kind { attrs["multiple"] = true }
            return customTemplate.render(
                templateContext(name: name, value: value, attrs: attrs, selected: selectedValues(value)))
        }
        var output = ""
        switch kind {
        case .input(let type):
            writeInput(type: type, name: name, value: rendersValue ? Self.inputText(value) : nil, attrs, &output)
        case .checkbox:
            if Self.isChecked(value) { attrs["checked"] = true }
            let text: String? =
                switch value {
                case .text(let text) where !text.isEmpty: text
                default: nil
                }
            writeInput(type: "checkbox", name: name, value: text, attrs, &output)
        case .textarea:
            output += "<textarea name=\""
            appendEscapedHTML(name, to: &output)
            output += "\""
            attrs.write(to: &output)
            output += ">\n"
            if let text = Self.inputText(value) { appendEscapedHTML(text, to: &output) }
            output += "</textarea>"
        case .select(let multiple):
            if multiple { attrs["multiple"] = true }
            writeSelect(name: name, selected: selectedValues(value), attrs, &output)
        case .radio, .checkboxes:
            writeOptions(name: name, selected: selectedValues(value), attrs, &output)
        case .file(let clearable):
            writeFileInput(name: name, value: value, clearable: clearable, attrs, &output)
        }
        return output
    }

    /// Django's `file.html` and `clearable_file_input.html`: a stored file is linked, with a
    /// "Clear" checkbox unless the field is required (`required` among `attrs`).
    private func writeFileInput(
        name: String, value: WidgetValue, clearable: Bool, _ attrs: Attributes, _ output: inout String
    ) {
        var attrs = attrs
        guard clearable else {
            writeInput(type: "file", name: name, value: nil, attrs, &output)
            return
        }
        // NB: Django's order: the attributes, then `disabled` unless set, then `checked`
        // (whether the "Clear" box was ticked in the data; it lands on the file input too).
        let checked = attrs["checked"] ?? .flag(false)
        attrs["checked"] = nil
        if attrs["disabled"] == nil { attrs["disabled"] = .flag(false) }
        attrs["checked"] = checked
        if case .file(.stored(let stored, let url)) = value {
            output += "Currently: <a href=\""
            appendEscapedHTML(url, to: &output)
            output += "\">"
            appendEscapedHTML(stored, to: &output)
            output += "</a>"
            if !isRequired {
                let box = name + "-clear"
                output += "\n<input type=\"checkbox\" name=\""
                appendEscapedHTML(box, to: &output)
                output += "\" id=\""
                appendEscapedHTML(box + "_id", to: &output)
                output += "\""
                if attrs["disabled"] == true { output += " disabled" }
                if attrs["checked"] == true { output += " checked" }
                output += ">\n<label for=\""
                appendEscapedHTML(box + "_id", to: &output)
                output += "\">Clear</label>"
            }
            output += "<br>\nChange:\n"
        }
        output += "<input type=\"file\" name=\""
        appendEscapedHTML(name, to: &output)
        output += "\""
        attrs.write(to: &output)
        output += ">"
    }

    /// `<input type="…" name="…" value="…" …>` (Django's `input.html`).
    private func writeInput(type: String, name: String, value: String?, _ attrs: Attributes, _ output: inout String) {
        output += "<input type=\""
        appendEscapedHTML(type, to: &output)
        output += "\" name=\""
        appendEscapedHTML(name, to: &output)
        output += "\""
        if let value {
            output += " value=\""
            appendEscapedHTML(value, to: &output)
            output += "\""
        }
        attrs.write(to: &output)
        output += ">"
    }

    /// Django's `select.html` and `select_option.html`.
    private func writeSelect(name: String, selected: [String], _ attrs: Attributes, _ output: inout String) {
        output += "<select name=\""
        appendEscapedHTML(name, to: &output)
        output += "\""
        attrs.write(to: &output)
        output += ">"
        for group in optionGroups(selected) {
            if let name = group.name {
                output += "\n  <optgroup label=\""
                appendEscapedHTML(name, to: &output)
                output += "\">"
            }
            for (choice, isSelected) in group.options {
                output += "\n  <option value=\""
                appendEscapedHTML(choice.value, to: &output)
                output += isSelected ? "\" selected>" : "\">"
                appendEscapedHTML(choice.label, to: &output)
                output += "</option>\n"
            }
            if group.name != nil { output += "\n  </optgroup>" }
        }
        output += "\n</select>"
    }

    /// Django's `multiple_input.html` and `input_option.html`: a `<div>` of labelled inputs.
    private func writeOptions(name: String, selected: [String], _ attrs: Attributes, _ output: inout String) {
        let id = attrs.text("id")
        output += "<div"
        if let id, !id.isEmpty {
            output += " id=\""
            appendEscapedHTML(id, to: &output)
            output += "\""
        }
        if let classes = attrs.text("class") {
            output += " class=\""
            appendEscapedHTML(classes, to: &output)
            output += "\""
        }
        output += ">"
        let type = kind == .radio ? "radio" : "checkbox"
        for (index, group) in optionGroups(selected).enumerated() {
            if let name = group.name {
                output += "\n  <div><label>"
                appendEscapedHTML(name, to: &output)
                output += "</label>"
            }
            for (subindex, (choice, isSelected)) in group.options.enumerated() {
                var optionAttrs = attrs
                if let id, !id.isEmpty {
                    optionAttrs["id"] = .text(group.name == nil ? "\(id)_\(index)" : "\(id)_\(index)_\(subindex)")
                }
                if isSelected { optionAttrs["checked"] = true }
                output += "<div>\n    <label"
                if let optionID = optionAttrs.text("id") {
                    output += " for=\""
                    appendEscapedHTML(optionID, to: &output)
                    output += "\""
                }
                output += ">"
                writeInput(type: type, name: name, value: choice.value, optionAttrs, &output)
                output += "\n "
                appendEscapedHTML(choice.label, to: &output)
                output += "</label>\n\n</div>"
            }
            if group.name != nil { output += "\n  </div>" }
        }
        output += "\n</div>"
    }

    /// The choices as Django's `optgroups`: a run of options of one group together, each
    /// option without a group on its own, with whether each is selected.
    func optionGroups(_ selected: [String]) -> [(name: String?, options: [(Choice, Bool)])] {
        var groups: [(name: String?, options: [(Choice, Bool)])] = []
        for (choice, isSelected) in markSelected(selected) {
            if let name = choice.group, let last = groups.last, last.name == name {
                groups[groups.count - 1].options.append((choice, isSelected))
            } else {
                groups.append((choice.group, [(choice, isSelected)]))
            }
        }
        return groups
    }

    /// Each choice with whether it is selected: every match for a multiple widget, the first
    /// match otherwise (Django's `optgroups`).
    private func markSelected(_ selected: [String]) -> [(Choice, Bool)] {
        var hasSelected = false
        return choices.map { choice in
            let isSelected = (!hasSelected || allowsMultiple) && selected.contains(choice.value)
            if isSelected { hasSelected = true }
            return (choice, isSelected)
        }
    }

    /// The values a choice widget marks (Django's `ChoiceWidget.format_value`).
    func selectedValues(_ value: WidgetValue) -> [String] {
        switch value {
        case .none: allowsMultiple ? [] : [""]
        case .list(let values): values
        case .text(let text): [text]
        case .bool(let flag): [flag ? "True" : "False"]
        case .file: []
        }
    }

    /// The value a template sees as `widget.value` (Django's `format_value`).
    func inputValue(_ value: WidgetValue) -> String? {
        switch kind {
        case .input, .textarea: rendersValue ? Self.inputText(value) : nil
        case .checkbox:
            if case .text(let text) = value, !text.isEmpty { text } else { nil }
        case .select, .radio, .checkboxes, .file: nil
        }
    }

    /// An input's `value`, or `nil` for none (Django's `Input.format_value`: nothing for
    /// `None` and `""`).
    private static func inputText(_ value: WidgetValue) -> String? {
        if case .text("") = value { return nil }
        return value.text
    }

    /// Django's `CheckboxInput.check_test`: Python's truth of the value.
    private static func isChecked(_ value: WidgetValue) -> Bool {
        switch value {
        case .none, .file: false
        case .bool(let flag): flag
        case .text(let text): !text.isEmpty
        case .list(let values): !values.isEmpty
        }
    }
}
