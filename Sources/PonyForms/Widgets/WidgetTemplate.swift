internal import PonySupport
internal import PonyTemplates

/// A compiled widget template, with Django's stock templates it may include.
struct WidgetTemplate: Sendable {
    let engine: TemplateEngine

    /// Compiles `source`; throws its syntax errors.
    init(_ source: String) throws {
        engine = TemplateEngine(loaders: [DictionaryLoader(Self.stock.merging(["widget": source]) { $1 })])
        _ = try engine.template(named: "widget")
    }

    /// Django's templates that a widget template may include.
    static let stock = [
        "django/forms/widgets/attrs.html":
            "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
            + "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}",
        "django/forms/widgets/input.html":
            "<input type=\"{{ widget.type }}\" name=\"{{ widget.name }}\"{% if widget.value != None %}"
            + " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}{% include \"django/forms/widgets/attrs.html\" %}>",
    ]

    /// The HTML for `context`, or the template's error, escaped, so that it shows on the page.
    func render(_ context: TemplateContext) -> String {
        do {
            return stripped(try engine.render("widget", context))
        } catch {
            var message = ""
            appendEscapedHTML("Widget template error: \(error)", to: &message)
            return message
        }
    }
}

extension Widget {
    /// This widget written by the template `source` (Django's `template_name`); throws when it
    /// does not compile.
    ///
    /// The template sees Django's widget context: `widget.name`, `widget.value` (as the input
    /// writes it, or `None`), `widget.attrs` (in order; `True` and `False` flags),
    /// `widget.type` for inputs, `widget.required`, `widget.is_hidden`, `widget.template_name`,
    /// and for choice widgets `widget.optgroups` (`{% for group, options, index in
    /// widget.optgroups %}`, each option with `name`, `value`, `label`, `selected`, `index` and
    /// `attrs`). Django's `django/forms/widgets/attrs.html` and `input.html` can be included.
    /// A template that fails while rendering shows its error, escaped, in place of the widget.
    ///
    /// ```swift
    /// @CharField(widget: try .textInput().template(#"<span class="box">{% include "django/forms/widgets/input.html" %}</span>"#))
    /// var name: String
    /// ```
    public func template(_ source: String) throws -> Widget {
        var widget = self
        widget.customTemplate = try WidgetTemplate(source)
        return widget
    }

    /// Django's widget context for `name`, `value` and the merged `attrs`.
    func templateContext(name: String, value: WidgetValue, attrs: Attributes, selected: [String]) -> TemplateContext {
        var widget: [(String, TemplateValue)] = [
            ("name", .string(name)), ("is_hidden", .bool(isHidden)), ("required", .bool(isRequired)),
            ("value", inputValue(value).map(TemplateValue.string) ?? .null),
            ("attrs", .dictionary(attrs.templateValue)),
            ("template_name", .string(templateName)),
        ]
        if case .input(let type) = kind { widget.append(("type", .string(type))) }
        if case .file = kind { widget.append(("type", .string("file"))) }
        if !choices.isEmpty {
            let groups = optionGroups(selected).enumerated().map { index, group -> TemplateValue in
                let options = group.options.enumerated().map { subindex, option -> TemplateValue in
                    var optionAttrs = Attributes()
                    if let id = attrs.text("id"), !id.isEmpty {
                        optionAttrs["id"] = .text(group.name == nil ? "\(id)_\(index)" : "\(id)_\(index)_\(subindex)")
                    }
                    if option.1 { optionAttrs[usesFieldset ? "checked" : "selected"] = true }
                    return .dictionary(
                        TemplateDictionary([
                            ("name", .string(name)), ("value", .string(option.0.value)),
                            ("label", .string(option.0.label)),
                            ("selected", .bool(option.1)),
                            ("index", .string(group.name == nil ? "\(index)" : "\(index)_\(subindex)")),
                            ("attrs", .dictionary(optionAttrs.templateValue)),
                        ]))
                }
                return .array([group.name.map(TemplateValue.string) ?? .null, .array(options), .int(index)])
            }
            widget.append(("optgroups", .array(groups)))
        }
        return ["widget": TemplateValue.dictionary(TemplateDictionary(widget))]
    }
}

extension Attributes {
    /// The attributes as a template dictionary, in order (flags as booleans).
    var templateValue: TemplateDictionary {
        TemplateDictionary(
            items.map { item in
                switch item.value {
                case .flag(let flag): (item.name, TemplateValue.bool(flag))
                case .text(let text): (item.name, TemplateValue.string(text))
                }
            })
    }
}
