import Foundation
import Testing

@testable import PonyMail

/// Messages written as Django 5.2 writes them: `Fixtures/messages.json` (from
/// `generate_messages.py`) holds Django's text and what Python's parser reads from it.
@Suite struct EmailMessageTests {
    struct Case: @unchecked Sendable, CustomTestStringConvertible {
        let fields: [String: Any]
        var name: String { fields["name"] as? String ?? "" }
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "messages", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map(Case.init)
    }()

    static func message(_ fields: [String: Any]) -> EmailMessage {
        var message = EmailMessage(
            subject: fields["subject"] as? String ?? "", body: fields["body"] as? String ?? "",
            from: fields["from_email"] as? String ?? "webmaster@localhost", to: fields["to"] as? [String] ?? [],
            cc: fields["cc"] as? [String] ?? [], bcc: fields["bcc"] as? [String] ?? [],
            replyTo: fields["reply_to"] as? [String] ?? [],
            headers: (fields["headers"] as? [[String]] ?? []).map { ($0[0], $0[1]) })
        message.contentSubtype = fields["content_subtype"] as? String ?? "plain"
        for alternative in fields["alternatives"] as? [[String]] ?? [] {
            message.attachAlternative(alternative[0], mimeType: alternative[1])
        }
        for attachment in fields["attachments"] as? [[String]] ?? [] {
            message.attach(
                filename: attachment[0], content: Array(Data(base64Encoded: attachment[1]) ?? Data()),
                mimeType: attachment[2])
        }
        return message
    }

    /// A header line for comparison: boundaries are random, and Python reads the space
    /// before Django's first folded encoded word into the value (`Subject:  Réinit…`), which
    /// mail readers trim.
    static func normalized(_ name: String, _ value: String) -> String {
        var value = value.trimmingCharacters(in: .whitespaces)
        if let boundary = value.range(of: "boundary=") { value = value[..<boundary.upperBound] + "…" }
        return "\(name): \(value)"
    }

    /// The reader's view of a message, in the fixture's shape.
    static func view(_ text: String) throws -> [String: [String]] {
        let reader = try MIMEReader(text)
        var view: [String: [String]] = [:]
        view["headers"] = try reader.headers.map { header in
            MIMEReader.addressHeaders.contains(header.name.lowercased())
                ? "\(header.name): \(try MIMEReader.addresses(header.value))" : normalized(header.name, header.value)
        }
        view["parts"] = reader.parts.map {
            [
                $0.type, $0.charset ?? "-", $0.encoding ?? "-", $0.filename ?? "-",
                $0.content.map { Data($0).base64EncodedString() } ?? "-",
            ]
            .joined(separator: " ")
        }
        return view
    }

    /// Python's parse in the same shape.
    static func view(parsed: [String: Any]) -> [String: [String]] {
        var view: [String: [String]] = [:]
        view["headers"] = (parsed["headers"] as? [[Any]] ?? []).map { header in
            let name = header[0] as? String ?? ""
            if let pairs = header[1] as? [[String]] { return "\(name): \(pairs)" }
            return normalized(name, header[1] as? String ?? "")
        }
        view["parts"] = (parsed["parts"] as? [[String: Any]] ?? []).map { part in
            func field(_ key: String) -> String { part[key] as? String ?? "-" }
            return [field("type"), field("charset"), field("encoding"), field("filename"), field("content")]
                .joined(separator: " ")
        }
        return view
    }

    /// Python's `email.utils.formatdate(t)`, which Django's `Date` header is, and
    /// `make_msgid`'s shape.
    @Test func dateAndMessageID() throws {
        for (interval, expected) in [
            (0.0, "Thu, 01 Jan 1970 00:00:00 -0000"), (1_796_551_200, "Sun, 06 Dec 2026 10:00:00 -0000"),
            (-3_153_600_000, "Tue, 25 Jan 1870 00:00:00 -0000"), (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 -0000"),
            (951_782_400.5, "Tue, 29 Feb 2000 00:00:00 -0000"), (1e300, "Fri, 31 Dec 9999 23:59:59 -0000"),
        ] {
            #expect(EmailMessage.rfc2822(Date(timeIntervalSince1970: interval)) == expected)
        }
        let text = try EmailMessage(subject: "Hi", to: ["a@example.com"]).mimeText(
            date: Date(timeIntervalSince1970: 1_796_551_200), domain: "mail.example.com")
        #expect(text.contains("\nDate: Sun, 06 Dec 2026 10:00:00 -0000\n"))
        #expect(text.contains(/\nMessage-ID: <179655120000\.\d+\.\d+@mail\.example\.com>\n/))
    }

    @Test(arguments: cases) func matchesDjango(_ testCase: Case) throws {
        let message = Self.message(testCase.fields)
        if let error = testCase.fields["error"] as? String {
            // NB: Django raises BadHeaderError with the same words.
            #expect(throws: EmailError(String(error.dropFirst("BadHeaderError: ".count)))) { try message.mimeText() }
            return
        }
        let django = try #require(testCase.fields["django"] as? String)
        let parsed = try #require(testCase.fields["parsed"] as? [String: Any])
        let expected = Self.view(parsed: parsed)
        // NB: the reader must read Django's own text as Python does, or the comparison below
        // would prove nothing.
        #expect(try Self.view(django) == expected)
        let pony = try message.mimeText()
        #expect(try Self.view(pony) == expected)
        if !django.contains("\n "), !django.contains("boundary=") {
            #expect(pony == django)
        }
        for line in pony.split(separator: "\n") { #expect(line.utf8.count <= 998) }
    }
}
