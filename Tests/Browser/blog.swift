// The admin's widgets in a real browser (Tests/Browser/widgets_browser.py): a slug filled
// from the title, an author chosen by searching (on the post, and on a comment in the post's
// inline), a post picked in a raw-id pop-up, tags in a generic inline, and the date
// drill-down; and flat pages and
// redirects made in the admin and served (Tests/Browser/sites_browser.py).
import Pony

let app = Pony()

@Model(ordering: ["name"])
struct Author {
    @Field(maxLength: 100) var name: String
    var text: String { name }
}

@Model(ordering: ["-published"])
struct Post {
    @Field(maxLength: 200) var title: String
    @Field(kind: .slug) var slug: String
    var author: ForeignKey<Author>
    @Field(autoNowAdd: true) var published: Date = Date()
    var tags = RelatedSet<Tag>(generic: \.contentObject)
    var text: String { title }
}

/// A tag on a row of any model (Django's `TaggedItem`), edited in the post's generic inline.
@Model
struct Tag {
    @Field(maxLength: 50) var label: String
    var contentType: ForeignKey<ContentType>
    var objectId: Int64
    var contentObject = GenericForeignKey()
    var text: String { label }
}

@Model
struct Comment {
    var post: ForeignKey<Post>
    @Field(maxLength: 500) var body: String
    @Field(onDelete: .setNull) var author: ForeignKey<Author>?
    var text: String { body }
}

app.admin(Author.self) { $0.searchFields = ["name"] }
app.admin(Post.self) { admin in
    admin.listDisplay = ["title", "author", "published"]
    admin.prepopulatedFields = ["slug": ["title"]]
    admin.autocompleteFields = ["author"]
    admin.dateHierarchy = "published"
    admin.inlines = [.tabular(Comment.self, extra: 1, autocompleteFields: ["author"]), .stacked(Tag.self)]
}
app.admin(Comment.self) { $0.rawIdFields = ["post"] }
app.admin(Tag.self) { $0.listDisplay = ["label", "contentType", "objectId"] }
app.install(.sites(), .redirects(), .flatPages())

app.run()
