internal import Foundation
internal import PonySupport

/// An email (Django's `EmailMessage` and `EmailMultiAlternatives`): a subject, a plain-text
/// body, addresses, and optionally other versions of the body and attachments.
///
/// ```swift
/// var message = EmailMessage(
///     subject: "Your order", body: "It ships today.", to: ["Zoë <zoe@example.com>"])
/// message.attachAlternative("<p>It ships <b>today</b>.</p>", mimeType: "text/html")
/// message.attach(filename: "invoice.pdf", content: pdfBytes)
/// try await Mail.send([message])
/// ```
public struct EmailMessage: Sendable {
    /// The subject line.
    public var subject: String
    /// The body, `text/plain` unless ``contentSubtype`` says otherwise.
    public var body: String
    /// The sender (`"Shop <shop@example.com>"`); `nil` sends from ``Mail/defaultFrom``.
    public var from: String?
    /// The `To` recipients.
    public var to: [String]
    /// The `Cc` recipients.
    public var cc: [String]
    /// Recipients in the envelope only: no header names them.
    public var bcc: [String]
    /// The `Reply-To` addresses.
    public var replyTo: [String]
    /// Extra headers, in order. `From`, `To`, `Cc` and `Reply-To` here replace the header
    /// written from the fields (not the envelope); `Date` and `Message-ID` replace the ones
    /// Pony makes.
    public var headers: [(name: String, value: String)]
    /// The body's subtype: `plain`, or `html` for an HTML-only message.
    public var contentSubtype: String
    /// Other versions of the body (`text/html`), as `multipart/alternative`.
    public var alternatives: [(content: String, mimeType: String)]
    /// Files sent with the message, as `multipart/mixed`.
    public var attachments: [EmailAttachment]

    /// A message with the given fields.
    public init(
        subject: String = "", body: String = "", from: String? = nil, to: [String] = [], cc: [String] = [],
        bcc: [String] = [], replyTo: [String] = [], headers: [(name: String, value: String)] = []
    ) {
        self.subject = subject
        self.body = body
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.headers = headers
        contentSubtype = "plain"
        alternatives = []
        attachments = []
    }

    /// Every recipient: `to`, `cc` and `bcc`, in that order (Django's `recipients()`).
    public var recipients: [String] { (to + cc + bcc).filter { !$0.isEmpty } }

    /// Adds another version of the body (Django's `attach_alternative`), usually `text/html`.
    public mutating func attachAlternative(_ content: String, mimeType: String) {
        alternatives.append((content, mimeType))
    }

    /// Attaches a file; `mimeType` is guessed from `filename` when `nil` (Django's `attach`).
    /// A text type whose content is not UTF-8 is sent as `application/octet-stream`, as Django does.
    public mutating func attach(filename: String?, content: [UInt8], mimeType: String? = nil) {
        var type = mimeType ?? filename.map { MediaTypes.guess(path: $0) } ?? "application/octet-stream"
        if let semicolon = type.firstIndex(of: ";") { type = String(type[..<semicolon]) }
        if type.hasPrefix("text/"), String(validating: content, as: UTF8.self) == nil {
            type = "application/octet-stream"
        }
        attachments.append(EmailAttachment(filename: filename, content: content, mimeType: type))
    }

    /// The header value the message's own `name` header overrides, if any.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A file sent with an ``EmailMessage``.
public struct EmailAttachment: Sendable, Equatable {
    /// The file name shown to the reader, or `nil` for an inline part without one.
    public var filename: String?
    /// The bytes.
    public var content: [UInt8]
    /// The content type (`application/pdf`).
    public var mimeType: String

    /// An attachment.
    public init(filename: String?, content: [UInt8], mimeType: String) {
        self.filename = filename
        self.content = content
        self.mimeType = mimeType
    }
}
