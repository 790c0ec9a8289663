internal import PonySupport

/// Splits rows into numbered pages: Django's `django.core.paginator.Paginator`.
///
/// ```swift
/// let paginator = try await Paginator(Entry.objects.orderBy("-createdAt"), perPage: 20)
/// let page = try await paginator.getPage(request.query["page"])   // page 1 for "abc", the last for "99"
/// return try render(request, "entries.html", ["page_obj": page])
/// ```
///
/// A query is counted once, when the paginator is made, and each page fetches its own rows
/// (`LIMIT`/`OFFSET`). Where Django warns that an unordered query may give inconsistent
/// pages, Pony orders it by primary key. Page numbers given as text are read as Django reads
/// them (Python's `int()`), and every answer — numbers, errors, the elided range — is
/// Django 5.2's (compared in the tests).
public struct Paginator<Element: Sendable>: Sendable {
    /// What ``elidedPageRange(_:onEachSide:onEnds:)`` puts where pages are left out: "…"
    /// (Django's `Paginator.ELLIPSIS`).
    public static var ellipsis: String { "…" }

    /// The most rows on a page (at least 1).
    public let perPage: Int
    /// How many rows may join the last page rather than make a page of their own.
    public let orphans: Int
    /// Whether page 1 exists when there are no rows at all.
    public let allowEmptyFirstPage: Bool
    /// How many rows there are on all the pages together.
    public let count: Int
    /// The errors' messages, Django's unless replaced (Django's `error_messages`).
    public let errorMessages: [InvalidPage.Reason: String]
    private let rows: @Sendable (Range<Int>) async throws -> [Element]

    /// Pages of `count` rows, which `rows` fetches a range at a time: for any source that can
    /// count and slice.
    ///
    /// `perPage` below 1 counts as 1 and `orphans` below 0 as 0 (where Django divides by
    /// zero or makes odd pages).
    public init(
        count: Int, perPage: Int, orphans: Int = 0, allowEmptyFirstPage: Bool = true,
        errorMessages: [InvalidPage.Reason: String] = [:],
        rows: @escaping @Sendable (Range<Int>) async throws -> [Element]
    ) {
        // NB: below Int.max, so that `pageRange` and the page arithmetic cannot overflow.
        self.count = min(max(0, count), Int.max / 2)
        self.perPage = max(1, perPage)
        self.orphans = max(0, orphans)
        self.allowEmptyFirstPage = allowEmptyFirstPage
        self.errorMessages = errorMessages
        self.rows = rows
    }

    /// Pages of the elements of an array.
    public init(
        _ elements: [Element], perPage: Int, orphans: Int = 0, allowEmptyFirstPage: Bool = true,
        errorMessages: [InvalidPage.Reason: String] = [:]
    ) {
        self.init(
            count: elements.count, perPage: perPage, orphans: orphans, allowEmptyFirstPage: allowEmptyFirstPage,
            errorMessages: errorMessages
        ) { range in Array(elements[range.clamped(to: elements.indices)]) }
    }

    /// Pages of a query's rows, counted now; a query without an ordering (its own or the
    /// model's) is ordered by primary key, so that no row is on two pages or none.
    public init(
        _ query: QuerySet<Element>, perPage: Int, orphans: Int = 0, allowEmptyFirstPage: Bool = true,
        errorMessages: [InvalidPage.Reason: String] = [:]
    ) async throws where Element: Model {
        var ordered = query
        if query.ordering.isEmpty { ordered.orderings = ["pk"] }
        let rows = ordered
        self.init(
            count: try await query.count(), perPage: perPage, orphans: orphans,
            allowEmptyFirstPage: allowEmptyFirstPage, errorMessages: errorMessages
        ) { range in try await rows[range].fetch() }
    }

    /// The same pages with each row transformed by `transform` as its page is fetched: a
    /// query's pages as the values a view shows.
    public func map<Transformed: Sendable>(
        _ transform: @escaping @Sendable (Element) throws -> Transformed
    ) -> Paginator<Transformed> {
        let rows = rows
        return Paginator<Transformed>(
            count: count, perPage: perPage, orphans: orphans, allowEmptyFirstPage: allowEmptyFirstPage,
            errorMessages: errorMessages
        ) { range in try await rows(range).map(transform) }
    }

    /// How many pages there are (Django's `num_pages`): 0 only when there are no rows and
    /// ``allowEmptyFirstPage`` is false.
    public var numPages: Int {
        if count == 0 && !allowEmptyFirstPage { return 0 }
        let hits = max(1, count - orphans)
        return hits / perPage + (hits % perPage == 0 ? 0 : 1)
    }

    /// The page numbers, from 1 (Django's `page_range`).
    public var pageRange: Range<Int> { 1..<(numPages + 1) }

    /// `number` if there is such a page, else the reason there is not (Django's
    /// `validate_number`).
    public func validate(_ number: Int) throws(InvalidPage) -> Int {
        guard number >= 1 else { throw invalid(.lessThanOne) }
        guard number <= numPages else { throw invalid(.noResults) }
        return number
    }

    /// The page number `text` gives, read as Python's `int()` reads it (`" 2 "`, `"+2"`,
    /// `"١"`; not `"2.0"`), if there is such a page; `nil` is not an integer.
    public func validate(_ text: String?) throws(InvalidPage) -> Int {
        switch text.map({ PythonInt(Substring($0)) }) ?? .invalid {
        case .value(let number): try validate(number)
        case .outOfRange(let negative): throw invalid(negative ? .lessThanOne : .noResults)
        case .invalid: throw invalid(.notAnInteger)
        }
    }

    /// Page `number`, or ``InvalidPage`` when there is none (Django's `page()`).
    public func page(_ number: Int) async throws -> Page<Element> {
        let number = try validate(number)
        return try await fetch(number)
    }

    /// The page `text` names (as ``validate(_:)-(String?)`` reads it), or ``InvalidPage``.
    public func page(_ text: String?) async throws -> Page<Element> {
        let number = try validate(text)
        return try await fetch(number)
    }

    /// The page `text` names, page 1 when it is not a number, and the last page when there is
    /// no such page (Django's `get_page`): for a `?page=` parameter that anyone can edit.
    /// Throws only when there are no pages at all (no rows, and ``allowEmptyFirstPage``
    /// false), as Django's does.
    public func getPage(_ text: String?) async throws -> Page<Element> {
        let number: Int
        do {
            number = try validate(text)
        } catch {
            number = error.reason == .notAnInteger ? 1 : numPages
        }
        return try await page(number)
    }

    /// Page `number`, or the last page when there is no such page.
    public func getPage(_ number: Int) async throws -> Page<Element> {
        try await page((try? validate(number)) ?? numPages)
    }

    /// The page numbers to show around page `number`, with ``ellipsis`` where some are left
    /// out: `1, 2, …, 40, 41, 42, 43, 44, 45, 46, …, 49, 50` for page 43 of 50 (Django's
    /// `get_elided_page_range`). Values below 0 count as 0.
    public func elidedPageRange(_ number: Int = 1, onEachSide: Int = 3, onEnds: Int = 2) throws(InvalidPage)
        -> [PageLink]
    {
        PageLink.elidedRange(around: try validate(number), of: numPages, onEachSide: onEachSide, onEnds: onEnds)
    }

    /// Page `number`, already validated: its rows and the orphans that join the last page.
    private func fetch(_ number: Int) async throws -> Page<Element> {
        // NB: `number` ≤ numPages, so `bottom` ≤ count; written so that no sum overflows.
        let bottom = (number - 1) * perPage
        let rest = count - bottom
        let top = rest - perPage <= orphans ? count : bottom + perPage
        return Page(objectList: try await rows(bottom..<top), number: number, paginator: self)
    }

    private func invalid(_ reason: InvalidPage.Reason) -> InvalidPage {
        InvalidPage(reason, message: errorMessages[reason])
    }
}

/// One entry of ``Paginator/elidedPageRange(_:onEachSide:onEnds:)``: a page's number, or
/// the ellipsis that stands for the pages left out.
public enum PageLink: Hashable, Sendable {
    /// A page number.
    case page(Int)
    /// Pages left out, shown as ``Paginator/ellipsis``.
    case ellipsis

    /// The links around page `number` of `pages`, as Django's `get_elided_page_range` lists
    /// them (for a page list made without a ``Paginator``, as the admin's). Values below 0
    /// count as 0.
    public static func elidedRange(around number: Int, of pages: Int, onEachSide: Int = 3, onEnds: Int = 2)
        -> [PageLink]
    {
        let pages = max(0, pages)
        // NB: beyond the number of pages, a larger value changes nothing; so no overflow.
        let onEachSide = min(max(0, onEachSide), pages)
        let onEnds = min(max(0, onEnds), pages)
        let number = min(max(number, 1), max(pages, 1))
        func run(_ from: Int, _ to: Int) -> [PageLink] { stride(from: from, to: to, by: 1).map { .page($0) } }
        if pages <= (onEachSide + onEnds) * 2 { return run(1, pages + 1) }
        var links: [PageLink] = []
        if number > (1 + onEachSide + onEnds) + 1 {
            links += run(1, onEnds + 1) + [.ellipsis] + run(number - onEachSide, number + 1)
        } else {
            links += run(1, number + 1)
        }
        if number < (pages - onEachSide - onEnds) - 1 {
            links += run(number + 1, number + onEachSide + 1) + [.ellipsis] + run(pages - onEnds + 1, pages + 1)
        } else {
            links += run(number + 1, pages + 1)
        }
        return links
    }
}

/// A page number that names no page: Django's `InvalidPage`, whose `PageNotAnInteger` and
/// `EmptyPage` are its reasons. Uncaught in a view, it is a 404, as Django's `ListView` answers.
public struct InvalidPage: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why there is no such page.
    public enum Reason: Hashable, Sendable {
        /// Not a whole number (Django's `PageNotAnInteger`, `"invalid_page"`).
        case notAnInteger
        /// A number below 1 (Django's `EmptyPage`, `"min_page"`).
        case lessThanOne
        /// A number past the last page (Django's `EmptyPage`, `"no_results"`).
        case noResults

        /// Django's message for the reason.
        public var message: String {
            switch self {
            case .notAnInteger: "That page number is not an integer"
            case .lessThanOne: "That page number is less than 1"
            case .noResults: "That page contains no results"
            }
        }
    }

    /// Why there is no such page.
    public let reason: Reason
    /// The message: Django's, or the paginator's own.
    public let message: String

    /// The error for `reason`, with Django's message unless `message` replaces it.
    public init(_ reason: Reason, message: String? = nil) {
        self.reason = reason
        self.message = message ?? reason.message
    }

    /// Whether this is Django's `EmptyPage` (a number, but no such page).
    public var isEmptyPage: Bool { reason != .notAnInteger }
    /// The message.
    public var description: String { message }
}
