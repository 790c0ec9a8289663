import Foundation
import Pony
import PonySQLite
import PonyTesting
import Testing

/// Django's `blog.Entry`, for the date-based views: a `DateField` and a `DateTimeField`.
@Model(modelName: "Entry", appLabel: "blog", ordering: ["id"], verboseNamePlural: "entries")
struct BlogEntry {
    @Field(maxLength: 50) var title: String
    @Field(maxLength: 50, kind: .slug) var slug: String
    var day: CalendarDate
    var stamp: Date
}

/// The date-based views answer as Django 5.2's `ArchiveIndexView`, `YearArchiveView`,
/// `MonthArchiveView`, `WeekArchiveView`, `DayArchiveView` and `DateDetailView` do, for the same
/// model, rows, templates and 107 requests, with `TIME_ZONE` UTC and Europe/Oslo: status, body,
/// and the 404s' messages (fixture `date_views.json`, from `generate_date_views.py` and real
/// Django).
@Suite struct DateViewTests {
    struct Fixture: Decodable {
        struct Row: Decodable {
            let title: String
            let slug: String
            let day: String
            let stamp: String
        }
        struct Case: Decodable {
            let path: String
            let method: String?
            let status: Int
            let body: String
            let message: String?
        }
        let templates: [String: String]
        let rows: [Row]
        let zones: [String: [Case]]
    }

    static func makeApp(timeZone: String, templates: [String: String]) -> Pony {
        let app = Pony(timeZone: timeZone)
        for (name, text) in templates { app.templates[name] = text }
        let nothing = BlogEntry.objects.filter("title", "nothing")
        let titles = DateArchive<BlogEntry>(
            dateField: "day", templateName: "blog/titles.html", contextObjectName: "entries",
            extraContext: { _ in ["extra": "more", "when": "all"] }
        ) { _ in BlogEntry.objects }
        let day = "day"
        app.route("day/", ArchiveIndexView<BlogEntry>(dateField: day))
        app.route("day/paged/", ArchiveIndexView<BlogEntry>(dateField: day, paginateBy: 3))
        app.route("day/future/", ArchiveIndexView<BlogEntry>(dateField: day, allowFuture: true))
        app.route("day/months/", ArchiveIndexView<BlogEntry>(dateField: day, dateListPeriod: .month))
        app.route("day/none/", ArchiveIndexView(nothing, dateField: day))
        app.route("day/none-ok/", ArchiveIndexView(nothing, dateField: day, allowEmpty: true))
        app.route("day/titles/", ArchiveIndexView(titles))
        app.route("day/qyear/", YearArchiveView<BlogEntry>(dateField: day))
        app.route("day/<int:year>/", YearArchiveView<BlogEntry>(dateField: day))
        app.route("day/<int:year>/list/", YearArchiveView<BlogEntry>(dateField: day, makeObjectList: true))
        app.route("day/<int:year>/open/", YearArchiveView<BlogEntry>(dateField: day, allowEmpty: true))
        app.route("day/<int:year>/future/", YearArchiveView<BlogEntry>(dateField: day, allowFuture: true))
        app.route(
            "day/<int:year>/paged/", YearArchiveView<BlogEntry>(dateField: day, makeObjectList: true, paginateBy: 2))
        app.route("day/<int:year>/week/<int:week>/", WeekArchiveView<BlogEntry>(dateField: day))
        app.route("day/<int:year>/week/<int:week>/open/", WeekArchiveView<BlogEntry>(dateField: day, allowEmpty: true))
        app.route(
            "day/<int:year>/mweek/<int:week>/", WeekArchiveView<BlogEntry>(dateField: day, weekFormat: .mondayFirst))
        app.route("day/<int:year>/iso/<int:week>/", WeekArchiveView<BlogEntry>(dateField: day, weekFormat: .iso))
        app.route("day/<int:year>/full/<str:month>/", MonthArchiveView<BlogEntry>(dateField: day, monthFormat: .name))
        app.route("day/<int:year>/<int:month>/num/", MonthArchiveView<BlogEntry>(dateField: day, monthFormat: .number))
        app.route("day/<int:year>/<str:month>/", MonthArchiveView<BlogEntry>(dateField: day))
        app.route("day/<int:year>/<str:month>/open/", MonthArchiveView<BlogEntry>(dateField: day, allowEmpty: true))
        app.route("day/<int:year>/<str:month>/<int:day>/", DayArchiveView<BlogEntry>(dateField: day))
        app.route(
            "day/<int:year>/<str:month>/<int:day>/open/",
            DayArchiveView<BlogEntry>(dateField: day, allowFuture: true, allowEmpty: true))
        app.route("day/<int:year>/<str:month>/<int:day>/<slug:slug>/", DateDetailView<BlogEntry>(dateField: day))
        app.route(
            "day/<int:year>/<str:month>/<int:day>/<slug:slug>/ok/",
            DateDetailView<BlogEntry>(dateField: day, allowFuture: true))
        app.route("day/<int:year>/<str:month>/<int:day>/<int:pk>/pk/", DateDetailView<BlogEntry>(dateField: day))
        let stamp = "stamp"
        app.route("stamp/", ArchiveIndexView<BlogEntry>(dateField: stamp))
        app.route("stamp/open/<int:year>/<str:month>/", MonthArchiveView<BlogEntry>(dateField: stamp, allowEmpty: true))
        app.route("stamp/<int:year>/", YearArchiveView<BlogEntry>(dateField: stamp, makeObjectList: true))
        app.route("stamp/<int:year>/week/<int:week>/", WeekArchiveView<BlogEntry>(dateField: stamp))
        app.route("stamp/<int:year>/<str:month>/", MonthArchiveView<BlogEntry>(dateField: stamp))
        app.route("stamp/<int:year>/<str:month>/<int:day>/", DayArchiveView<BlogEntry>(dateField: stamp))
        app.route("stamp/<int:year>/<str:month>/<int:day>/<slug:slug>/", DateDetailView<BlogEntry>(dateField: stamp))
        return app
    }

    static func fixture() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(forResource: "date_views.json", withExtension: nil, subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func insert(_ rows: [Fixture.Row]) async throws {
        for row in rows {
            let day = try #require(CalendarDate(row.day))
            let stamp = try #require(ISO8601DateFormatter().date(from: row.stamp))
            _ = try await BlogEntry.objects.create(BlogEntry(title: row.title, slug: row.slug, day: day, stamp: stamp))
        }
    }

    @Test(arguments: ["UTC", "Europe/Oslo"], testBackends)
    func viewsAnswerAsDjangos(timeZone: String, postgreSQL: Bool) async throws {
        let fixture = try Self.fixture()
        let cases = try #require(fixture.zones[timeZone])
        #expect(cases.count == 107)
        let client = try TestClient(Self.makeApp(timeZone: timeZone, templates: fixture.templates))
        try await withModelDatabase([BlogEntry.self], app: "blog", postgreSQL: postgreSQL) {
            try await Self.insert(fixture.rows)
            for django in cases {
                let response =
                    django.method == "POST"
                    ? await client.post(django.path, form: QueryDict()) : await client.get(django.path)
                #expect(response.status.code == django.status, "\(django.path)")
                if django.status == 200 { #expect(response.text == django.body, "\(django.path)") }
                if let message = django.message {
                    #expect(
                        response.text.contains(
                            #"<pre class="exception_value">"# + GenericViewTests.escaped(message) + "</pre>"),
                        "\(django.path): \(message)")
                }
            }
        }
    }

    @Test func todayIsTodayInTheSitesTimeZoneAndQueriesMayDependOnTheRequest() async throws {
        // NB: Kiritimati is UTC+14, so its today is often not UTC's.
        let zone = try #require(TimeZone(identifier: "Pacific/Kiritimati"))
        let today = try #require(CalendarDate(Date(), in: zone))
        let app = Pony(timeZone: zone.identifier)
        app.templates["blog/entry_archive_day.html"] =
            "{{ day|date:'Y-m-d' }}|{% for e in entry_list %}{{ e.title }},{% endfor %}"
        app.templates["blog/entry_archive.html"] = "{% for e in latest %}{{ e.title }},{% endfor %}"
        app.templates["blog/entry_detail.html"] = "{{ entry.title }}"
        app.route("today/", TodayArchiveView<BlogEntry>(dateField: "day"))
        app.route("today/stamp/", TodayArchiveView<BlogEntry>(dateField: "stamp"))
        let owned = { @Sendable (request: Request) in BlogEntry.objects.filter("slug", request.query["owner"] ?? "") }
        app.route("mine/", ArchiveIndexView(DateArchive(dateField: "day", query: owned)))
        app.route(
            "mine/<int:year>/<int:month>/<int:day>/<int:pk>/",
            DateDetailView(dateField: "day", monthFormat: .number, query: owned))
        let client = try TestClient(app)
        try await withModelDatabase([BlogEntry.self], app: "blog") {
            let now = Date()
            _ = try await BlogEntry.objects.create(BlogEntry(title: "Now", slug: "ann", day: today, stamp: now))
            let yesterday = try #require(CalendarDate(now.addingTimeInterval(-86_400), in: zone))
            _ = try await BlogEntry.objects.create(
                BlogEntry(title: "Before", slug: "bob", day: yesterday, stamp: now.addingTimeInterval(-86_400)))
            #expect(await client.get("/today/").text == "\(today)|Now,")
            #expect(await client.get("/today/stamp/").text == "\(today)|Now,")
            #expect(await client.get("/mine/?owner=bob").text == "Before,")
            #expect(await client.get("/mine/?owner=nobody").status == .notFound)
            let path = "/mine/\(yesterday.year)/\(yesterday.month)/\(yesterday.day)/2/"
            #expect(await client.get(path + "?owner=bob").text == "Before")
            #expect(await client.get(path + "?owner=ann").status == .notFound)
        }
    }

    @Test func hostileDatesAre404sAndABadDateFieldIsExplained() async throws {
        let app = Pony()
        app.templates["blog/entry_archive_year.html"] = "{{ year|date:'Y' }}"
        app.templates["blog/entry_archive_week.html"] = "{{ week|date:'Y-m-d' }}"
        app.templates["blog/entry_archive_day.html"] = "{{ day|date:'Y-m-d' }}"
        app.route("year/", YearArchiveView<BlogEntry>(dateField: "day", allowEmpty: true))
        app.route("week/", WeekArchiveView<BlogEntry>(dateField: "stamp", allowFuture: true, allowEmpty: true))
        app.route("iso/", WeekArchiveView<BlogEntry>(dateField: "day", weekFormat: .iso, allowEmpty: true))
        app.route(
            "day/<str:year>/<str:month>/<str:day>/",
            DayArchiveView<BlogEntry>(dateField: "stamp", allowFuture: true, allowEmpty: true))
        app.route("wrong/", YearArchiveView<BlogEntry>(dateField: "title"))
        let client = try TestClient(app, recordsServerErrors: false)
        try await withModelDatabase([BlogEntry.self], app: "blog") {
            let long = String(repeating: "9", count: 5000)
            for query in [
                "year=99999999999999999999", "year=-202", "year=%00", "year=%FF%FE", "year=" + long, "year=2020&year=x",
                "year=0000", "year=20%CC%8120",
            ] {
                #expect(await client.get("/year/?" + query).status == .notFound, "\(query.prefix(30))")
            }
            #expect(await client.get("/year/?year=%D9%A2%D9%A0%D9%A2%D9%A0").text == "2020")
            #expect(await client.get("/year/?year=9998").text == "9998")
            for query in ["year=2020&week=-1", "year=9999&week=53", "year=0001&week=0", "year=2020&week=" + long] {
                #expect(await client.get("/week/?" + query).status == .notFound, "\(query.prefix(30))")
            }
            #expect(await client.get("/week/?year=0001&week=1").text == "0001-01-07")
            #expect(await client.get("/week/?year=9999&week=51").text == "9999-12-19")
            #expect(await client.get("/iso/?year=0001&week=0").status == .notFound)
            #expect(await client.get("/iso/?year=0001&week=1").text == "0001-01-01")
            for path in [
                "9999/dec/31", "0001/jan/1", "2020/%C3%A4pr/1", "2020/jan/%EF%BC%91", "2020/jan/1%00", "x/y/z",
            ] {
                let status = await client.get("/day/\(path)/").status
                #expect(status == .notFound || status == .badRequest, "\(path)")
            }
            // NB: `%d` takes a digit of any script only after a 1 or 2 (`[1-2]\d`), as in Python.
            #expect(await client.get("/day/2020/JAN/1%D9%A1/").text == "2020-01-11")
            #expect(await client.get("/day/2020/JAN/%D9%A1/").status == .notFound)
            let wrong = await client.get("/wrong/?year=2020")
            #expect(wrong.status == .internalServerError)
            let explained = #"YearArchiveView's dateField "title" is not a DateField or DateTimeField of Entry."#
            #expect(wrong.text.contains(GenericViewTests.escaped(explained + " Its date fields: day, stamp.")))
        }
    }
}
