public import PonyMail
internal import PonyWeb
internal import Synchronization

extension Pony {
    /// Where the app's mail goes and who it is from (Django's `EMAIL_BACKEND`, `EMAIL_HOST`…
    /// and `DEFAULT_FROM_EMAIL`); ``Mail/send(subject:message:from:to:html:failSilently:)``
    /// and the password reset pages send through it.
    ///
    /// ```swift
    /// app.mail = MailSettings(backend: SMTPEmailBackend(host: "mail.internal", port: 25),
    ///                         defaultFrom: "Shop <noreply@shop.example>")
    /// ```
    ///
    /// `PONY_EMAIL_URL` (`smtp://user:password@host:port`, `console:`, `file:///folder`,
    /// `dummy:`), `PONY_DEFAULT_FROM_EMAIL`, `PONY_SERVER_EMAIL` and `PONY_ADMINS`
    /// (`"Ann <ann@example.com>, ops@example.com"`) override it at start-up. Under `pony serve`
    /// with DEBUG off, every server error is mailed to the admins (Django's `AdminEmailHandler`). Left `nil`, `pony run`
    /// prints each message in the terminal and `pony serve` sends to an SMTP server on
    /// `localhost:25` (Django's default).
    public var mail: MailSettings? {
        get { state.withLock { $0.mail } }
        set { state.withLock { $0.mail = newValue } }
    }

    /// The mail settings in force for `mode`, with the environment's overrides.
    func mailSettings(for mode: ServerMode, environment: [String: String]) throws -> MailSettings {
        var settings =
            mail ?? MailSettings(backend: mode == .production ? SMTPEmailBackend() : ConsoleEmailBackend())
        if let url = environment["PONY_EMAIL_URL"], !url.isEmpty {
            settings.backend = try MailSettings(url: url).backend
        }
        if let from = environment["PONY_DEFAULT_FROM_EMAIL"], !from.isEmpty { settings.defaultFrom = from }
        if let from = environment["PONY_SERVER_EMAIL"], !from.isEmpty { settings.serverEmail = from }
        if let admins = environment["PONY_ADMINS"] { settings.admins = EmailMessage.splitAddresses(admins) }
        return settings
    }
}
