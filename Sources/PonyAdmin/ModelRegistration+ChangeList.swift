internal import Foundation
internal import PonyAuth
internal import PonyForms
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

extension ModelRegistration {
    /// The changelist (Django's `changelist_view`): GET lists, POST runs an action.
    func changelist(_ request: Request, _ access: AdminAccess) async throws -> Response {
        guard try await allows(request, access, .view) else { throw HTTPError.forbidden() }
        let root = root(request)
        let list: ChangeList<M>
        do {
            list = try await ChangeList(admin: admin, request: request, root: root)
        } catch is UnknownLookup {
            return Response.redirect(to: base(access) + "?e=1")
        }
        // NB: a raw-id lookup's pop-up (`_popup=1`) picks a row by its primary key; Django
        // refuses any other `_to_field` with a 400.
        let isPopup = request.query[ChangeListParameter.popup] != nil
        if let field = request.query[ChangeListParameter.toField], field != info.primaryKey.column,
            field != info.primaryKey.name
        {
            throw HTTPError.badRequest("The field \(field) cannot be referenced.")
        }
        let editing = !admin.listEditable.isEmpty && access.has(.change, info) && !isPopup
        let saving = try request.method == .post && editing && request.form["_save"] != nil
        if request.method == .post, !saving { return try await runAction(request, access, list) }

        let narrowing =
            list.filters.flatMap(\.parameters) + (admin.dateHierarchy.map(DateHierarchy<M>.parameters) ?? [])
        let isNarrowed = !list.search.isEmpty || narrowing.contains { request.query[$0] != nil }
        let perPage = max(1, admin.listPerPage)
        guard let page = Int(request.query[ChangeListParameter.page] ?? "1"), page >= 1, page <= Int.max / perPage
        else { return Response.redirect(to: base(access) + "?e=1") }
        // NB: the counts run beside the page's query and the building of its cells (on other
        // SQLite readers or PostgreSQL connections): on a big table a narrowed count is the
        // slowest step of the page, and nothing needs it before the page numbers.
        async let totalCount = root.count(keptIn: counts)
        async let narrowedCount = isNarrowed ? list.filtered.count(keptIn: counts) : nil
        let related = admin.listDisplay.compactMap { column -> String? in
            guard column.compute == nil, let first = column.name.components(separatedBy: "__").first,
                AdminFields.resolve(first, in: info)?.relatedModel != nil
            else { return nil }
            return first
        }
        let ordered = list.filtered.orderBy(list.ordering()).selectRelated(Array(Set(related)).sorted())
        let wantsAll = request.query[ChangeListParameter.all] != nil
        var rows = try await (wantsAll ? ordered.limit(admin.listMaxShowAll + 1) : ordered.page(page, of: perPage))
            .fetch()
        // NB: as Django, "all" is ignored when there are too many rows to show at once (the
        // rows fetched tell, without waiting for the count).
        let showAll = wantsAll && rows.count <= admin.listMaxShowAll
        if wantsAll, !showAll { rows = try await ordered.page(page, of: perPage).fetch() }
        var formset: ModelFormSet<M, ListEditableForm<M>>?
        if editing {
            let shown = showAll ? ordered.limit(admin.listMaxShowAll) : ordered.page(page, of: perPage)
            let edited = try await ModelFormSet<M, ListEditableForm<M>>(
                data: saving ? try request.form : nil, queryset: shown, extra: 0)
            if saving, try await edited.validate() {
                let changed = try await saveEdited(edited, access)
                request.messages.success(
                    AdminText.format(
                        "%(count)s %(name)s was changed successfully.",
                        plural: "%(count)s %(name)s were changed successfully.", count: changed,
                        ["count": String(changed), "name": modelName(count: changed)]))
                return Response.redirect(to: request.target)
            }
            rows = edited.forms.compactMap(\.instance)
            formset = edited
        }

        // NB: as Django's, a drill-down link drops every parameter on its field (`createdAt__…`).
        let hierarchyParameters = request.query.keys.filter { $0.hasPrefix((admin.dateHierarchy ?? "") + "__") }
        let hierarchy = try await list.dateHierarchy?.links(list.filtered) { set in
            "?" + with(request.query, set: set, remove: hierarchyParameters + [ChangeListParameter.page])
        }
        let title = isPopup ? "Select %s" : access.has(.change, info) ? "Select %s to change" : "Select %s to view"
        var context = self.context(request, access, title: AdminText.format(title, verboseName))
        context.merge([
            "headers": headers(list, request.query),
            "results": rowValues(rows, access, forms: formset?.forms.map { TemplateValue(any: $0) }, popup: isPopup),
            "is_popup": isPopup,
            "formset_management": formset.map { TemplateValue(any: $0).lookup("management_form") ?? .null } ?? .null,
            "list_editable": formset != nil,
            "errors_count": formset.map { $0.forms.reduce(0) { $0 + $1.errors.count } } ?? 0,
            "is_narrowed": isNarrowed, "search_var": ChangeListParameter.search, "search_query": list.search,
            "has_search": !admin.searchFields.isEmpty,
            "date_hierarchy": hierarchy ?? [:], "has_date_hierarchy": hierarchy != nil,
            "filters": try list.filters.map { filter in
                var entry = filterEntry(filter, request.query)
                var context = TemplateContext()
                context.merge(entry)
                entry["html"] = TemplateValue.safe(try renderToString(request, "admin/filter.html", context))
                return entry
            },
            "actions": isPopup ? [] : actionChoices(access),
            "preserved": hiddenInputs(request.query, without: [ChangeListParameter.search, ChangeListParameter.page]),
            "add_url": access.has(.add, info) ? base(access) + "add/" : "",
            "clear_search_url": "?"
                + with(request.query, set: [], remove: [ChangeListParameter.search, ChangeListParameter.page]),
            "error": request.query[ChangeListParameter.error] != nil,
        ])
        // NB: the table (and the filters, above) are most of the page's rendering, and need no count.
        context.values["result_list"] = .safe(try renderToString(request, "admin/change_list_results.html", context))
        let total = try await totalCount
        let count = try await narrowedCount ?? total
        let pages = showAll ? 1 : max(1, (count + perPage - 1) / perPage)
        guard page <= pages else { return Response.redirect(to: base(access) + "?e=1") }
        context.merge([
            "result_count": count, "full_count": total,
            "selection_note": AdminText.format("0 of %(cnt)s selected", ["cnt": String(rows.count)]),
            "selection_format": AdminText.text(
                "%(sel)s of %(cnt)s selected", plural: "%(sel)s of %(cnt)s selected", count: rows.count),
            "selection_note_all": AdminText.format(
                "%(total_count)s selected", plural: "All %(total_count)s selected", count: count,
                ["total_count": String(count)]),
            "pagination": pagination(page: page, pages: pages, query: request.query),
            "show_all_url": !showAll && count > perPage && count <= admin.listMaxShowAll
                ? "?" + with(request.query, set: [(ChangeListParameter.all, "")], remove: [ChangeListParameter.page])
                : "",
        ])
        return try render(request, "admin/change_list.html", context)
    }

    /// Saves the changed rows of the editable changelist, each with a log entry naming the
    /// changed fields (Django's `changelist_view` with `list_editable`); returns how many.
    private func saveEdited(_ formset: ModelFormSet<M, ListEditableForm<M>>, _ access: AdminAccess) async throws -> Int
    {
        // NB: the rows are built first (the forms are not Sendable), then saved together.
        var changes: [(row: M, labels: [String])] = []
        for form in formset.forms where form.instance != nil && form.hasChanged {
            changes.append((try await form.save(commit: false), form.changedLabels))
        }
        let edits = changes
        let user = access.user
        return try await ORM.atomic {
            for (row, labels) in edits {
                var saved = row
                try await saved.save()
                try await AdminLogWriter.log(
                    .change, user: user, info: M.schemaInfo, key: saved.pk, text: saved.text,
                    message: LogEntry.changeMessage(added: false, changedLabels: labels))
            }
            return edits.count
        }
    }

    // MARK: - Columns and cells

    private func headers(_ list: ChangeList<M>, _ query: QueryDict) -> [[String: Any]] {
        admin.listDisplay.enumerated().map { index, column in
            let title = column.title.map(AdminText.text) ?? AdminFields.label(column.name, in: info)
            guard column.sortField(M.self) != nil else {
                return ["text": title, "sortable": false, "class": className(column)]
            }
            let position = list.sort.firstIndex { $0.column == index }
            let current = position.map { list.sort[$0] }
            let others = list.sort.filter { $0.column != index }
            func order(_ terms: [(column: Int, descending: Bool)]) -> String {
                terms.map { ($0.descending ? "-" : "") + String($0.column + 1) }.joined(separator: ".")
            }
            // NB: as Django's: a click makes the column the first sort key, flipping it when it was.
            let toggled = [(column: index, descending: current.map { !$0.descending } ?? false)] + others
            return [
                "text": title, "sortable": true, "class": className(column),
                "sorted": current != nil, "ascending": current.map { !$0.descending } ?? true,
                "priority": (position ?? 0) + 1, "multi": list.sort.count > 1,
                "url_primary": "?"
                    + with(
                        query, set: [(ChangeListParameter.order, order(toggled))], remove: [ChangeListParameter.page]),
                "url_remove": "?"
                    + with(
                        query, set: others.isEmpty ? [] : [(ChangeListParameter.order, order(others))],
                        remove: [ChangeListParameter.order, ChangeListParameter.page]),
            ]
        }
    }

    private func className(_ column: AdminColumn<M>) -> String {
        "column-" + column.name.filter { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The rows as templates see them, built straight into template values: a changelist
    /// page is a hundred rows of several cells, so each column is resolved once.
    private func rowValues(_ rows: [M], _ access: AdminAccess, forms: [TemplateValue]?, popup: Bool)
        -> TemplateValue
    {
        let editable = Set(admin.listEditable)
        let links = admin.listDisplayLinks ?? [admin.listDisplay.first?.name ?? "__str__"]
        let plans = admin.listDisplay.map { ColumnPlan($0, isLink: links.contains($0.name)) }
        let base = base(access)
        return .array(
            rows.enumerated().map { position, row in
                let form = forms.flatMap { position < $0.count ? $0[position] : nil }
                let key = AdminFields.display(row.pk)
                let link = TemplateValue.string(base + AdminQuote.quote(key) + "/change/")
                // NB: the stored values are encoded only for a field whose Swift value is not plain.
                var stored: [DatabaseValue]?
                let cells = plans.map { plan -> TemplateValue in
                    var entries: [(String, TemplateValue)]
                    if let (index, keyPath) = plan.direct {
                        let value =
                            CellValue.value(of: row[keyPath: keyPath])
                            ?? {
                                let values = stored ?? row.databaseValues
                                stored = values
                                return CellValue.value(values[index], plan.field?.type ?? .text)
                            }()
                        entries = cellEntries(plan.field, value)
                    } else {
                        entries = cellEntries(plan.column, plan.field, plan.path, row)
                    }
                    entries.append(("link", plan.isLink ? link : .string("")))
                    if popup, plan.isLink { entries.append(("popup", .string(key))) }
                    if let form, editable.contains(plan.column.name), let field = form.lookup(plan.column.name) {
                        entries.append(("field", field))
                    }
                    entries.append(("class", plan.className))
                    return .dictionary(TemplateDictionary(entries))
                }
                return .dictionary(
                    TemplateDictionary([
                        ("pk", .string(key)), ("cells", .array(cells)),
                        (
                            "select_label",
                            .string(AdminText.braces("Select this object for an action - {}", ["": row.text]))
                        ),
                        ("hidden", form?.lookup("hidden_fields") ?? .array([])),
                    ]))
            })
    }

    /// A cell: text, or a boolean shown as an icon; `-` for nothing (Django's `empty_value_display`).
    func cell(_ column: AdminColumn<M>, _ row: M) -> TemplateValue {
        let plan = ColumnPlan(column, isLink: false)
        return .dictionary(TemplateDictionary(cellEntries(column, plan.field, plan.path, row)))
    }

    private func cellEntries(_ column: AdminColumn<M>, _ field: FieldInfo?, _ path: [String], _ row: M)
        -> [(String, TemplateValue)]
    {
        if let compute = column.compute {
            let value = compute(row)
            if let flag = value as? Bool { return [("is_bool", .bool(true)), ("value", .bool(flag))] }
            return display(TemplateValue(any: value))
        }
        if column.name == "__str__" { return [("value", .string(row.text))] }
        var value: TemplateValue = .object(row)
        for part in path {
            guard let next = value.lookup(part) else {
                value = .null
                break
            }
            value = next
        }
        return cellEntries(field, value)
    }

    /// A field's value as a cell: a boolean icon, a choice's label, or the value.
    private func cellEntries(_ field: FieldInfo?, _ value: TemplateValue) -> [(String, TemplateValue)] {
        guard let field else { return display(value) }
        if field.type == .boolean, !value.isNull {
            return [("is_bool", .bool(true)), ("value", .bool(value.isTruthy))]
        }
        if let choices = field.choices,
            let label = choices.first(where: { AdminFields.display($0.0) == value.text })?.1
        {
            return [("value", .string(AdminText.text(label)))]
        }
        return display(value)
    }

    private func display(_ value: TemplateValue) -> [(String, TemplateValue)] {
        switch value {
        case .null, .string(""), .safe(""): [("value", .string("-"))]
        default: [("value", value)]
        }
    }

    // MARK: - Filters, pages and query strings

    private func filterEntry(_ filter: FilterSpec<M>, _ query: QueryDict) -> [String: Any] {
        // NB: the other parameters are the same for every choice (a foreign key offers many).
        let removed = Set(filter.parameters + [ChangeListParameter.page])
        let keptEncoded = QueryDict(query.items.filter { !removed.contains($0.key) }).urlEncoded
        let noneChosen = filter.parameters.allSatisfy { query[$0] == nil }
        return [
            "title": filter.title,
            "choices": filter.choices.map { choice -> [String: Any] in
                let selected =
                    choice.parameters.isEmpty
                    ? noneChosen
                    : choice.parameters.allSatisfy { query[$0.0] == $0.1 }
                        && filter.parameters.allSatisfy { name in
                            query[name] == nil || choice.parameters.contains { $0.0 == name }
                        }
                var own = QueryDict()
                for (key, value) in choice.parameters { own.append(key, value) }
                let parameters = own.urlEncoded
                let url = "?" + keptEncoded + (keptEncoded.isEmpty || parameters.isEmpty ? "" : "&") + parameters
                return ["label": choice.label, "selected": selected, "url": url]
            },
        ]
    }

    /// Django's page list (`get_elided_page_range` of the page): all of them up to ten, else
    /// the first two, the last two and three either side of this one.
    private func pagination(page: Int, pages: Int, query: QueryDict) -> [[String: Any]] {
        guard pages > 1 else { return [] }
        return PageLink.elidedRange(around: page, of: pages).map { link -> [String: Any] in
            guard case .page(let number) = link else { return ["ellipsis": true] }
            return [
                "number": number, "current": number == page,
                "url": "?"
                    + with(
                        query, set: number == 1 ? [] : [(ChangeListParameter.page, String(number))],
                        remove: [ChangeListParameter.page]),
            ]
        }
    }

    private func hiddenInputs(_ query: QueryDict, without: [String]) -> [[String: String]] {
        query.items.filter { !without.contains($0.key) }.map { ["name": $0.key, "value": $0.value] }
    }

    /// The query with `set` parameters replacing theirs and `remove` ones gone, URL-encoded.
    func with(_ query: QueryDict, set: [(String, String)], remove: [String]) -> String {
        var result = QueryDict()
        let replaced = Set(set.map(\.0)).union(remove)
        for (key, value) in query.items where !replaced.contains(key) { result.append(key, value) }
        for (key, value) in set { result.append(key, value) }
        return result.urlEncoded
    }
}

/// A changelist column, resolved once per page.
private struct ColumnPlan<M: Model> {
    let column: AdminColumn<M>
    let field: FieldInfo?
    /// `owner__name` as `["owner", "name"]`.
    let path: [String]
    /// The field's position in ``ModelSchema/fields`` and its key path, for a field of the
    /// model itself whose stored value shows as it is (no relation, choices or special type).
    let direct: (index: Int, keyPath: any PartialKeyPath<M> & Sendable)?
    let className: TemplateValue
    let isLink: Bool

    init(_ column: AdminColumn<M>, isLink: Bool) {
        self.column = column
        self.isLink = isLink
        path = column.name.split(separator: "__").map(String.init)
        let info = M.schemaInfo
        field = column.compute == nil ? AdminFields.resolve(column.name, in: info) : nil
        className = .string("field-" + column.name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        if let field, path.count == 1, field.choices == nil, CellValue.isDirect(field.type),
            let index = M.schema.fields.firstIndex(where: { $0.name == field.name })
        {
            direct = (index, M.schema.fields[index].keyPath)
        } else {
            direct = nil
        }
    }
}

/// Stored values as cells show them, without going through the model's properties.
enum CellValue {
    /// Types whose stored value is the shown value (or a `Date` for a date-time).
    static func isDirect(_ type: FieldType) -> Bool {
        switch type {
        case .boolean, .integer, .bigInteger, .smallInteger, .positiveInteger, .positiveBigInteger,
            .positiveSmallInteger, .auto, .bigAuto, .float, .char, .text, .email, .url, .slug, .dateTime:
            true
        default: false
        }
    }

    /// A direct field's Swift value as shown, when it is one of the plain types (`nil` for
    /// another type, such as an enumeration stored as its raw value, or an optional).
    static func value(of value: Any) -> TemplateValue? {
        switch value {
        case let text as String: .string(text)
        case let flag as Bool: .bool(flag)
        case let number as Int: .int(number)
        case let number as Int64: .int(Int(number))
        case let number as Double: .double(number)
        case let date as Date: .date(date)
        default: nil
        }
    }

    /// A direct field's stored value as shown.
    static func value(_ stored: DatabaseValue, _ type: FieldType) -> TemplateValue {
        switch (type, stored) {
        case (_, .null): .null
        case (.boolean, .integer(let number)): .bool(number != 0)
        case (.dateTime, _): (try? Date(databaseValue: stored)).map(TemplateValue.date) ?? .null
        case (_, .integer(let number)): .int(Int(number))
        case (_, .double(let number)): .double(number)
        case (_, .text(let text)): .string(text)
        case (_, .blob): .null
        }
    }
}

extension TemplateValue {
    /// Whether the value is `None`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension QuerySet {
    /// Page `number` (from 1) of `size` rows; the caller keeps `number * size` in range.
    fileprivate func page(_ number: Int, of size: Int) -> QuerySet { offset((number - 1) * size).limit(size) }
}
