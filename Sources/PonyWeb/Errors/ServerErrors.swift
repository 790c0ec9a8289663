/// Who hears of server errors (Django's `got_request_exception` signal, which its
/// `AdminEmailHandler` hears through logging).
///
/// Every error that becomes a response of 500 or more is logged under `pony.request`, then
/// handed to ``reporter`` if one is set. Pony sets it around `serve` to mail the site's admins
/// (see `MailSettings.admins`); a test or an app can set its own with `$reporter.withValue`.
public enum ServerErrors {
    /// Called with the request and the error, on the request's task; it must not block.
    @TaskLocal public static var reporter: (@Sendable (Request, any Error) -> Void)?
}
