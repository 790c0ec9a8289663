import Foundation
import PonyORM
import PonySQLite
import Testing

@Suite struct IterationTests {
    @Test(arguments: Backend.available) func iterationStreamsEveryRowOnceInChunks(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let owners = (0..<4_500).map { Owner(name: "owner \($0)", score: $0 % 7) }
            _ = try await Owner.objects.bulkCreate(owners)
            var seen = Set<Int64>()
            var count = 0
            for try await owner in Owner.objects.all() {
                seen.insert(owner.id!)
                count += 1
            }
            #expect(count == 4_500 && seen.count == 4_500)
            // With an ordering that has ties, and a slice: the primary key breaks the ties.
            var scores: [Int] = []
            var ids = Set<Int64>()
            for try await owner in Owner.objects.filter("score__lt", 5).orderBy("-score")[10..<2_010] {
                scores.append(owner.score)
                ids.insert(owner.id!)
            }
            #expect(scores.count == 2_000 && ids.count == 2_000)
            #expect(scores == scores.sorted(by: >))
            var none = 0
            for try await _ in Owner.objects.filter("name", "nobody") { none += 1 }
            #expect(none == 0)
        }
    }
}
