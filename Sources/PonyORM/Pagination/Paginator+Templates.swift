public import PonyTemplates

// Pages and paginators in templates, with the names Django's templates use:
// `{% for task in page_obj %}`, `{{ page_obj.start_index }}`, `{{ paginator.num_pages }}`.

extension Page: TemplateObject {
    /// Django's attributes and methods of a page, by name: `number`, `object_list`,
    /// `has_next`, `has_previous`, `has_other_pages`, `next_page_number`,
    /// `previous_page_number` (missing where there is no such page), `start_index`,
    /// `end_index` and `paginator`.
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "number": .int(number)
        case "object_list": .array(templateElements)
        case "has_next": .bool(hasNext)
        case "has_previous": .bool(hasPrevious)
        case "has_other_pages": .bool(hasOtherPages)
        // NB: Django raises `EmptyPage` from the template; missing renders as nothing instead.
        case "next_page_number": (try? nextPageNumber()).map { .int($0) }
        case "previous_page_number": (try? previousPageNumber()).map { .int($0) }
        case "start_index": .int(startIndex)
        case "end_index": .int(endIndex)
        case "paginator": .object(paginator)
        default: nil
        }
    }

    /// `<Page 2 of 5>`, as Django prints a page.
    public var text: String { "<Page \(number) of \(paginator.numPages)>" }
    /// An empty page is false, as an empty list is.
    public var isTruthy: Bool { !objectList.isEmpty }
    /// The rows, for `{% for %}` and `|length`.
    public var elements: [TemplateValue]? { templateElements }

    private var templateElements: [TemplateValue] { objectList.map { TemplateValue(any: $0) } }
}

extension Paginator: TemplateObject {
    /// Django's attributes of a paginator, by name: `count`, `num_pages`, `page_range`,
    /// `per_page`, `orphans`, `allow_empty_first_page` and `ELLIPSIS`.
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "count": .int(count)
        case "num_pages": .int(numPages)
        case "page_range": .array(pageRange.map { .int($0) })
        case "per_page": .int(perPage)
        case "orphans": .int(orphans)
        case "allow_empty_first_page": .bool(allowEmptyFirstPage)
        case "ELLIPSIS": .string(Self.ellipsis)
        default: nil
        }
    }

    /// `<Paginator: 5 pages>`.
    public var text: String { "<Paginator: \(numPages) pages>" }
}

extension PageLink: TemplateRepresentable {
    /// A page's number, or the text ``Paginator/ellipsis``, as Django's range yields them.
    public var templateValue: TemplateValue {
        switch self {
        case .page(let number): .int(number)
        case .ellipsis: .string(Paginator<Never>.ellipsis)
        }
    }
}
