import Foundation
import Pony
import PonyORM
import PonyTesting
import Testing

/// `app.withTestDatabase(fixtures:)`: Django's `TestCase.fixtures`, loaded into each test's
/// database from the app's `fixtures/` folder.
@Suite struct FixtureLoadingTests {
    static let fixture = """
        [
          {"model": "library.shelf", "pk": 1, "fields": {"name": "Poetry"}},
          {"model": "library.book", "pk": 7, "fields": {"title": "Odes", "shelf": 1}}
        ]
        """

    @Test func fixturesAreLoadedIntoEachTestDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.fixture.write(
            to: directory.appendingPathComponent("fixtures/library.json"), atomically: true, encoding: .utf8)
        let app = Pony(file: directory.appendingPathComponent("library.swift").path)
        app.models(Shelf.self, Book.self)
        app.get("books/<int:pk>/") { request in
            let book = try await Book.objects.get(Q("pk", request.parameters["pk"] ?? ""))
            return "\(book.title) on shelf \(book.shelf.id.map(String.init) ?? "-")"
        }
        let environment = ["DATABASE_URL": "sqlite://:memory:"]
        try await app.withTestDatabase(environment: environment, fixtures: ["library"]) {
            #expect(try await Shelf.objects.count() == 1)
            let client = try TestClient(app)
            assertContains(await client.get("/books/7/"), "Odes on shelf 1")
        }
        // Each test database starts from the fixtures again, not from what a test left.
        try await app.withTestDatabase(environment: environment) {
            let count = try await Book.objects.count()
            #expect(count == 0)
        }
        // A fixture that is not there fails the test before its body runs, naming the folder.
        await #expect {
            try await app.withTestDatabase(environment: environment, fixtures: ["missing"]) {
                Issue.record("the body must not run")
            }
        } throws: { error in
            "\(error)".contains("No fixture named 'missing' found")
        }
    }
}
