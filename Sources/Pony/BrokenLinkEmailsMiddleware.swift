internal import Foundation
internal import Logging
internal import PonyMail
public import PonyWeb

/// Django's `BrokenLinkEmailsMiddleware`: with DEBUG off, a 404 that a link led to is mailed to
/// the site's managers (``PonyMail/MailSettings/managers``, or `PONY_MANAGERS`), as
/// `[Pony] Broken INTERNAL link on example.com` when the link is on this site, else
/// `Broken link on example.com`, with the referrer, the URL, the user agent and the address.
///
/// ```swift
/// app.middleware(try BrokenLinkEmailsMiddleware(ignoring: [#"\.(php|cgi)$"#, #"^/wp-admin/"#]))
/// ```
///
/// As Django's, it leaves out requests without a `Referer`, a referrer that is the URL itself
/// (a bot) or the URL without its slash (``PonyWeb/Settings/appendSlash``'s redirect), a
/// search engine's (another site's referrer with a `?`), and paths that match one of the
/// patterns (`IGNORABLE_404_URLS`, searched anywhere in the path and query).
///
/// Unlike Django's, mail goes out beside the response (the 404 does not wait for the mail
/// server), and at most 10 a minute per process, so a crawler cannot flood the managers.
public struct BrokenLinkEmailsMiddleware: Middleware, @unchecked Sendable {
    // NB: `@unchecked` for the patterns, as PonyWeb's SecurityMiddleware: a `Regex` is an
    // immutable value whose lazily compiled program is published atomically.
    private let ignorable: [Regex<AnyRegexOutput>]
    private let rate = MailRateLimit()

    /// The middleware, with regular expressions for paths to leave out (Django's
    /// `IGNORABLE_404_URLS`).
    ///
    /// - Throws: ``PonyWeb/ConfigurationError`` naming a pattern that does not compile.
    public init(ignoring patterns: [String] = []) throws(ConfigurationError) {
        var ignorable: [Regex<AnyRegexOutput>] = []
        for pattern in patterns {
            do {
                ignorable.append(try Regex(pattern))
            } catch {
                throw ConfigurationError(
                    "BrokenLinkEmailsMiddleware: \(pattern.debugDescription) is not a regular expression: \(error)",
                    id: "mail.E001")
            }
        }
        self.ignorable = ignorable
    }

    /// Calls the view; mails the managers about the 404 it answered when it was a broken link.
    public func respond(to request: Request, next: Next) async throws -> Response {
        let response = try await next(request)
        guard response.status == .notFound, let settings = request.settings, !settings.debug,
            let (subject, body) = report(request, appendSlash: settings.appendSlash)
        else { return response }
        guard let skipped = rate.take() else { return response }
        let note = skipped > 0 ? "\n\(skipped) earlier broken links were not mailed (at most 10 mails a minute).\n" : ""
        Task {
            do {
                try await Mail.managers(subject: subject, message: body + note)
            } catch {
                Logger(label: "pony.mail").error("Could not mail a broken link to the managers: \(error)")
            }
        }
        return response
    }

    /// Django's subject (without the prefix) and body for a 404, or `nil` when it is one to
    /// leave out.
    func report(_ request: Request, appendSlash: Bool) -> (subject: String, body: String)? {
        let domain = request.host ?? ""
        let path = request.fullPath
        let referer = request.headers["Referer"] ?? ""
        guard !isIgnorable(path: path, domain: domain, referer: referer, appendSlash: appendSlash) else { return nil }
        let subject = "Broken \(Self.isInternal(domain: domain, referer: referer) ? "INTERNAL " : "")link on \(domain)"
        let body =
            "Referrer: \(referer)\nRequested URL: \(path)\nUser agent: \(request.headers["User-Agent"] ?? "<none>")\n"
            + "IP address: \(request.clientAddress ?? "<none>")\n"
        return (subject, body)
    }

    /// Django's `is_internal_request`: the referrer is on this very host (`^https?://domain/`).
    static func isInternal(domain: String, referer: String) -> Bool {
        referer.hasPrefix("http://\(domain)/") || referer.hasPrefix("https://\(domain)/")
    }

    /// Django's `is_ignorable_request`.
    func isIgnorable(path: String, domain: String, referer: String, appendSlash: Bool) -> Bool {
        if referer.isEmpty { return true }
        if appendSlash, path.hasSuffix("/"), referer == path.dropLast() { return true }
        if !Self.isInternal(domain: domain, referer: referer), referer.contains("?") { return true }
        let parts = PythonURL.split(referer)
        let netloc = String(String.UnicodeScalarView(parts.netloc))
        if netloc.isEmpty || netloc == domain, String(String.UnicodeScalarView(parts.path)) == path { return true }
        return ignorable.contains { (try? $0.firstMatch(in: path)) != nil }
    }
}
