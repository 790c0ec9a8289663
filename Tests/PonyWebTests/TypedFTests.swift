import Foundation
import Pony
import PonySQLite
import Testing

@Model
struct Article {
    @Field(maxLength: 50) var title: String
    var views: Int = 0
    var likes: Int = 0
}

/// Django's `F()` with a key path: `update(\.views, to: F(\.views) + 1)`, beside `F("views")`.
@Suite struct TypedFTests {
    @Test func typedAndUntypedFUpdateInTheDatabase() async throws {
        try await withModelDatabase([Article.self]) {
            _ = try await Article(title: "a", views: 10, likes: 3).save()
            _ = try await Article(title: "b", views: 1, likes: 5).save()
            #expect(try await Article.objects.update(\.views, to: F(\.views) + 1) == 2)
            try await Article.objects.filter(\.title, .exact("a")).update(\.likes, to: F(\.likes) * 2 - 1)
            try await Article.objects.filter(\.title, .exact("b")).update(\.views, to: F(\.views) + F(\.likes))
            // The untyped spelling still reads a lookup path from a string.
            try await Article.objects.update(["likes": F("likes") + 100])
            let rows = try await Article.objects.orderBy(\.title).fetch().map { [$0.views, $0.likes] }
            #expect(rows == [[11, 105], [7, 105]])
        }
    }
}
