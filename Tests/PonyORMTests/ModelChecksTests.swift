import PonyORM
import Testing

// Declarations Django's system checks refuse; `ORM.check` must refuse them too.

@Model
struct Club {
    var members = ManyToMany<Owner>(through: ClubMembership.self)
    @Field(relatedName: "wrong") var wrong = ManyToMany<Owner>(through: Pass.self, throughFields: ("club", "nobody"))
    @Field(relatedName: "right") var right = ManyToMany<Owner>(through: Pass.self, throughFields: ("club", "holder"))
    var holders = RelatedSet<Pass>(\.holder)
}

@Model
struct ClubMembership {
    var club: ForeignKey<Club>
    var member: ForeignKey<Owner>
    @Field(relatedName: "referrals") var referrer: ForeignKey<Owner>
}

@Model
struct Pass {
    @Field(relatedName: "p") var club: ForeignKey<Club>
    @Field(relatedName: "p") var holder: ForeignKey<Owner>
}

@Model
struct Person {
    var friends = ManyToMany<Person>(through: Friendship.self)
}

@Model
struct Friendship {
    @Field(relatedName: "x") var a: ForeignKey<Person>
    @Field(relatedName: "y") var b: ForeignKey<Person>
    @Field(relatedName: "z") var c: ForeignKey<Person>
}

@Model
struct Hub {
    @Field(maxLength: 10) var name: String
}

@Model
struct Clash {
    var first: ForeignKey<Hub>
    var second: ForeignKey<Hub>
    var tagged = ManyToMany<Hub>()
    @Field(relatedName: "clashes") var named: ForeignKey<Hub>
}

@Model(constraints: [
    .check(Q("hub__name", "x") | Q("nope__gt", 1), name: "joined"),
    .unique(fields: ["tags", "hub"], name: "m2m"),
    .unique(expressions: [.lower(F("title"))], name: "expression"),
])
struct Misfit {
    var hub: ForeignKey<Hub>
    @Field(relatedName: "misfitTags") var tags = ManyToMany<Hub>()
}

@Suite struct ModelChecksTests {
    /// The messages of the many-to-many fields (without their hints, which say how to fix it
    /// in Swift) are Django 5.2.19's for the same models (`Field.check()` on them); Django has
    /// no `RelatedSet`, whose message is Pony's.
    @Test func ambiguousOrWrongThroughKeysAreRefusedAsDjangoRefusesThem() throws {
        let error = #expect(throws: FieldError.self) { try ORM.check([Owner.self, Club.self, Person.self]) }
        let lines = error?.description.split(separator: "\n").map(String.init) ?? []
        let errors = lines.filter { !$0.hasPrefix("\t") }
        #expect(
            errors == [
                "System check identified some issues:", "ERRORS:",
                "ponyormtests.Club.members: (fields.E335) The model is used as an intermediate model by 'ponyormtests.Club.members', but it has more than one foreign key to 'Owner', which is ambiguous. You must specify which foreign key Django should use via the through_fields keyword argument.",
                "ponyormtests.Club.wrong: (fields.E338) The intermediary model 'ponyormtests.Pass' has no field 'nobody'.",
                "ponyormtests.Club.holders: RelatedSet<Pass> follows 'Pass.holder', which is not a foreign key to 'Club'.",
                "ponyormtests.Friendship: (fields.E333) The model is used as an intermediate model by 'ponyormtests.Person.friends', but it has more than two foreign keys to 'Person', which is ambiguous. You must specify which two foreign keys Django should use via the through_fields keyword argument.",
            ])
        #expect(lines.contains("\tHINT: Did you mean one of the following foreign keys to 'Owner': holder?"))
        #expect(lines.contains { $0.contains("throughFields: (\"club\", \"member\")") })
        #expect(lines.contains("\tHINT: Follow one of Pass's foreign keys to Club: \\.club."))
    }

    /// Two relations to one model with the same reverse query name (`clash`): Django refuses
    /// them too (fields.E304 for its `clash_set` accessors; Pony has no accessors, and its
    /// reverse query names are what clash).
    @Test func clashingReverseNamesAreRefused() throws {
        let error = #expect(throws: FieldError.self) { try ORM.check([Hub.self, Clash.self]) }
        let lines = (error?.description.split(separator: "\n").map(String.init) ?? []).filter { !$0.hasPrefix("\t") }
        #expect(
            lines.dropFirst(2) == [
                "ponyormtests.Clash.first: (fields.E305) Reverse query name for 'ponyormtests.Clash.first' clashes with reverse query name for 'ponyormtests.Clash.second'.",
                "ponyormtests.Clash.first: (fields.E305) Reverse query name for 'ponyormtests.Clash.first' clashes with reverse query name for 'ponyormtests.Clash.tagged'.",
                "ponyormtests.Clash.second: (fields.E305) Reverse query name for 'ponyormtests.Clash.second' clashes with reverse query name for 'ponyormtests.Clash.tagged'.",
            ])
    }

    /// A constraint holds on one row of its own table: Django 5.2.19 refuses a joined field,
    /// a field that does not exist and a many-to-many field, with these messages.
    @Test func constraintsOnOtherTablesOrMissingFieldsAreRefused() throws {
        let error = #expect(throws: FieldError.self) { try ORM.check([Hub.self, Misfit.self]) }
        let lines = (error?.description.split(separator: "\n").map(String.init) ?? []).dropFirst(2)
        #expect(
            Set(lines) == [
                "ponyormtests.Misfit: (models.E041) 'constraints' refers to the joined field 'hub__name'.",
                "ponyormtests.Misfit: (models.E012) 'constraints' refers to the nonexistent field 'nope'.",
                "ponyormtests.Misfit: (models.E013) 'constraints' refers to a ManyToManyField 'tags', but ManyToManyFields are not permitted in 'constraints'.",
                "ponyormtests.Misfit: (models.E012) 'constraints' refers to the nonexistent field 'title'.",
            ])
    }

    @Test func theTestModelsPass() throws {
        try ORM.check(allModels)
    }
}
