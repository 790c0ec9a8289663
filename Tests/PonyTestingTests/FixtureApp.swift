import PonyForms
import PonyORM

/// The form of `Fixtures/generate_django_assertions.py`, declared in Swift.
final class ContactForm: Form {
    @CharField(maxLength: 100) var subject: String
    @EmailField var sender: String

    override func clean() throws(ValidationError) {
        if (cleanedData["subject"] as? String)?.contains("spam") == true { throw ValidationError("No spam, please.") }
    }
}

/// A shelf of books, for pages that follow a relation.
@Model(appLabel: "library")
struct Shelf {
    @Field(maxLength: 50) var name: String
}

/// A book on a shelf.
@Model(appLabel: "library")
struct Book {
    @Field(maxLength: 100) var title: String
    @Field(onDelete: .cascade) var shelf: ForeignKey<Shelf>
}
