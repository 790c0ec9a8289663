internal import PonyORM
public import Testing

/// Runs `body` and checks that it ran exactly `count` statements on the test's database
/// (Django's `assertNumQueries`); returns what `body` returned.
///
/// ```swift
/// let page = try await assertNumQueries(3) { await client.get("/tasks/") }
/// ```
///
/// Requests sent with the ``TestClient`` inside `body` count, session and user lookups
/// included, as in Django. On failure the issue lists the statements:
/// `4 queries executed, 3 expected\nCaptured queries were:\n1. SELECT …`.
@discardableResult
public func assertNumQueries<Result: Sendable>(
    _ count: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Result
) async throws -> Result {
    let (result, queries) = try await ORM.capturingQueries(body)
    if queries.count != count {
        let listed = queries.enumerated().map { "\($0.offset + 1). \($0.element.sql)" }.joined(separator: "\n")
        fail("\(queries.count) queries executed, \(count) expected\nCaptured queries were:\n\(listed)", sourceLocation)
    }
    return result
}
