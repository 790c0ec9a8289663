/// One page of a ``Paginator``: its rows and where it stands (Django's `Page`).
///
/// `for row in page` visits the rows. In templates it is Django's `page_obj`:
/// `{{ page_obj.number }}`, `{% if page_obj.has_next %}`, `{{ page_obj.paginator.num_pages }}`.
public struct Page<Element: Sendable>: Sendable, Sequence {
    /// The rows on this page (Django's `object_list`).
    public let objectList: [Element]
    /// The page's number, from 1.
    public let number: Int
    /// The paginator the page came from.
    public let paginator: Paginator<Element>

    /// How many rows are on this page (Django's `len(page)`).
    public var count: Int { objectList.count }

    /// The rows, in order.
    public func makeIterator() -> IndexingIterator<[Element]> { objectList.makeIterator() }

    /// The number of rows, for `Array(page)`.
    public var underestimatedCount: Int { objectList.count }

    /// Whether a page follows this one.
    public var hasNext: Bool { number < paginator.numPages }
    /// Whether a page comes before this one.
    public var hasPrevious: Bool { number > 1 }
    /// Whether there is a page before or after this one.
    public var hasOtherPages: Bool { hasPrevious || hasNext }

    /// The next page's number, or ``InvalidPage`` on the last page.
    public func nextPageNumber() throws(InvalidPage) -> Int { try paginator.validate(number + 1) }
    /// The previous page's number, or ``InvalidPage`` on the first page.
    public func previousPageNumber() throws(InvalidPage) -> Int { try paginator.validate(number - 1) }

    /// The position of the page's first row among all rows, counting from 1 (Django's
    /// `start_index()`: 21 on page 3 of ten a page); 0 when there are no rows.
    public var startIndex: Int { paginator.count == 0 ? 0 : paginator.perPage * (number - 1) + 1 }
    /// The position of the page's last row among all rows, counting from 1 (Django's
    /// `end_index()`).
    public var endIndex: Int { number == paginator.numPages ? paginator.count : number * paginator.perPage }
}
