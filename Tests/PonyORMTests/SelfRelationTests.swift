import Foundation
import PonyORM
import Testing

/// A model that points to its own kind, as Django's `ForeignKey("self")`.
@Model(ordering: ["name"])
struct Category {
    @Field(maxLength: 40) var name: String
    var parent: ForeignKey<Category>?
    var children = RelatedSet<Category>(\.parent)
}

@Suite struct SelfRelationTests {
    @Test(arguments: Backend.available) func aModelPointsToItsOwnKind(backend: Backend) async throws {
        try await withDatabase(backend, [Category.self]) { _ in
            #expect(Category.schemaInfo.fields.first { $0.name == "parent" }?.relationTarget == "ponyormtests.category")
            let root = try await Category(name: "root").save()
            let child = try await Category(name: "child", parent: ForeignKey(root)).save()
            _ = try await Category(name: "leaf", parent: ForeignKey(child)).save()
            #expect(try await Category.objects.filter("parent__name", "root").values("name").count == 1)
            #expect(try await Category.objects.filter("parent__parent__name", "root").first()?.name == "leaf")
            let leaf = try await Category.objects.selectRelated("parent").get(Q("name", "leaf"))
            #expect(leaf.parent?.cached?.name == "child")
            #expect(try await leaf.parent?.load().parent?.load().name == "root")
            #expect(try await root.related(\.children).fetch().map(\.name) == ["child"])
            let prefetched = try await Category.objects.prefetchRelated("children").get(Q("name", "child"))
            #expect(prefetched.children.cached?.map(\.name) == ["leaf"])
            // Deleting the root deletes what hangs from it.
            try await root.delete()
            #expect(try await Category.objects.count() == 0)
        }
    }
}
