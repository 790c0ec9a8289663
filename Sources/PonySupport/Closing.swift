/// `body`'s result, with `close` run exactly once afterwards however `body` ended.
///
/// A failure to close is thrown only when `body` succeeded, so it never hides `body`'s own
/// error; and `close` is not run a second time when it fails (closing a database twice can
/// close a descriptor that by then belongs to another connection).
package func closing<Result>(
    _ close: () async throws -> Void, after body: () async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        try? await close()
        throw error
    }
    try await close()
    return result
}
