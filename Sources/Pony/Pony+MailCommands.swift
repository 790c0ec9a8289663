internal import Foundation
internal import PonyAuth
internal import PonyMail

// Django's `sendtestemail`: `pony manage app.swift sendtestemail ann@example.com --admins`.
extension Pony {
    /// Django's `sendtestemail [EMAIL …] [--managers] [--admins]`: a test message through the
    /// app's mail settings (`PONY_EMAIL_URL`…), to each address given, and to the managers or
    /// the admins, with Django's subject and texts.
    var sendTestEmailCommand: Command {
        Command(
            "sendtestemail", usage: "[EMAIL …] [--managers] [--admins]",
            summary: "Send a test email to the addresses given (and the managers or admins) through the mail settings.",
            usesDatabase: false
        ) { context in
            try Pony.refuseUnknown(
                context, "sendtestemail", flags: ["--managers", "--admins"], options: [], positional: Int.max)
            guard !context.arguments.isEmpty else {
                throw UsageError(
                    "You must specify some email recipients, or pass the --managers or --admin options.")
            }
            let subject = "Test email from \(Mail.hostName) on \(Pony.pythonDateTime(Date()))"
            let recipients = context.positional()
            try await Mail.send(subject: subject, message: "If you're reading this, it was successful.", to: recipients)
            if context.flag("--managers") {
                try await Mail.managers(subject: subject, message: "This email was sent to the site managers.")
            }
            if context.flag("--admins") {
                try await Mail.admins(subject: subject, message: "This email was sent to the site admins.")
            }
            return 0
        }
    }

    /// `str()` of an aware UTC `datetime`, as Django's `timezone.now()` prints:
    /// `2026-12-06 10:20:31.123456+00:00` (no fraction when the microseconds are 0).
    static func pythonDateTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = Int(((seconds - whole) * 1_000_000).rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let text =
            String(format: "%04d", parts.year ?? 0) + "-\(two(parts.month))-\(two(parts.day)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
        return text + (micros > 0 ? String(format: ".%06d", micros) : "") + "+00:00"
    }
}
