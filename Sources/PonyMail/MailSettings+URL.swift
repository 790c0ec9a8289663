internal import Foundation

extension MailSettings {
    /// Settings from a URL, as `PONY_EMAIL_URL` gives it (the schemes of django-environ's
    /// `email_url`):
    ///
    /// - `smtp://user:password@host:port`: plain SMTP, port 25 when left out; user and
    ///   password percent-encoded, for SMTP AUTH;
    /// - `smtp+tls://…` (or `smtps://…`): `STARTTLS` (`EMAIL_USE_TLS`), port 587 when left out;
    /// - `smtp+ssl://…`: TLS from the start (`EMAIL_USE_SSL`), port 465 when left out;
    /// - `console:`, `file:///path/to/folder`, `dummy:`.
    ///
    /// SMTP URLs take `timeout` (seconds), `certfile` and `keyfile` (a client certificate:
    /// `EMAIL_SSL_CERTFILE`, `EMAIL_SSL_KEYFILE`) and `cafile` (the authorities that sign the
    /// server's certificate, when the system's do not) in the query.
    ///
    /// - Throws: ``EmailError`` for any other URL, naming the forms above; the password is
    ///   never in the message.
    public init(url: String, defaultFrom: String = "webmaster@localhost") throws(EmailError) {
        self.init(defaultFrom: defaultFrom)
        let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch scheme {
        case "console": backend = ConsoleEmailBackend()
        case "dummy": backend = DummyEmailBackend()
        case "file":
            guard let components = URLComponents(string: url), !components.path.isEmpty else {
                throw EmailError("PONY_EMAIL_URL \(url) names no folder: write file:///path/to/folder.")
            }
            backend = FileEmailBackend(directory: components.path)
        case "smtp": backend = try Self.smtp(url, security: .plain, port: 25)
        case "smtp+tls", "smtps": backend = try Self.smtp(url, security: .startTLS, port: 587)
        case "smtp+ssl": backend = try Self.smtp(url, security: .implicitTLS, port: 465)
        default:
            throw EmailError(
                "PONY_EMAIL_URL \(Self.redacted(url)) is not a mail URL: use smtp://user:password@host:port (or"
                    + " smtp+tls:// for STARTTLS, smtp+ssl:// for TLS from the start), console:, file:///folder or dummy:."
            )
        }
    }

    private static let smtpParameters = ["timeout", "certfile", "keyfile", "cafile"]

    private static func smtp(_ url: String, security: SMTPSecurity, port defaultPort: Int) throws(EmailError)
        -> SMTPEmailBackend
    {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw EmailError(
                "PONY_EMAIL_URL \(redacted(url)) names no host: write smtp://user:password@host:port.")
        }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard smtpParameters.contains(item.name), let value = item.value, !value.isEmpty else {
                throw EmailError(
                    "PONY_EMAIL_URL \(redacted(url)): \(item.name)= is not a setting with a value here; SMTP URLs take"
                        + " \(smtpParameters.map { $0 + "=" }.joined(separator: ", ")).")
            }
            parameters[item.name] = value
        }
        var backend = SMTPEmailBackend(
            host: host, port: components.port ?? defaultPort,
            username: components.percentEncodedUser?.removingPercentEncoding,
            password: components.percentEncodedPassword?.removingPercentEncoding, security: security,
            certificateFile: parameters["certfile"], keyFile: parameters["keyfile"],
            certificateAuthorityFile: parameters["cafile"])
        if let text = parameters["timeout"] {
            guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw EmailError(
                    "PONY_EMAIL_URL \(redacted(url)): timeout=\(text) is not a number of seconds between 0 and 86400.")
            }
            backend.timeout = .milliseconds(Int64(seconds * 1000))
        }
        return backend
    }

    /// `url` with its password shown as `***`.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
