import Foundation
import PonyORM
import Testing

/// The optimizer against Django's: Fixtures/generate_optimizer.py ran each list of operations
/// through Django 5.2's `MigrationOptimizer` and wrote both in Pony's migration JSON.
@Suite struct MigrationOptimizerTests {
    struct Case: Decodable {
        let name: String
        let operations: [MigrationOperation]
        let optimized: [MigrationOperation]
    }

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        guard
            let url = Bundle.module.url(
                forResource: "django_optimizer.json", withExtension: nil, subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    @Test func theFixtureIsRead() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases.map(\.name))
    func optimizesAsDjango(_ name: String) throws {
        let found = try #require(Self.cases.first { $0.name == name })
        let optimized = MigrationOptimizer.optimize(found.operations, app: "app")
        // NB: Django keeps a merged unique_together as a set; the fixture sorts it.
        #expect(optimized.map(Self.sortingUniqueTogether) == found.optimized)
    }

    /// Optimizing what is already optimized changes nothing.
    @Test(arguments: cases.map(\.name))
    func optimizingTwiceChangesNothing(_ name: String) throws {
        let found = try #require(Self.cases.first { $0.name == name })
        let once = MigrationOptimizer.optimize(found.operations, app: "app")
        #expect(MigrationOptimizer.optimize(once, app: "app") == once)
    }

    static func sortingUniqueTogether(_ operation: MigrationOperation) -> MigrationOperation {
        guard case .createModel(var model) = operation else { return operation }
        model.uniqueTogether.sort { $0.lexicographicallyPrecedes($1) }
        return .createModel(model)
    }
}
