internal import Foundation
internal import PonyForms
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

// The change form's helpers for big relations and derived fields: `rawIdFields` (a key box
// with a pop-up lookup in the related changelist), `autocompleteFields` (a `<select>` filled
// from `admin/autocomplete/` as the user types), and `prepopulatedFields` (slugs from titles).

/// Django's `AutocompleteJsonView` page size.
let autocompletePageSize = 20

/// The options for a model form's big relations and derived fields, which a model admin and
/// each of its inlines set for their own model (Django's `raw_id_fields`,
/// `autocomplete_fields` and `prepopulated_fields`, on `ModelAdmin` and `InlineModelAdmin`).
struct RelationOptions: Sendable {
    var rawIdFields: [String] = []
    var autocompleteFields: [String] = []
    var prepopulatedFields: [String: [String]] = [:]

    /// How the form's foreign keys are chosen: a key box, or a search.
    var inputs: [String: RelationInput] {
        var inputs: [String: RelationInput] = [:]
        for name in rawIdFields { inputs[name] = .key }
        for name in autocompleteFields { inputs[name] = .search }
        return inputs
    }

    /// The prepopulated fields of `form` (a form of `info`) the script fills, as Django's
    /// `prepopulated_fields_js` lists them: the target's and the sources' element ids, and the
    /// target's maximum length.
    func prepopulated(_ form: Form, of info: SchemaInfo) -> [[String: Any]] {
        prepopulatedFields.sorted { $0.key < $1.key }.compactMap { target, sources -> [String: Any]? in
            guard let bound = form[target] else { return nil }
            let ids = sources.compactMap { form[$0].map { "#" + $0.autoID } }
            var maxLength = 50
            if let field = AdminFields.resolve(target, in: info) {
                switch field.type {
                case .slug(let length), .char(let length): maxLength = length
                default: break
                }
            }
            return [
                "id": "#" + bound.autoID, "name": bound.name, "dependency_ids": ids,
                "dependency_list": sources, "maxLength": maxLength, "allowUnicode": false,
            ]
        }
    }

    /// The script's list of prepopulated fields, as JSON (empty when there are none).
    static func json(_ entries: [[String: Any]]) -> String {
        guard !entries.isEmpty, let data = try? JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])
        else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension AdminAccess {
    /// What a change form adds beside the relation field `name` of `form`, a form of `source`:
    /// a raw-id box's lookup link and the chosen row's name, or an autocomplete `<select>`'s
    /// search URL, and the links to add or change the related row; `nil` for another field.
    func relationWidget(_ name: String, of source: SchemaInfo, in form: Form, options: RelationOptions)
        async throws -> [String: Any]?
    {
        guard let field = AdminFields.resolve(name, in: source), let target = field.relatedModel else { return nil }
        let targetURL = site.root + "\(target.schemaInfo.appLabel)/\(target.schemaInfo.name.lowercased())/"
        let registered = site.registry.contains { $0.info === target.schemaInfo }
        if options.rawIdFields.contains(name) {
            var entry: [String: Any] = [
                "lookup_url": registered && hasAny(target.schemaInfo)
                    ? targetURL + "?_to_field=\(target.schemaInfo.primaryKey.column)" : ""
            ]
            if case .text(let key) = form[name]?.value ?? .none, !key.isEmpty,
                let value = AdminFields.value(key, for: target.schemaInfo.primaryKey),
                let label = try await Self.text(of: target, key: value)
            {
                entry["label"] = label
                entry["url"] =
                    registered && has(.change, target.schemaInfo) ? targetURL + AdminQuote.quote(key) + "/change/" : ""
            }
            return ["raw_id": entry]
        }
        // NB: Django's `RelatedFieldWidgetWrapper`: links to add a related row, or change the
        // chosen one, in a pop-up that puts its result back in the <select>.
        let popup = "?_to_field=\(target.schemaInfo.primaryKey.column)&_popup=1"
        var entry: [String: Any] = [
            "related_add_url": registered && has(.add, target.schemaInfo) ? targetURL + "add/" + popup : "",
            "related_change_template": registered && has(.change, target.schemaInfo)
                ? targetURL + "__fk__/change/" + popup : "",
            "related_name": target.schemaInfo.verboseName,
        ]
        if options.autocompleteFields.contains(name) {
            var query = QueryDict()
            query.append("app_label", source.appLabel)
            query.append("model_name", source.name.lowercased())
            query.append("field_name", field.name)
            entry["autocomplete_url"] = site.root + "autocomplete/?" + query.urlEncoded
        }
        return entry
    }

    private static func text<T: Model>(of target: T.Type, key: DatabaseValue) async throws -> String? {
        try await T.objects.filter(Q("pk", key)).first()?.text
    }
}

extension ModelRegistration {
    /// The page a pop-up's save answers with (Django's `admin/popup_response.html`): the
    /// script hands the row's key and name to the form that opened the pop-up, and closes it.
    func popupResponse(_ request: Request, _ access: AdminAccess, _ saved: M, added: Bool) throws -> Response {
        let value = AdminFields.display(saved.pk)
        var data: [String: String] = ["value": value, "obj": saved.text]
        if !added { data.merge(["action": "change", "new_value": value]) { $1 } }
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])) ?? Data("{}".utf8)
        var context = self.context(request, access, title: AdminText.text("Popup closing…"))
        context.merge(["popup_response_data": String(decoding: json, as: UTF8.self), "is_popup": true])
        return try render(request, "admin/popup_response.html", context)
    }

    /// Django's `AutocompleteJsonView` for a search on this model, the target of another
    /// model's autocomplete field: the rows the search matches among those the request may
    /// reach, a page of twenty at a time.
    func search(_ request: Request, term: String, page: Int) async throws -> AutocompleteResults {
        var rows = root(request)
        if let condition = ChangeList<M>.searchCondition(term, fields: admin.searchFields) {
            rows = rows.filter(condition)
        }
        let ordering = admin.ordering.isEmpty ? M.schemaInfo.options.ordering : admin.ordering
        let found = try await rows.orderBy(ordering + ["pk"]).offset((page - 1) * autocompletePageSize)
            .limit(autocompletePageSize + 1).fetch()
        return AutocompleteResults(
            results: found.prefix(autocompletePageSize).map { .init(id: AdminFields.display($0.pk), text: $0.text) },
            pagination: .init(more: found.count > autocompletePageSize))
    }

    /// The model `field` points to, when it is an autocomplete field of `model` (in
    /// `app`) on this admin's change form: one of the admin's own, or of one of its inlines.
    func autocompleteTarget(app: String, model: String, field: String) -> (any Model.Type)? {
        let sources =
            [(info, admin.autocompleteFields)] + admin.inlines.map { ($0.child, $0.options.autocompleteFields) }
        for (source, fields) in sources
        where source.appLabel == app && source.name.lowercased() == model && fields.contains(field) {
            if let target = AdminFields.resolve(field, in: source)?.relatedModel { return target }
        }
        return nil
    }

    var hasSearchFields: Bool { !admin.searchFields.isEmpty }
}

/// Django's autocomplete JSON: `{"results": [{"id": "1", "text": "Ann"}], "pagination": {"more": false}}`.
struct AutocompleteResults: Encodable, Sendable {
    struct Result: Encodable, Sendable {
        let id: String
        let text: String
    }

    struct Pagination: Encodable, Sendable {
        let more: Bool
    }

    let results: [Result]
    let pagination: Pagination
}

extension AdminViews {
    /// `admin/autocomplete/?app_label=…&model_name=…&field_name=…&term=…&page=…`: the rows an
    /// autocomplete field may choose, as Django's JSON (`{"results": [{"id", "text"}],
    /// "pagination": {"more"}}`). Parameters naming no autocomplete field, or a user who may
    /// not view the related model, get 403, as in Django.
    static func autocomplete(_ request: Request, _ access: AdminAccess) async throws -> Response {
        let query = request.query
        guard let app = query["app_label"], let model = query["model_name"], let fieldName = query["field_name"],
            let target = access.site.registry.lazy.compactMap({
                $0.autocompleteTarget(app: app, model: model, field: fieldName)
            }).first,
            let remote = access.site.registry.first(where: { $0.info === target.schemaInfo }),
            access.has(.view, remote.info)
        else { throw HTTPError.forbidden() }
        guard let page = Int(query["page"] ?? "1"), page >= 1, page <= Int.max / autocompletePageSize else {
            throw HTTPError.notFound("Invalid page.")
        }
        return try Response.json(try await remote.search(request, term: query["term"] ?? "", page: page))
    }
}
