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
    /// `PONY_EMAIL_URL` (`smtp://user:password@host:port`, `smtp+tls://…` for STARTTLS,
    /// `smtp+ssl://…` for TLS, `console:`, `file:///folder`, `dummy:`), `PONY_DEFAULT_FROM_EMAIL`, `PONY_SERVER_EMAIL`, `PONY_ADMINS`
    /// (`"Ann <ann@example.com>, ops@example.com"`) and `PONY_MANAGERS` override it at start-up. Under `pony serve`
    /// with DEBUG off, every server error is mailed to the admins (Django's `AdminEmailHandler`). Left `nil`, `pony run`
    /// prints each message in the terminal and `pony serve` sends to an SMTP server on
    /// `localhost:25` (Django's default).
    public var mail: MailSettings? {
        get { state.withLock { $0.mail } }
        set { state.withLock { $0.mail = newValue } }
    }

    /// `mail.W001`: `serve` would send a password over plain SMTP to another machine.
    func mailDeploymentProblems(environment: [String: String]) -> [ConfigurationError] {
        guard let settings = try? mailSettings(for: .production, environment: environment),
            let smtp = settings.backend as? SMTPEmailBackend, smtp.security == .plain, smtp.username != nil
        else { return [] }
        let host = smtp.host.lowercased()
        guard host != "localhost", !host.hasPrefix("127."), host != "::1", host != "[::1]" else { return [] }
        return [
            ConfigurationError(
                "Mail goes to \(smtp.host):\(smtp.port) over plain SMTP with a password (EMAIL_USE_TLS is off):"
                    + " anyone on the way can read the password and every message. Use smtp+tls:// (STARTTLS) or"
                    + " smtp+ssl:// in PONY_EMAIL_URL (security: .startTLS in code), or a relay on this machine.",
                id: "mail.W001", level: .warning)
        ]
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
        if let managers = environment["PONY_MANAGERS"] { settings.managers = EmailMessage.splitAddresses(managers) }
        return settings
    }
}
