import Foundation
import PonyORM
import Testing

/// `ORM.capturingQueries`: Django's `CaptureQueriesContext` and `assertNumQueries`.
@Suite struct CapturedQueriesTests {
    /// Reads and writes are captured in order with their values, inside a transaction too;
    /// the transaction's own statements are not, nor what runs after the body.
    @Test(arguments: Backend.available) func capturesWhatTheBodyRuns(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let (ann, queries) = try await ORM.capturingQueries {
                try await atomic {
                    let ann = try await Owner.objects.create(Owner(name: "Ann"))
                    return try await Owner.objects.get("name", "Ann").name == ann.name ? ann : nil
                }
            }
            #expect(ann?.name == "Ann")
            #expect(queries.map { $0.sql.prefix(6) } == ["INSERT", "SELECT"], "\(queries)")
            #expect(queries.first?.binds.contains(.text("Ann")) == true)
            #expect(queries.last?.binds == [.text("Ann"), .integer(21)])  // get() reads 21 rows at most, as Django
            _ = try await Owner.objects.count()
            #expect(queries.count == 2)

            let (none, empty) = try await ORM.capturingQueries { 42 }
            #expect(none == 42 && empty.isEmpty)
            await #expect(throws: DoesNotExist.self) {
                try await ORM.capturingQueries { try await Owner.objects.get("name", "Nobody") }
            }
        }
    }

    /// Without a database there is nothing to capture: the error says so.
    @Test func needsADatabase() async throws {
        await #expect(throws: DatabaseError.self) { try await ORM.capturingQueries { 1 } }
    }
}
