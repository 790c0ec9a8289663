internal import Foundation

/// Sending mail (Django's `django.core.mail`): ``send(subject:message:from:to:html:failSilently:)``
/// is `send_mail`, ``send(_:failSilently:)`` sends ``EmailMessage``s, through the backend of the
/// current task's ``MailSettings``.
///
/// ```swift
/// try await Mail.send(subject: "Welcome", message: "Thanks for joining.", to: [user.email])
/// ```
///
/// Pony sets the settings at start-up around the server and the commands: in development
/// (`pony run`) messages are printed to the terminal, in production (`pony serve`) they go to
/// the SMTP server that `PONY_EMAIL_URL` names. Tests set a ``MemoryEmailBackend`` with
/// ``using(_:_:)`` and read its outbox.
public enum Mail {
    /// The current task's mail settings.
    @TaskLocal public static var settings = MailSettings()

    /// The messages kept by the current task's backend when it is a ``MemoryEmailBackend``, as
    /// in `app.withTestDatabase { … }` (Django's `mail.outbox`); empty with another backend.
    public static var outbox: [EmailMessage] { (settings.backend as? MemoryEmailBackend)?.outbox ?? [] }

    /// The sender of messages that name none (Django's `DEFAULT_FROM_EMAIL`).
    public static var defaultFrom: String { settings.defaultFrom }

    /// Runs `body` with `settings` as the current mail settings.
    public static func using<Result: Sendable>(
        _ settings: MailSettings, _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await $settings.withValue(settings) { try await body() }
    }

    /// Sends `messages` through the current backend and returns how many went out; with
    /// `failSilently`, a failure returns 0 instead of throwing (Django's
    /// `fail_silently`).
    @discardableResult
    public static func send(_ messages: [EmailMessage], failSilently: Bool = false) async throws(EmailError) -> Int {
        do {
            return try await settings.backend.send(messages)
        } catch  where failSilently {
            return 0
        }
    }

    /// Django's `send_mail`: one message to `to`, with an HTML version when `html` is given.
    @discardableResult
    public static func send(
        subject: String, message: String, from: String? = nil, to: [String], html: String? = nil,
        failSilently: Bool = false
    ) async throws(EmailError) -> Int {
        var email = EmailMessage(subject: subject, body: message, from: from, to: to)
        if let html { email.attachAlternative(html, mimeType: "text/html") }
        return try await send([email], failSilently: failSilently)
    }

    /// Django's `mail_admins`: a message to ``MailSettings/admins`` from
    /// ``MailSettings/serverEmail``, its subject after ``MailSettings/subjectPrefix``; nothing
    /// (0) when there are no admins.
    @discardableResult
    public static func admins(subject: String, message: String, html: String? = nil, failSilently: Bool = false)
        async throws(EmailError) -> Int
    {
        try await sendServerMessage(to: settings.admins, subject: subject, message: message, html: html, failSilently)
    }

    /// Django's `mail_managers`: as ``admins(subject:message:html:failSilently:)``, to
    /// ``MailSettings/managers``.
    @discardableResult
    public static func managers(subject: String, message: String, html: String? = nil, failSilently: Bool = false)
        async throws(EmailError) -> Int
    {
        try await sendServerMessage(to: settings.managers, subject: subject, message: message, html: html, failSilently)
    }

    private static func sendServerMessage(
        to recipients: [String], subject: String, message: String, html: String?, _ failSilently: Bool
    ) async throws(EmailError) -> Int {
        guard !recipients.isEmpty else { return 0 }
        var email = EmailMessage(
            subject: settings.subjectPrefix + subject, body: message, from: settings.serverEmail, to: recipients)
        if let html { email.attachAlternative(html, mimeType: "text/html") }
        return try await send([email], failSilently: failSilently)
    }

    /// This host's name, for `Message-ID`s (Django's `DNS_NAME`).
    public static let hostName: String = {
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty ? "localhost" : name
    }()
}

/// Where mail goes and who it is from (Django's `EMAIL_BACKEND`, `EMAIL_HOST`…,
/// `DEFAULT_FROM_EMAIL`, `ADMINS`, `MANAGERS`, `SERVER_EMAIL`, `EMAIL_SUBJECT_PREFIX`).
public struct MailSettings: Sendable {
    /// The backend messages go through.
    public var backend: any EmailBackend
    /// The sender of messages that name none (`DEFAULT_FROM_EMAIL`).
    public var defaultFrom: String
    /// Who ``Mail/admins(subject:message:html:failSilently:)`` writes to (`ADMINS`): under
    /// `pony serve`, every server error is mailed to them.
    public var admins: [String]
    /// Who ``Mail/managers(subject:message:html:failSilently:)`` writes to (`MANAGERS`).
    public var managers: [String]
    /// The sender of mail to admins and managers (`SERVER_EMAIL`).
    public var serverEmail: String
    /// Put before the subject of mail to admins and managers (`EMAIL_SUBJECT_PREFIX`).
    public var subjectPrefix: String

    /// Settings with `backend` (the console by default) and Django's defaults for the rest.
    public init(
        backend: any EmailBackend = ConsoleEmailBackend(), defaultFrom: String = "webmaster@localhost",
        admins: [String] = [], managers: [String] = [], serverEmail: String = "root@localhost",
        subjectPrefix: String = "[Pony] "
    ) {
        self.backend = backend
        self.defaultFrom = defaultFrom
        self.admins = admins
        self.managers = managers
        self.serverEmail = serverEmail
        self.subjectPrefix = subjectPrefix
    }
}
