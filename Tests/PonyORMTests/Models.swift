import Foundation
import PonyORM

@Model
struct Owner {
    @Field(maxLength: 100) var name: String
    @Field(maxLength: 64, unique: true) var token: String = UUID().uuidString
    @Field(validators: [nonNegative]) var score: Int = 0

    var tasks = RelatedSet<Task>(\.owner)
    /// The same tasks again, for a `Prefetch` that fills it with some (Django's `to_attr`).
    var openTasks = RelatedSet<Task>(\.owner)
    var stickers = RelatedSet<Sticker>(\.owner)
}

/// Django's `MinValueValidator(0)`.
let nonNegative: @Sendable (DatabaseValue) throws -> Void = { value in
    if case .integer(let number) = value, number < 0 {
        throw ValidationError("Ensure this value is greater than or equal to 0.")
    }
}

enum Priority: String, Choices {
    case low, high
}

@Model(ordering: ["id"])
struct Task {
    @Field(maxLength: 256) var name: String
    var note: String?
    @Field(autoNowAdd: true) var createdAt: Date
    var due: Date?
    var completed = false
    var priority: Priority = .low
    var tags: [String] = []
    @Field(onDelete: .cascade) var owner: ForeignKey<Owner>
}

@Model
struct Sticker {
    @Field(maxLength: 30) var text: String
    @Field(onDelete: .setNull) var owner: ForeignKey<Owner>?
}

@Model
struct Badge {
    @Field(onDelete: .protect) var owner: ForeignKey<Owner>
}

/// Many-to-many: to another model (with a reverse name), to itself (symmetrical, and one
/// way), and through a model with two keys to `Owner`.
@Model
struct Team {
    @Field(maxLength: 50) var name: String
    @Field(relatedName: "teams") var members = ManyToMany<Owner>()
    var rivals = ManyToMany<Team>()
    @Field(relatedName: "following") var followers = ManyToMany<Team>(symmetrical: false)
    @Field(relatedName: "crews") var crew = ManyToMany<Owner>(
        through: Membership.self, throughFields: ("team", "owner"))
}

/// The pairs of `Team.crew`, with fields of their own. `invitedBy` comes before `owner`, so
/// only `throughFields` tells the relation which key is the member.
@Model
struct Membership {
    var team: ForeignKey<Team>
    @Field(relatedName: "invitations") var invitedBy: ForeignKey<Owner>? = nil
    var owner: ForeignKey<Owner>
    @Field(maxLength: 20) var role: String = "member"
    @Field(autoNowAdd: true) var joined: Date
}

let allModels: [any Model.Type] = [Owner.self, Task.self, Sticker.self, Badge.self, Team.self, Membership.self]
