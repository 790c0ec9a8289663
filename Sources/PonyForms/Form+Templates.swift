internal import PonyORM
public import PonyTemplates
internal import PonyWeb

// Forms in templates, as Django's: `{{ form }}`, `{{ form.as_p }}`, `{% for field in form %}`,
// `{{ form.subject }}`, `{{ form.subject.errors }}`, `{{ form.subject.label_tag }}`,
// `{{ form.non_field_errors }}`.

extension Form: TemplateRepresentable {
    /// The form as templates see it (validated first, when bound).
    public var templateValue: TemplateValue {
        _ = errors
        return .object(FormTemplate(form: core))
    }
}

extension TemplateValue {
    /// The form this value shows in templates, if it is one (for the test client's
    /// `assertFormError(response.context["form"], …)`).
    package var formCore: FormCore? {
        if case .object(let object) = self { return (object as? FormTemplate)?.form }
        return nil
    }
}

/// `form` in a template.
struct FormTemplate: TemplateObject {
    let form: FormCore

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "as_div": return .safe(FormRendering.render(form, .div))
        case "as_p": return .safe(FormRendering.render(form, .p))
        case "as_table": return .safe(FormRendering.render(form, .table))
        case "as_ul": return .safe(FormRendering.render(form, .ul))
        case "errors": return .object(ErrorsTemplate(form: form))
        case "non_field_errors":
            let messages = form.errors(for: ValidationError.nonField)
            return .object(
                ErrorListTemplate(
                    messages: messages, html: FormRendering.errorList(messages, id: nil, nonField: true)))
        case "hidden_fields":
            return .array(form.boundFields.filter(\.isHidden).map { .object(BoundFieldTemplate(field: $0)) })
        case "visible_fields":
            return .array(form.boundFields.filter { !$0.isHidden }.map { .object(BoundFieldTemplate(field: $0)) })
        case "is_bound": return .bool(form.isBound)
        case "is_multipart": return .bool(form.isMultipart)
        case "prefix": return form.prefix.map(TemplateValue.string) ?? .null
        default:
            return form.field(named: key).map { .object(BoundFieldTemplate(field: BoundField(core: form, field: $0))) }
        }
    }

    var text: String { FormRendering.render(form, .div) }
    var isSafeText: Bool { true }
    var elements: [TemplateValue]? { form.boundFields.map { .object(BoundFieldTemplate(field: $0)) } }
}

/// `form.subject` in a template.
struct BoundFieldTemplate: TemplateObject {
    let field: BoundField

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "name": .string(field.name)
        case "html_name": .string(field.htmlName)
        case "label": .string(field.label)
        case "label_tag": .safe(field.labelTag())
        case "legend_tag": .safe(field.legendTag)
        case "id_for_label": .string(field.idForLabel)
        case "auto_id": .string(field.autoID)
        case "help_text": .safe(field.helpText)
        case "errors": .object(ErrorListTemplate(messages: field.errors, html: field.errorsHTML))
        case "is_hidden": .bool(field.isHidden)
        case "use_fieldset": .bool(field.usesFieldset)
        case "as_field_group": .safe(field.fieldGroup)
        case "value": templateValue(field.value)
        case "field": .object(FieldTemplate(field: field))
        default: nil
        }
    }

    var text: String { field.html }
    var isSafeText: Bool { true }

    private func templateValue(_ value: WidgetValue) -> TemplateValue {
        switch value {
        case .none: .null
        case .text(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .list(let values): .array(values.map(TemplateValue.string))
        case .file(.stored(let name, _)): .string(name)
        case .file(.upload(let file)): .string(file.name)
        case .file(.clear), .file(.contradiction): .bool(false)
        }
    }
}

/// `form.subject.field` in a template: the field's options.
struct FieldTemplate: TemplateObject {
    let field: BoundField

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "required": .bool(field.field.spec.required)
        case "disabled": .bool(field.field.spec.disabled)
        case "label": field.field.spec.label.map(TemplateValue.string) ?? .null
        case "help_text": .safe(field.helpText)
        default: nil
        }
    }

    var text: String { field.name }
}

/// An error list: `<ul class="errorlist">` when printed, its messages when iterated.
struct ErrorListTemplate: TemplateObject {
    let messages: [String]
    let html: String

    func lookup(_ key: String) -> TemplateValue? { key == "as_text" ? .string(asText) : nil }
    var text: String { html }
    var isSafeText: Bool { true }
    var isTruthy: Bool { !messages.isEmpty }
    var elements: [TemplateValue]? { messages.map(TemplateValue.string) }
    /// Django's `as_text()`: `* message` lines.
    var asText: String { messages.map { "* " + $0 }.joined(separator: "\n") }
}

/// `form.errors`: every field's errors.
struct ErrorsTemplate: TemplateObject {
    let form: FormCore

    func lookup(_ key: String) -> TemplateValue? {
        let messages = form.errors(for: key)
        guard !messages.isEmpty else { return nil }
        let id = form.field(named: key).map { BoundField(core: form, field: $0).autoID }
        let html = FormRendering.errorList(
            messages, id: id.flatMap { $0.isEmpty ? nil : $0 + "_error" }, nonField: key == "__all__")
        return .object(ErrorListTemplate(messages: messages, html: html))
    }

    var text: String { FormRendering.errorDict(form) }
    var isSafeText: Bool { true }
    var isTruthy: Bool { !(form.errors ?? []).isEmpty }
    var elements: [TemplateValue]? { (form.errors ?? []).map { .string($0.field) } }
}
