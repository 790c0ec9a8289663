public import PonyForms
internal import PonyORM
internal import PonySupport
public import PonyTemplates
public import Testing

/// Checks that the field `field` of the form a page rendered has exactly `errors` (Django's
/// `assertFormError(response.context["form"], field, errors)`); `field: nil` checks the
/// errors of the form as a whole, and `[]` that there are none.
///
/// ```swift
/// let page = await client.post("/contact/", form: ["subject": ""])
/// assertFormError(page.context["form"], "subject", ["This field is required."])
/// ```
public func assertFormError(
    _ form: TemplateValue?, _ field: String?, _ errors: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let core = form?.formCore else {
        return fail(
            "The value is not a form: \(form.map { "\($0.text)" } ?? "nil"). Pass the form a page rendered"
                + " (response.context[\"form\"]) or a Form.", sourceLocation)
    }
    check(FormErrors(core), field, errors, sourceLocation)
}

/// Checks that the field `field` of `form` has exactly `errors` (Django's `assertFormError`);
/// `field: nil` checks the errors of the form as a whole. A bound form is validated first.
public func assertFormError(
    _ form: Form, _ field: String?, _ errors: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    if form.isBound { _ = form.errors }
    check(FormErrors(form.core), field, errors, sourceLocation)
}

private func check(_ form: FormErrors, _ field: String?, _ errors: [String], _ sourceLocation: SourceLocation) {
    let description = "form \(form.description)"
    guard form.core.isBound else {
        return fail("The \(description) is not bound, it will never have any errors.", sourceLocation)
    }
    let actual: [String]
    let message: String
    if let field {
        guard let name = form.core.fieldName(field) else {
            return fail("The \(description) does not contain the field '\(field)'.", sourceLocation)
        }
        actual = form.core.validationErrors(for: name)
        message = "The errors of field '\(field)' on \(description) don't match."
    } else {
        actual = form.core.validationErrors(for: ValidationError.nonField)
        message = "The non-field errors of \(description) don't match."
    }
    if actual != errors {
        fail("\(pythonList(actual)) != \(pythonList(errors)) : \(message)", sourceLocation)
    }
}

/// A form as Django's `repr()` shows it: `<ContactForm bound=True, valid=False, fields=(subject;sender)>`.
private struct FormErrors: CustomStringConvertible {
    let core: FormCore

    init(_ core: FormCore) { self.core = core }

    var description: String {
        let valid =
            switch core.validationErrors {
            case nil: "Unknown"
            case let errors?: core.isBound && errors.isEmpty ? "True" : "False"
            }
        return "<\(core.typeName) bound=\(core.isBound ? "True" : "False"), valid=\(valid),"
            + " fields=(\(core.fieldNames.joined(separator: ";")))>"
    }
}

/// A list of strings as Python prints it: `['This field is required.']`.
private func pythonList(_ items: [String]) -> String {
    "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
}
