/// Who hears of server errors (Django's `got_request_exception` signal, which its
/// `AdminEmailHandler` hears through logging).
///
/// Every error that becomes a response of 500 or more is logged under `pony.request`, then
/// handed to ``reporter`` if one is set. Pony sets it around `serve` to mail the site's admins
/// (see `MailSettings.admins`); a test or an app can set its own with ``using(_:_:)``.
public enum ServerErrors {
    /// Called with the request and the error, on the request's task; it must not block.
    @TaskLocal public static var reporter: (@Sendable (Request, any Error) -> Void)?

    /// Runs `body` with `reporter` hearing of its server errors.
    ///
    /// NB: call this rather than `$reporter.withValue` from another module: in the `pony`
    /// framework build (release, library evolution), `Pony` calling `withValue` on this
    /// optional-closure task-local crashed in `swift_task_localValuePush`; called here, as
    /// `ORM.using` and `Mail.using` are, it works.
    public static func using<Result: Sendable>(
        _ reporter: (@Sendable (Request, any Error) -> Void)?, _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await $reporter.withValue(reporter) { try await body() }
    }
}
