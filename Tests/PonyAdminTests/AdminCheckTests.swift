import Pony
import PonyWeb
import Testing

/// Django's admin checks at start-up, with Django's ids and the line of `app.admin(…)`.
@Suite struct AdminCheckTests {
    static func problem(_ configure: @escaping (inout ModelAdmin<Task>) -> Void) -> ConfigurationError? {
        let app = Pony(file: "/tmp/pony-admin-checks/app.swift")
        app.admin(Task.self, configure)
        do {
            _ = try app.makeSite(mode: .development, environment: [:])
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownNamesStopStartUp() throws {
        let display = try #require(Self.problem { $0.listDisplay = ["name", "colour"] })
        #expect(display.id == "admin.E108")
        #expect(display.message.contains("listDisplay names 'colour', which is not a field of Task"))
        #expect(display.file?.hasSuffix("AdminCheckTests.swift") == true)
        #expect(display.line != nil)
        #expect(Self.problem { $0.listFilter = ["colour"] }?.id == "admin.E116")
        #expect(Self.problem { $0.listEditable = ["completed"] }?.id == "admin.E122")
        #expect(
            Self.problem {
                $0.listDisplay = ["name", "completed"]
                $0.listEditable = ["name"]
            }?.id == "admin.E124")
        #expect(Self.problem { $0.readonlyFields = ["colour"] }?.id == "admin.E035")
        #expect(
            Self.problem {
                $0.fields = ["name"]
                $0.fieldsets = [AdminFieldset(nil, ["name"])]
            }?.message == "Both 'fieldsets' and 'fields' are specified.")
        #expect(Self.problem { $0.fields = ["name", "owner", "name"] }?.id == "admin.E006")
        let twice = Self.problem {
            $0.fieldsets = [AdminFieldset(nil, ["name"]), AdminFieldset("Again", ["owner", "name"])]
        }
        #expect(twice?.id == "admin.E012")
        #expect(twice?.message == "There are duplicate field(s) in 'fieldsets[1]': 'name'.")
        let unknown = Self.problem { $0.fieldsets = [AdminFieldset(nil, ["name", "colour", "size"])] }
        #expect(unknown?.id == "pony.admin.E001")
        #expect(unknown?.message.hasPrefix("Unknown field(s) (colour, size) specified for Task in fieldsets") == true)
        #expect(Self.problem { $0.fields = ["colour"] }?.id == "pony.admin.E001")
        #expect(
            Self.problem {
                $0.fields = ["name", "createdAt"]
                $0.readonlyFields = ["createdAt"]
            } == nil)
        #expect(Self.problem { $0.inlines = [.tabular(Owner.self)] }?.id == "admin.E202")
        #expect(Self.problem { $0.dateHierarchy = "due" }?.id == "admin.E127")
        #expect(Self.problem { $0.prepopulatedFields = ["slug": ["name"]] }?.id == "admin.E027")
        #expect(Self.problem { $0.prepopulatedFields = ["owner": ["name"]] }?.id == "admin.E028")
        #expect(Self.problem { $0.prepopulatedFields = ["name": ["title"]] }?.id == "admin.E030")
        #expect(Self.problem { $0.rawIdFields = ["boss"] }?.id == "admin.E002")
        #expect(Self.problem { $0.rawIdFields = ["name"] }?.id == "admin.E003")
        #expect(Self.problem { $0.autocompleteFields = ["boss"] }?.id == "admin.E037")
        #expect(Self.problem { $0.autocompleteFields = ["name"] }?.id == "admin.E038")
        // An inline's options are checked against the child model.
        let inline = try #require(Self.problem { $0.inlines = [.stacked(Review.self, rawIdFields: ["title"])] })
        #expect(inline.id == "admin.E003")
        #expect(inline.message == "In the inline of Review: rawIdFields names 'title', which must be a foreign key.")
        #expect(
            Self.problem { $0.inlines = [.tabular(Review.self, prepopulatedFields: ["slug": ["name"]])] }?.id
                == "admin.E030")
        #expect(
            Self.problem { $0.inlines = [.tabular(Review.self, autocompleteFields: ["reviewer"])] }?.id == "admin.E039")
        #expect(Self.problem { $0.inlines = [.tabular(Review.self, rawIdFields: ["reviewer"])] } == nil)
        // Owner is not registered here, then registered without search fields.
        #expect(Self.problem { $0.autocompleteFields = ["owner"] }?.id == "admin.E039")
        #expect(
            Self.problem { $0.dateHierarchy = "name" }?.message
                == "The value of 'dateHierarchy' must be a DateField or DateTimeField.")
        let app = Pony(file: "/tmp/pony-admin-checks/app.swift")
        app.admin(Owner.self)
        app.admin(Task.self) { $0.autocompleteFields = ["owner"] }
        #expect(throws: ConfigurationError.self) { _ = try app.makeSite(mode: .development, environment: [:]) }
        do {
            _ = try app.makeSite(mode: .development, environment: [:])
        } catch {
            #expect(error.id == "admin.E040")
        }
        // Good options pass: relations, computed columns, __str__.
        #expect(
            Self.problem {
                $0.listDisplay = ["__str__", "owner__name", "completed", .computed("X") { _ in 1 }]
                $0.listEditable = ["completed"]
                $0.listFilter = ["owner", "createdAt"]
                $0.dateHierarchy = "createdAt"
                $0.rawIdFields = ["owner"]
                $0.prepopulatedFields = ["name": ["priority"]]
            } == nil)
    }
}
