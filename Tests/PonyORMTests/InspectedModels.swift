// swift-format-ignore-file
// This is a model file `inspectdb` wrote from the database's tables.
// You'll have to do the following manually to clean this up:
//   * Rearrange models' order
//   * Make sure each model has one field with primaryKey: true (or an automatic `id`)
//   * Make sure each ForeignKey and OneToOne has `onDelete` set to the desired behavior
//   * Remove `managed: false` from the models you wish to give Pony create, modify, and delete the table
// Feel free to rename the models, but don't change their `table:` or `dbColumn:` values.

import Foundation
import PonyORM
import PonySupport

@Model(table: "inspect_author", managed: false)
struct InspectAuthor {
    @Field(maxLength: 100) var name: String
    @Field(maxLength: 254, unique: true) var email: String
    var bio: String?
    var born: CalendarDate?
}

@Model(table: "inspect_book", constraints: [.unique(fields: ["title", "author"], name: "inspect_book_title_author_uniq")], managed: false)
struct InspectBook {
    @Field(maxLength: 200) var title: String
    var pages: Int32
    @Field(maxDigits: 10, decimalPlaces: 5) var price: Decimal  // max_digits and decimal_places have been guessed, as this database handles decimal fields as float
    var rating: Double?
    var inPrint: Bool
    var published: Date?
    var starts: TimeOfDay?
    var data: JSONValue
    var cover: Data?
    @Field(maxLength: 32) var uid: String
    var length: Int64
    var stock: UInt32
    var series: Int16?
    @Field(onDelete: .doNothing) var author: ForeignKey<InspectAuthor>
    @Field(onDelete: .doNothing, relatedName: "inspectbook_editor_set") var editor: ForeignKey<InspectAuthor>?
}

@Model(table: "inspect_legacy", constraints: [.unique(fields: ["label", "kind"], name: "inspect_legacy_label_kind_uniq")], managed: false)
struct InspectLegacy {
    @Field(primaryKey: true, maxLength: 10, dbColumn: "Code") var code: String  // Field name made lowercase.
    @Field(dbColumn: "class") var classField: Int32?  // Field renamed because it was a Python reserved word.
    @Field(dbColumn: "2nd") var number2nd: String?  // Field renamed because it wasn't a valid Python identifier.
    @Field(dbColumn: "has__double") var hasDouble: String?  // Field renamed because it contained more than one '_' in a row.
    @Field(dbColumn: "_hidden") var fieldHidden: Int32?  // Field renamed because it started with '_'.
    @Field(dbColumn: "trailing_") var trailingField: Int32?  // Field renamed because it ended with '_'.
    @Field(dbColumn: "from") var fromField: String?  // Field renamed because it was a Python reserved word.
    @Field(dbColumn: "weird name") var weirdName: String?  // Field renamed to remove unsuitable characters.
    var mystery: String?  // This field type is a guess.
    @Field(dbColumn: "CamelCase") var camelcase: Int32?  // Field name made lowercase.
    @Field(dbColumn: "parent", onDelete: .doNothing) var parent: ForeignKey<InspectLegacy>?
    var authorEmail: String?  // A key to InspectAuthor.email, which is not its primary key: Pony's relations point to primary keys.
    @Field(maxLength: 20) var label: String
    @Field(maxLength: 20) var kind: String
}

// The primary key is (left_id, right_id): a Pony model has one key column; mark one with primaryKey: true.
@Model(table: "inspect_pair", managed: false)
struct InspectPair {
    var leftId: Int32
    var rightId: Int32
    var note: String?
}

@Model(table: "inspect_profile", managed: false)
struct InspectProfile {
    @Field(onDelete: .doNothing) var author: OneToOne<InspectAuthor>
    @Field(maxLength: 200) var website: String?
    var tagline: String?  // A varchar without a length: a TextField here.
}

@Model(table: "inspect_titles", managed: false)  // Created from a view. Don't remove.
struct InspectTitles {
    var id: Int32?
    @Field(maxLength: 200) var title: String?
}
