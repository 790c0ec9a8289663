internal import Foundation
internal import PonyAuth
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
        if request.method == .post { return try await runAction(request, access, list) }

        let isNarrowed =
            !list.search.isEmpty || list.filters.contains { !$0.parameters.allSatisfy { request.query[$0] == nil } }
        let total = try await root.count()
        let count = isNarrowed ? try await list.filtered.count() : total
        let perPage = max(1, admin.listPerPage)
        let showAll = request.query[ChangeListParameter.all] != nil && count <= admin.listMaxShowAll
        let pages = showAll ? 1 : max(1, (count + perPage - 1) / perPage)
        let pageText = request.query[ChangeListParameter.page] ?? "1"
        guard let page = Int(pageText), (1...pages).contains(page) else {
            return Response.redirect(to: base(access) + "?e=1")
        }
        let related = admin.listDisplay.compactMap { column -> String? in
            guard column.compute == nil, let first = column.name.components(separatedBy: "__").first,
                AdminFields.resolve(first, in: info)?.relatedModel != nil
            else { return nil }
            return first
        }
        var rowsQuery = list.filtered.orderBy(list.ordering()).selectRelated(Array(Set(related)).sorted())
        if !showAll { rowsQuery = rowsQuery.offset((page - 1) * perPage).limit(perPage) }
        let rows = try await rowsQuery.fetch()

        var context = self.context(
            request, access, title: "Select \(verboseName) to \(access.has(.change, info) ? "change" : "view")")
        context.merge([
            "headers": headers(list, request.query),
            "results": rows.map { row(for: $0, access) },
            "result_count": count, "full_count": total, "is_narrowed": isNarrowed,
            "search_var": ChangeListParameter.search, "search_query": list.search,
            "has_search": !admin.searchFields.isEmpty,
            "filters": list.filters.map { filterEntry($0, request.query) },
            "actions": actionChoices(access),
            "preserved": hiddenInputs(request.query, without: [ChangeListParameter.search, ChangeListParameter.page]),
            "pagination": pagination(page: page, pages: pages, query: request.query),
            "show_all_url": !showAll && count > perPage && count <= admin.listMaxShowAll
                ? "?" + with(request.query, set: [(ChangeListParameter.all, "")], remove: [ChangeListParameter.page])
                : "",
            "add_url": access.has(.add, info) ? base(access) + "add/" : "",
            "clear_search_url": "?"
                + with(request.query, set: [], remove: [ChangeListParameter.search, ChangeListParameter.page]),
            "error": request.query[ChangeListParameter.error] != nil,
        ])
        return try render(request, "admin/change_list.html", context)
    }

    // MARK: - Columns and cells

    private func headers(_ list: ChangeList<M>, _ query: QueryDict) -> [[String: Any]] {
        admin.listDisplay.enumerated().map { index, column in
            let title = column.title ?? AdminFields.label(column.name, in: info)
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

    private func row(for row: M, _ access: AdminAccess) -> [String: Any] {
        let links = admin.listDisplayLinks ?? [admin.listDisplay.first?.name ?? "__str__"]
        let cells = admin.listDisplay.map { column -> [String: Any] in
            var cell = self.cell(column, row)
            cell["link"] = links.contains(column.name) ? changeURL(access, row) : ""
            cell["class"] = "field-" + column.name.filter { $0.isLetter || $0.isNumber || $0 == "_" }
            return cell
        }
        return ["pk": AdminFields.display(row.pk), "cells": cells, "text": row.text]
    }

    /// A cell: text, or a boolean shown as an icon; `-` for nothing (Django's `empty_value_display`).
    func cell(_ column: AdminColumn<M>, _ row: M) -> [String: Any] {
        if let compute = column.compute {
            let value = compute(row)
            if let flag = value as? Bool { return ["is_bool": true, "value": flag] }
            return display(TemplateValue(any: value))
        }
        if column.name == "__str__" { return ["value": row.text] }
        var value: TemplateValue = .object(row)
        for part in column.name.components(separatedBy: "__") {
            guard let next = value.lookup(part) else {
                value = .null
                break
            }
            value = next
        }
        guard let field = AdminFields.resolve(column.name, in: info) else { return display(value) }
        if field.type == .boolean, !value.isNull { return ["is_bool": true, "value": value.isTruthy] }
        if let choices = field.options.choices,
            let label = choices.first(where: { AdminFields.display($0.0) == value.text })?.1
        {
            return ["value": label]
        }
        return display(value)
    }

    private func display(_ value: TemplateValue) -> [String: Any] {
        if value.isNull || value.text.isEmpty { return ["value": "-"] }
        return ["value": value]
    }

    // MARK: - Filters, pages and query strings

    private func filterEntry(_ filter: FilterSpec<M>, _ query: QueryDict) -> [String: Any] {
        [
            "title": filter.title,
            "choices": filter.choices.map { choice -> [String: Any] in
                let selected =
                    choice.parameters.isEmpty
                    ? filter.parameters.allSatisfy { query[$0] == nil }
                    : choice.parameters.allSatisfy { query[$0.0] == $0.1 }
                        && filter.parameters.allSatisfy { name in
                            query[name] == nil || choice.parameters.contains { $0.0 == name }
                        }
                return [
                    "label": choice.label, "selected": selected,
                    "url": "?"
                        + with(query, set: choice.parameters, remove: filter.parameters + [ChangeListParameter.page]),
                ]
            },
        ]
    }

    /// Django's page list: the first two, the last two, and three either side of this one.
    private func pagination(page: Int, pages: Int, query: QueryDict) -> [[String: Any]] {
        var shown: [Int] = []
        for number in 1...pages where number <= 2 || number > pages - 2 || abs(number - page) <= 3 {
            shown.append(number)
        }
        var items: [[String: Any]] = []
        var previous = 0
        for number in shown {
            if number > previous + 1 { items.append(["ellipsis": true]) }
            items.append([
                "number": number, "current": number == page,
                "url": "?"
                    + with(
                        query, set: number == 1 ? [] : [(ChangeListParameter.page, String(number))],
                        remove: [ChangeListParameter.page]),
            ])
            previous = number
        }
        return pages > 1 ? items : []
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

extension TemplateValue {
    /// Whether the value is `None`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
