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

/// Checks that the field `field` of form `formIndex` of `formset` has exactly `errors`
/// (Django's `assertFormSetError`); `field: nil` checks that form's errors as a whole, and
/// `formIndex: nil` (with `field: nil`) the formset's own (its `nonFormErrors`).
///
/// ```swift
/// assertFormSetError(formset, 0, "email", ["Enter a valid email address."])
/// assertFormSetError(formset, nil, nil, ["Please submit at most 2 forms."])
/// ```
public func assertFormSetError<F: Form>(
    _ formset: FormSet<F>, _ formIndex: Int?, _ field: String?, _ errors: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    // Django's formset_factory names the class: `ContactForm` makes `ContactFormSet`.
    let form = "\(F.self)"
    let valid = formset.isBound ? (formset.isValid ? "True" : "False") : "Unknown"
    let description =
        "formset <\(form.hasSuffix("Form") ? form + "Set" : form + "FormSet"): bound=\(formset.isBound ? "True" : "False")"
        + " valid=\(valid) total_forms=\(formset.forms.count)>"
    guard formIndex != nil || field == nil else {
        return fail("You must use field=None with form_index=None.", sourceLocation)
    }
    guard formset.isBound else {
        return fail("The \(description) is not bound, it will never have any errors.", sourceLocation)
    }
    guard let formIndex else {
        let actual = formset.nonFormErrors
        if actual != errors {
            fail(
                "\(pythonList(actual)) != \(pythonList(errors)) : The non-form errors of \(description) don't match.",
                sourceLocation)
        }
        return
    }
    // NB: a negative index counts from the end, as Python's does.
    let index = formIndex < 0 ? formset.forms.count + formIndex : formIndex
    guard formset.forms.indices.contains(index) else {
        let count = formset.forms.count
        return fail("The \(description) only has \(count) \(count > 1 ? "forms" : "form").", sourceLocation)
    }
    let chosen = formset.forms[index]
    _ = chosen.errors
    check(FormErrors(chosen.core), field, errors, sourceLocation, described: "form \(formIndex) of \(description)")
}

private func check(
    _ form: FormErrors, _ field: String?, _ errors: [String], _ sourceLocation: SourceLocation,
    described: String? = nil
) {
    let description = described ?? "form \(form.description)"
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
