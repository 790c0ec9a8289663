internal import PonyORM
public import PonyTemplates
public import PonyWeb

/// Django's formset (`formset_factory`): several forms of one kind on one page, numbered
/// (`form-0-title`, `form-1-title`, …), with the hidden management form that says how many
/// were sent, optional deletion, and limits.
///
/// ```swift
/// let formset = FormSet<ArticleForm>(data: try request.form, extra: 2, canDelete: true)
/// if formset.isValid {
///     for form in formset.forms where !formset.isDeleted(form) && form.hasChanged { … }
/// }
/// return try render(request, "articles.html", ["formset": formset])   // {{ formset }}
/// ```
///
/// Forms beyond the initial ones may be left empty: an unchanged extra form is valid, as
/// in Django. Inputs in a formset carry no `required`, as Django renders them.
public final class FormSet<F: Form> {
    /// The name prefix (`form`).
    public let prefix: String
    /// Whether data was submitted.
    public let isBound: Bool
    /// The management form (`form-TOTAL_FORMS`, `form-INITIAL_FORMS`, …).
    public let managementForm: Form
    /// The forms, initial ones first.
    public let forms: [F]
    /// Whether each form has a "Delete" checkbox.
    public let canDelete: Bool
    /// The fewest and most forms (`min_num`, `max_num`), checked with `validateMin` and
    /// `validateMax`.
    public let minNum: Int, maxNum: Int
    private let validateMin: Bool, validateMax: Bool, absoluteMax: Int
    /// How many of the forms edit existing values (`INITIAL_FORMS`).
    public let initialCount: Int

    /// A formset; bound when `data` (and `files`, for file fields) are given. Unbound, it shows
    /// one form per `initial` entry (at least `minNum`) and `extra` empty ones, at most `maxNum`.
    public convenience init(
        data: QueryDict? = nil, files: UploadedFiles = UploadedFiles(), initial: [[String: any Sendable]] = [],
        prefix: String = "form", extra: Int = 1,
        canDelete: Bool = false, minNum: Int = 0, maxNum: Int = 1000, validateMin: Bool = false,
        validateMax: Bool = false
    ) {
        let layout = FormSetLayout(
            data: data, initialCount: initial.count, prefix: prefix, extra: extra, minNum: minNum, maxNum: maxNum)
        self.init(
            layout: layout, prefix: prefix, canDelete: canDelete, minNum: minNum, maxNum: maxNum,
            validateMin: validateMin, validateMax: validateMax
        ) { index in
            F(
                data: data, files: files, initial: index < initial.count ? initial[index] : [:],
                prefix: "\(prefix)-\(index)", useRequiredAttribute: false)
        }
    }

    /// A formset of the forms `makeForm` makes for each index of `layout`.
    init(
        layout: FormSetLayout, prefix: String, canDelete: Bool, minNum: Int, maxNum: Int, validateMin: Bool,
        validateMax: Bool, makeForm: (Int) -> F
    ) {
        self.prefix = prefix
        self.isBound = layout.isBound
        self.canDelete = canDelete
        self.minNum = max(minNum, 0)
        self.maxNum = max(maxNum, 0)
        self.validateMin = validateMin
        self.validateMax = validateMax
        absoluteMax = layout.absoluteMax
        initialCount = layout.initialCount
        managementForm = layout.management
        var forms: [F] = []
        for index in 0..<layout.total {
            let form = makeForm(index)
            // NB: as Django's: forms past the initial ones and the minimum may stay empty.
            form.core.emptyPermitted = index >= max(initialCount, self.minNum)
            if canDelete {
                var fields = form.core.fields
                let delete = BooleanField(required: false, label: "Delete").field
                delete.name = "DELETE"
                delete.swiftName = "DELETE"
                fields.append(delete)
                form.core.fields = fields
            }
            forms.append(form)
        }
        self.forms = forms
    }

    /// Whether `form` is marked for deletion (its "Delete" box ticked).
    public func isDeleted(_ form: F) -> Bool {
        canDelete && form.field(named: "DELETE").map { BoundField(core: form.core, field: $0).submitted } == .bool(true)
    }

    /// The forms marked for deletion.
    public var deletedForms: [F] { forms.filter(isDeleted) }

    /// The errors of the formset as a whole (Django's `non_form_errors()`): a missing or
    /// tampered management form, too many or too few forms.
    public var nonFormErrors: [String] {
        guard isBound else { return [] }
        guard managementForm.isValid else {
            let missing = ["TOTAL_FORMS", "INITIAL_FORMS"].filter { managementForm.errors(for: $0).count > 0 }
                .map { "\(prefix)-\($0)" }
            return [
                "ManagementForm data is missing or has been tampered with. Missing fields: "
                    + missing.joined(separator: ", ") + ". You may need to file a bug report if the issue persists."
            ]
        }
        let kept = forms.count - deletedForms.count
        let submitted = (managementForm as? ManagementForm)?.count("TOTAL_FORMS") ?? 0
        if validateMax && kept > maxNum || submitted > absoluteMax {
            return ["Please submit at most \(maxNum) form\(maxNum == 1 ? "" : "s")."]
        }
        let empty = forms.enumerated().filter { $0.offset >= initialCount && !$0.element.hasChanged }.count
        if validateMin && kept - empty < minNum {
            return ["Please submit at least \(minNum) form\(minNum == 1 ? "" : "s")."]
        }
        return []
    }

    /// Whether it is bound, its management form is good, every form not marked for deletion
    /// is valid, and the counts are within the limits.
    public var isValid: Bool {
        guard isBound else { return false }
        let formsValid = forms.allSatisfy { form in isDeleted(form) || form.isValid }
        return formsValid && nonFormErrors.isEmpty
    }

    /// Each form's errors, in order.
    public var errors: [[(field: String, messages: [String])]] { forms.map(\.errors) }

    /// The formset as `{{ formset }}` writes it: the management form, then each form.
    public var asDiv: String { managementForm.asDiv + forms.map(\.asDiv).joined() }
    /// With each form `as_p`.
    public var asP: String { managementForm.asDiv + forms.map(\.asP).joined() }
    /// With each form `as_table`.
    public var asTable: String { managementForm.asDiv + forms.map(\.asTable).joined() }
    /// With each form `as_ul`.
    public var asUL: String { managementForm.asDiv + forms.map(\.asUL).joined() }
    /// The formset's own errors as `<ul class="errorlist nonform">`.
    public var nonFormErrorsHTML: String { FormRendering.errorList(nonFormErrors, id: nil, errorClass: "nonform") }
}

extension FormSet: CustomStringConvertible {
    /// `{{ formset }}`.
    public var description: String { asDiv }
}

extension FormSet: TemplateRepresentable {
    /// The formset as templates see it (validated first, when bound).
    public var templateValue: TemplateValue {
        let errors = nonFormErrors
        let forms = self.forms.map(\.templateValue)
        return .object(
            FormSetTemplate(
                management: managementForm.templateValue, forms: forms,
                html: (asDiv, asP, asTable, asUL), nonFormErrors: errors,
                nonFormErrorsHTML: FormRendering.errorList(errors, id: nil, errorClass: "nonform")))
    }
}

/// `formset` in a template.
struct FormSetTemplate: TemplateObject {
    let management: TemplateValue
    let forms: [TemplateValue]
    let html: (div: String, p: String, table: String, ul: String)
    let nonFormErrors: [String]
    let nonFormErrorsHTML: String

    func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "management_form": management
        case "forms": .array(forms)
        case "as_div": .safe(html.div)
        case "as_p": .safe(html.p)
        case "as_table": .safe(html.table)
        case "as_ul": .safe(html.ul)
        case "non_form_errors": .object(ErrorListTemplate(messages: nonFormErrors, html: nonFormErrorsHTML))
        case "total_form_count": .int(forms.count)
        default: nil
        }
    }

    var text: String { html.div }
    var isSafeText: Bool { true }
    var elements: [TemplateValue]? { forms }
}

/// How many forms a formset has and how many of them are initial: from the management form
/// of submitted data, else from the initial values and `extra`.
struct FormSetLayout {
    let management: ManagementForm
    let total: Int
    let initialCount: Int
    let absoluteMax: Int
    let isBound: Bool

    init(data: QueryDict?, initialCount initial: Int, prefix: String, extra: Int, minNum: Int, maxNum: Int) {
        let (minNum, maxNum) = (max(minNum, 0), max(maxNum, 0))
        absoluteMax = maxNum + 1000
        isBound = data != nil
        if let data {
            management = ManagementForm(data: data, prefix: prefix)
            // NB: a tampered count is capped (Django's absolute_max), so a request cannot make
            // a million forms.
            total = management.isValid ? min(management.count("TOTAL_FORMS"), absoluteMax) : 0
            initialCount = management.isValid ? min(management.count("INITIAL_FORMS"), total) : 0
        } else {
            initialCount = initial
            var count = max(initial, minNum) + max(extra, 0)
            if initial > maxNum { count = initial } else if count > maxNum { count = maxNum }
            total = count
            management = ManagementForm(
                initial: [
                    "TOTAL_FORMS": total, "INITIAL_FORMS": initialCount, "MIN_NUM_FORMS": minNum,
                    "MAX_NUM_FORMS": maxNum,
                ], prefix: prefix)
        }
    }
}

/// Django's `ManagementForm`: four hidden counts named as Django names them.
final class ManagementForm: Form {
    override func generatedFields() -> [FieldBox] {
        ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"].enumerated().map { index, name in
            let box = IntegerField<Int?>(required: index < 2, widget: .hiddenInput()).field
            box.name = name
            box.swiftName = name
            return box
        }
    }

    /// A cleaned count (0 when missing).
    func count(_ name: String) -> Int { max(field(named: name)?.cleaned as? Int ?? 0, 0) }
}
