internal import Foundation
internal import Logging
internal import PonyMail
internal import PonySupport
internal import PonyWeb

/// Mails each server error to the site's admins under `serve` (Django's `AdminEmailHandler`):
/// `[Pony] ERROR (EXTERNAL IP): Internal Server Error: /path`, with the request's method, URL,
/// client and user agent and the error. Unlike Django's mail it leaves out cookies, headers and
/// the body, which may hold passwords and session keys.
///
/// A failing site can fail thousands of times a minute: at most ``limit`` mails go out per
/// minute per process, and the next one that does says how many were left out.
final class ServerErrorMail: Sendable {
    static let limit = 10
    private let rate = MailRateLimit(limit: limit)

    /// The reporter for ``PonyWeb/ServerErrors``, or `nil` when nobody is to be told.
    static func reporter(for settings: MailSettings) -> (@Sendable (Request, any Error) -> Void)? {
        guard !settings.admins.isEmpty else { return nil }
        let mail = ServerErrorMail()
        return { request, error in mail.report(request, error) }
    }

    func report(_ request: Request, _ error: any Error) {
        guard let skipped = rate.take() else { return }
        let (subject, body) = Self.message(request, error, skipped: skipped)
        // NB: sent beside the request, so the error page does not wait for the mail server.
        Task {
            do {
                try await Mail.admins(subject: subject, message: body)
            } catch {
                Logger(label: "pony.mail").error("Could not mail the server error to the admins: \(error)")
            }
        }
    }

    /// The subject (Django's, line breaks escaped and cut at 989 characters) and the body.
    static func message(_ request: Request, _ error: any Error, skipped: Int) -> (String, String) {
        let summary = "Internal Server Error: \(request.path)"
        var subject = "ERROR (EXTERNAL IP): \(summary)"
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        if subject.count > 989 { subject = String(subject.prefix(989)) }
        var lines = [
            summary, "", "Request Method: \(request.method)", "Request URL: \(request.absoluteURI())",
            "Pony Version: \(PonyVersion.current)", "Exception Type: \(String(describing: type(of: error)))",
            "Exception Value: \(error)", "Client: \(request.clientAddress ?? "unknown")",
            "User-Agent: \(request.headers["User-Agent"] ?? "")",
        ]
        if skipped > 0 {
            lines += ["", "\(skipped) earlier server errors were not mailed (at most \(limit) mails a minute)."]
        }
        return (subject, lines.joined(separator: "\n") + "\n")
    }
}
