internal import PonyORM
internal import PonySupport

/// A form as Django 5.2's form templates write it, whitespace and all (`div.html`, `p.html`,
/// `table.html`, `ul.html`, `field.html` and the error lists), each template's output
/// stripped as Django's renderer strips it.
enum FormRendering {
    /// Django's four form layouts.
    enum Layout {
        case div, p, table, ul
    }

    /// `<ul class="errorlist" id="…">` with one `<li>` per message (escaped); `""` for none.
    static func errorList(_ messages: [String], id: String?, nonField: Bool = false) -> String {
        errorList(messages, id: id, errorClass: nonField ? "nonfield" : nil)
    }

    /// An error list with an extra class (`nonfield`, `nonform`).
    static func errorList(_ messages: [String], id: String?, errorClass: String?) -> String {
        guard !messages.isEmpty else { return "" }
        var output = "<ul class=\"errorlist" + (errorClass.map { " " + $0 } ?? "") + "\""
        if let id {
            output += " id=\""
            appendEscapedHTML(id, to: &output)
            output += "\""
        }
        output += ">"
        for message in messages {
            output += "<li>"
            appendEscapedHTML(message, to: &output)
            output += "</li>"
        }
        return output + "</ul>"
    }

    /// Django's `ErrorDict` as HTML: each field's name and its error list.
    static func errorDict(_ form: FormCore) -> String {
        let errors = form.errors ?? []
        guard !errors.isEmpty else { return "" }
        var output = "<ul class=\"errorlist\">"
        for (field, messages) in errors {
            output += "<li>"
            appendEscapedHTML(field, to: &output)
            if field == ValidationError.nonField {
                output += errorList(messages, id: nil, nonField: true)
            } else {
                let id = form.field(named: field).map { BoundField(core: form, field: $0).autoID }
                    .flatMap { $0.isEmpty ? nil : $0 + "_error" }
                output += errorList(messages, id: id)
            }
            output += "</li>"
        }
        return output + "</ul>"
    }

    /// Django's `field.html`.
    static func fieldGroup(_ field: BoundField) -> String {
        var output = ""
        if field.usesFieldset {
            output += "\n  <fieldset"
            let described = field.ariaDescribedBy
            if !described.isEmpty { output += " aria-describedby=\"" + escapeHTML(described) + "\"" }
            output += ">\n  "
            if !field.label.isEmpty { output += field.legendTag }
            output += "\n"
        } else {
            output += "\n  "
            if !field.label.isEmpty { output += field.labelTag() }
            output += "\n"
        }
        output += "\n"
        if !field.helpText.isEmpty {
            output += "<div class=\"helptext\""
            if !field.autoID.isEmpty { output += " id=\"" + escapeHTML(field.autoID) + "_helptext\"" }
            output += ">" + field.helpText + "</div>"
        }
        output += "\n" + field.errorsHTML + "\n" + field.html
        if field.usesFieldset { output += "</fieldset>" }
        return stripped(output + "\n")
    }

    /// `<span class="helptext" id="…">` for the p, table and ul layouts.
    private static func helpSpan(_ field: BoundField) -> String {
        var output = "<span class=\"helptext\""
        if !field.autoID.isEmpty { output += " id=\"" + escapeHTML(field.autoID) + "_helptext\"" }
        return output + ">" + field.helpText + "</span>"
    }

    /// The whole form in `layout` (Django's `form.render()` with that template).
    static func render(_ form: FormCore, _ layout: Layout) -> String {
        var topErrors = form.errors(for: ValidationError.nonField)
        var visible: [BoundField] = []
        var hidden: [BoundField] = []
        for field in form.boundFields {
            if field.isHidden {
                topErrors += field.errors.map { "(Hidden field \(field.name)) \($0)" }
                hidden.append(field)
            } else {
                visible.append(field)
            }
        }
        let errors = errorList(topErrors, id: nil, nonField: true)
        let hiddenHTML = hidden.map(\.html).joined()
        var output = ""
        switch layout {
        case .div:
            output += errors + "\n"
            if !errors.isEmpty && visible.isEmpty { output += "\n  <div>" + hiddenHTML + "</div>\n" }
            output += "\n"
            for (index, field) in visible.enumerated() {
                output += "\n  <div>\n    " + field.fieldGroup + "\n    "
                if index == visible.count - 1 { output += "\n      " + hiddenHTML + "\n    " }
                output += "\n</div>\n"
            }
        case .p:
            output += errors + "\n"
            if !errors.isEmpty && visible.isEmpty { output += "\n  <p>" + hiddenHTML + "</p>\n" }
            output += "\n"
            for (index, field) in visible.enumerated() {
                output += "\n  " + field.errorsHTML + "\n  <p>\n    "
                if !field.label.isEmpty { output += field.labelTag() }
                output += "\n    " + field.html + "\n    "
                if !field.helpText.isEmpty { output += "\n      " + helpSpan(field) + "\n    " }
                output += "\n    "
                if index == visible.count - 1 { output += "\n      " + hiddenHTML + "\n    " }
                output += "\n  </p>\n"
            }
        case .table:
            if !errors.isEmpty {
                output += "\n  <tr>\n    <td colspan=\"2\">\n      " + errors + "\n      "
                if visible.isEmpty { output += "\n        " + hiddenHTML + "\n      " }
                output += "\n    </td>\n  </tr>\n"
            }
            output += "\n"
            for (index, field) in visible.enumerated() {
                output += "\n  <tr>\n    <th>"
                if !field.label.isEmpty { output += field.labelTag() }
                output += "</th>\n    <td>\n      " + field.errorsHTML + "\n      " + field.html + "\n      "
                if !field.helpText.isEmpty { output += "\n        <br>\n        " + helpSpan(field) + "\n      " }
                output += "\n      "
                if index == visible.count - 1 { output += "\n        " + hiddenHTML + "\n      " }
                output += "\n    </td>\n  </tr>\n"
            }
        case .ul:
            if !errors.isEmpty {
                output += "\n  <li>\n    " + errors + "\n  "
                if visible.isEmpty { output += "\n    " + hiddenHTML + "\n  " }
                output += "\n  </li>\n"
            }
            output += "\n"
            for (index, field) in visible.enumerated() {
                output += "\n  <li>\n    " + field.errorsHTML + "\n    "
                if !field.label.isEmpty { output += field.labelTag() }
                output += "\n    " + field.html + "\n    "
                if !field.helpText.isEmpty { output += "\n      " + helpSpan(field) + "\n    " }
                output += "\n    "
                if index == visible.count - 1 { output += "\n      " + hiddenHTML + "\n    " }
                output += "\n  </li>\n"
            }
        }
        output += "\n"
        if visible.isEmpty && errors.isEmpty { output += "\n  " + hiddenHTML + "\n" }
        return stripped(output + "\n")
    }
}

extension Form: CustomStringConvertible {
    /// The form as `{{ form }}` writes it: Django 5's `<div>` layout.
    public var description: String { asDiv }
    /// Django's `as_div()`.
    public var asDiv: String { render(.div) }
    /// Django's `as_p()`.
    public var asP: String { render(.p) }
    /// Django's `as_table()` (the rows; the page writes `<table>`).
    public var asTable: String { render(.table) }
    /// Django's `as_ul()` (the items; the page writes `<ul>`).
    public var asUL: String { render(.ul) }
    /// The errors as Django's `str(form.errors)` writes them.
    public var errorsHTML: String {
        _ = errors
        return FormRendering.errorDict(core)
    }
    /// The form's own errors as `<ul class="errorlist nonfield">`.
    public var nonFieldErrorsHTML: String { FormRendering.errorList(nonFieldErrors, id: nil, nonField: true) }

    private func render(_ layout: FormRendering.Layout) -> String {
        _ = errors
        return FormRendering.render(core, layout)
    }
}
