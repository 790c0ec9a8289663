import Foundation
import PonyORM
import PonyTemplates
import Testing

/// `Paginator` answers as Django 5.2's does: page counts, ranges, page numbers given as numbers
/// and as text (hostile text included), pages and their neighbours, elided ranges and a page in
/// a template (fixture `django_paginator.json`, from `generate_django_paginator.py` and real
/// Django); on a list and on a query, on both backends.
@Suite struct PaginatorTests {
    struct Fixture: Decodable {
        let template: String
        let cases: [Case]
    }

    struct Case: Decodable {
        let count: Int
        let per_page: Int
        let orphans: Int
        let allow_empty_first_page: Bool
        let num_pages: Int
        let page_range: [Int]
        let pages: [PageCase]
        let inputs: [InputCase]
        let elided: [ElidedCase]

        func paginator<Element>(_ elements: [Element]) -> Paginator<Element> {
            Paginator(elements, perPage: per_page, orphans: orphans, allowEmptyFirstPage: allow_empty_first_page)
        }
        var label: String { "count \(count), \(per_page) a page, orphans \(orphans), \(allow_empty_first_page)" }
    }

    struct PageCase: Decodable {
        let number: Int
        let items: [Int]
        let start_index: Int
        let end_index: Int
        let has_next: Bool
        let has_previous: Bool
        let has_other_pages: Bool
        let next_page_number: Outcome
        let previous_page_number: Outcome
        let repr: String
        let template: String
    }

    /// A page number, or the error Django raised: `{"error": "empty", "message": …}`.
    enum Outcome: Decodable, Equatable {
        case number(Int)
        case error(kind: String, message: String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                let error = try container.decode([String: String].self)
                self = .error(kind: error["error"] ?? "", message: error["message"] ?? "")
            }
        }

        init(_ body: () throws(InvalidPage) -> Int) {
            do {
                self = .number(try body())
            } catch {
                self = .error(kind: error.isEmptyPage ? "empty" : "notAnInteger", message: error.message)
            }
        }

        init(_ body: () async throws -> Page<some Sendable>) async {
            do {
                self = .number(try await body().number)
            } catch let error as InvalidPage {
                self = .error(kind: error.isEmptyPage ? "empty" : "notAnInteger", message: error.message)
            } catch {
                self = .error(kind: "unexpected", message: "\(error)")
            }
        }
    }

    /// A page number as Django was given it: a number, text, `None`, or text too long to write out.
    enum Input: Decodable {
        case number(Int)
        case text(String?)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .text(nil)
            } else if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                struct Repeat: Decodable {
                    let `repeat`: String
                    let count: Int
                }
                let long = try container.decode(Repeat.self)
                self = .text(String(repeating: long.repeat, count: long.count))
            }
        }
    }

    struct InputCase: Decodable {
        let input: Input
        let validate: Outcome
        let page: Outcome
        let get_page: Outcome
    }

    struct ElidedCase: Decodable {
        let number: Int
        let on_each_side: Int
        let on_ends: Int
        let range: [String]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(forResource: "django_paginator.json", withExtension: nil, subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The page numbers `paginator` gives for `input`, as Django's three calls give them.
    static func outcomes<Element>(_ paginator: Paginator<Element>, _ input: Input) async -> [Outcome] {
        switch input {
        case .number(let number):
            [
                Outcome { () throws(InvalidPage) in try paginator.validate(number) },
                await Outcome { try await paginator.page(number) },
                await Outcome { try await paginator.getPage(number) },
            ]
        case .text(let text):
            [
                Outcome { () throws(InvalidPage) in try paginator.validate(text) },
                await Outcome { try await paginator.page(text) }, await Outcome { try await paginator.getPage(text) },
            ]
        }
    }

    /// Checks every page of `paginator` against Django's, items read with `value`, and (for
    /// pages of numbers) rendered with the fixture's template.
    static func checkPages<Element>(
        _ paginator: Paginator<Element>, _ expected: Case, template: Template?, value: (Element) -> Int
    ) async throws {
        #expect(paginator.numPages == expected.num_pages, "\(expected.label)")
        #expect(Array(paginator.pageRange) == expected.page_range, "\(expected.label)")
        for django in expected.pages {
            let page = try await paginator.page(django.number)
            let label = "\(expected.label), page \(django.number)"
            #expect(page.map(value) == django.items, "\(label)")
            #expect(page.count == django.items.count, "\(label)")
            #expect(page.startIndex == django.start_index, "\(label)")
            #expect(page.endIndex == django.end_index, "\(label)")
            #expect(page.hasNext == django.has_next, "\(label)")
            #expect(page.hasPrevious == django.has_previous, "\(label)")
            #expect(page.hasOtherPages == django.has_other_pages, "\(label)")
            #expect(Outcome { () throws(InvalidPage) in try page.nextPageNumber() } == django.next_page_number)
            #expect(Outcome { () throws(InvalidPage) in try page.previousPageNumber() } == django.previous_page_number)
            #expect(page.text == django.repr, "\(label)")
            if let template { #expect(try template.render(["page_obj": page]) == django.template, "\(label)") }
        }
    }

    @Test func listsPageAsDjangos() async throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count == 15)
        let template = try Template(fixture.template)
        var inputs = 0
        for expected in fixture.cases {
            let paginator = expected.paginator(Array(0..<expected.count))
            try await Self.checkPages(paginator, expected, template: template) { $0 }
            for django in expected.inputs {
                let outcomes = await Self.outcomes(paginator, django.input)
                #expect(
                    outcomes == [django.validate, django.page, django.get_page], "\(expected.label): \(django.input)")
                inputs += 1
            }
            for django in expected.elided {
                let range = try paginator.elidedPageRange(
                    django.number, onEachSide: django.on_each_side, onEnds: django.on_ends)
                let text = range.map { link in
                    switch link {
                    case .page(let number): String(number)
                    case .ellipsis: Paginator<Int>.ellipsis
                    }
                }
                #expect(
                    text == django.range, "\(expected.label): \(django.number) \(django.on_each_side) \(django.on_ends)"
                )
            }
        }
        #expect(inputs == 15 * 38)
    }

    @Test(arguments: Backend.available) func queriesPageAsDjangosLists(backend: Backend) async throws {
        let expected = try #require(try Self.fixture().cases.first { $0.count == 23 && $0.orphans == 3 })
        try await withDatabase(backend) { _ in
            for score in 0..<expected.count {
                _ = try await Owner.objects.create(Owner(name: "o\(score)", score: score))
            }
            // NB: on PostgreSQL an updated row moves to the end of the table, where an
            // unordered query would find it; the paginator orders by primary key.
            try await Owner.objects.filter("score", 0).update(\.name, to: "first")
            let paginator = try await Paginator(
                Owner.objects.all(), perPage: expected.per_page, orphans: expected.orphans)
            #expect(paginator.count == 23)
            try await Self.checkPages(paginator, expected, template: nil) { $0.score }
            // A filtered, explicitly ordered query keeps its order.
            let high = try await Paginator(Owner.objects.filter("score__gte", 20).orderBy("-score"), perPage: 2)
            #expect(try await high.page(2).map(\.score) == [20])
            #expect(try await high.getPage("x").map(\.score) == [22, 21])
            await #expect(throws: InvalidPage(.noResults)) {
                try await high.page("3")
            }
            // A sliced query pages within its slice.
            let slice = try await Paginator(Owner.objects.orderBy("score")[5..<12], perPage: 5)
            #expect(slice.count == 7)
            #expect(try await slice.page(2).map(\.score) == [10, 11])
        }
    }

    @Test func hostileSettingsAndNumbersDoNotTrap() async throws {
        let items = Array(0..<10)
        let huge = Paginator(items, perPage: .max, orphans: .max)
        #expect(huge.numPages == 1)
        #expect(try await huge.page(1).objectList == items)
        #expect(try huge.elidedPageRange(1, onEachSide: .max, onEnds: .max) == [.page(1)])
        let odd = Paginator(items, perPage: -5, orphans: -3)
        #expect(odd.perPage == 1 && odd.orphans == 0 && odd.numPages == 10)
        #expect(try odd.elidedPageRange(5, onEachSide: -1, onEnds: .min) == [.ellipsis, .page(5), .ellipsis])
        #expect(try await odd.getPage(.max).number == 10)
        #expect(try await odd.getPage(.min).number == 10)
        #expect(try await odd.getPage(String(repeating: "9", count: 100_000)).number == 1)
        let counted = Paginator<Int>(count: .max, perPage: 1) { range in Array(range.prefix(2)) }
        #expect(counted.numPages == Int.max / 2)
        #expect(try await counted.getPage("99999999999999999999").number == Int.max / 2)
        #expect(try counted.elidedPageRange(Int.max / 2).suffix(2) == [.page(Int.max / 2 - 1), .page(Int.max / 2)])
        // A mapped paginator transforms the rows of the pages it fetches, and keeps the rest.
        let named = Paginator(items, perPage: 3, orphans: 1, errorMessages: [.lessThanOne: "Too low."]).map { "n\($0)" }
        #expect(try await named.page(3).objectList == ["n6", "n7", "n8", "n9"])
        #expect(named.numPages == 3 && named.orphans == 1)
        await #expect(throws: InvalidPage(.lessThanOne, message: "Too low.")) { try await named.page(0) }
        let custom = Paginator(items, perPage: 5, errorMessages: [.noResults: "Nothing there."])
        await #expect(throws: InvalidPage(.noResults, message: "Nothing there.")) { try await custom.page(3) }
    }

    @Test func elidedRangesAndPagesRenderInTemplates() async throws {
        let paginator = Paginator(Array(1...500), perPage: 10)
        let range = try paginator.elidedPageRange(43)
        let template = try Template(
            "{% for n in range %}{% if n == paginator.ELLIPSIS %}{{ n }}{% else %}<a href=\"?page={{ n }}\">{{ n }}</a>"
                + "{% endif %} {% endfor %}")
        #expect(
            try template.render(["range": range, "paginator": paginator])
                == #"<a href="?page=1">1</a> <a href="?page=2">2</a> … <a href="?page=40">40</a> "#
                + #"<a href="?page=41">41</a> <a href="?page=42">42</a> <a href="?page=43">43</a> "#
                + #"<a href="?page=44">44</a> <a href="?page=45">45</a> <a href="?page=46">46</a> … "#
                + #"<a href="?page=49">49</a> <a href="?page=50">50</a> "#)
        // Django raises from `{{ page_obj.next_page_number }}` on the last page; Pony prints nothing.
        let last = try await paginator.page(50)
        #expect(try Template("[{{ p.next_page_number }}]").render(["p": last]) == "[]")
    }
}
