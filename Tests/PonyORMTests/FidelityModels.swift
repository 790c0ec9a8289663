import Foundation
import PonyORM
import PonySupport

// The models of Fixtures/generate_django_fixtures.py, field for field, as a Pony user would
// write them.

@Model(
    appLabel: "fidelity",
    constraints: [.check(Q("active", true) | Q("rating__lte", 3), name: "fidelity_inactive_rated_low")])
struct Author {
    @Field(maxLength: 100) var name: String
    @Field(unique: true, kind: .email) var email: String
    var bio: String?
    var rating: Double = 0
    var active = true
    var joined: Date
    var extra: JSONValue?

    var books = RelatedSet<Book>(\.author)
}

enum Genre: String, Choices {
    case fiction, science, poetry
}

@Model(
    appLabel: "fidelity", indexes: [Index(fields: ["genre", "-pages"])],
    constraints: [
        .unique(fields: ["author", "title"], name: "fidelity_unique_title_per_author"),
        .check(Q("pages__gte", 1), name: "fidelity_book_pages", violationErrorMessage: "Pages must be positive."),
        .check(~Q("title", "") & ~Q("slug__startswith", "x'"), name: "fidelity_book_title"),
        .check(
            (Q("price__lte", F("pages") * 10) | Q("published__isnull", true))
                & Q("price__gte", Decimal(string: "0.01")!),
            name: "fidelity_book_price"),
        .check(
            Q("published__gte", Date(timeIntervalSince1970: 946_684_800)) | Q("published__isnull", true),
            name: "fidelity_book_published"),
        .unique(fields: ["slug"], name: "fidelity_book_live_slug", condition: Q("published__isnull", false)),
    ])
struct Book {
    @Field(maxLength: 200, dbIndex: true) var title: String
    var author: ForeignKey<Author>
    var pages: Int32
    @Field(maxDigits: 6, decimalPlaces: 2) var price: Decimal
    var uid: UUID
    @Field(maxLength: 10) var genre: Genre
    var tags: [String] = []
    var published: Date?
    var cover: Data?
    @Field(kind: .slug) var slug: String
    var sold: Int64 = 0
    @Field(blank: true, kind: .url) var site: String
    @Field(blank: true) var labels = ManyToMany<Label>()
}

@Model(
    appLabel: "fidelity", constraints: [.unique(expressions: [.lower(F("name"))], name: "fidelity_label_lower_name")])
struct Label {
    @Field(maxLength: 30, unique: true) var name: String
}

/// Django's other field types: an `AutoField` key, dates, times, small and positive integers,
/// and an IP address.
@Model(appLabel: "fidelity")
struct Reading {
    var id: Int32?
    var day: CalendarDate
    var at: TimeOfDay?
    var level: Int16 = 0
    var small: UInt16 = 0
    var count: UInt32 = 0
    var big: UInt64 = 0
    @Field(kind: .ipAddress) var address: String?
    var span: Duration?
}

let fidelityModels: [any Model.Type] = [Author.self, Book.self, Label.self, Reading.self]
