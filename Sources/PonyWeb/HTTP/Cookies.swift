public import Foundation

/// How a cookie is sent with cross-site requests.
public enum SameSite: String, Sendable {
    /// Sent with top-level navigations from other sites (Django's default).
    case lax = "Lax"
    /// Never sent with cross-site requests.
    case strict = "Strict"
    /// Always sent; requires `secure`.
    case none = "None"
}

enum Cookies {
    /// Parses `Cookie` headers as browsers send them (`a=1; b=2`), as Django's `parse_cookie` does.
    static func parse(_ headers: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers {
            for chunk in header.split(separator: ";") {
                let parts = chunk.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = parts.count == 2 ? parts[0].trimmingCharacters(in: .whitespaces) : ""
                var value = (parts.count == 2 ? parts[1] : parts[0]).trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.first == "\"", value.last == "\"" {
                    value = String(value.dropFirst().dropLast())
                }
                guard !(name.isEmpty && value.isEmpty) else { continue }
                cookies[name] = value
            }
        }
        return cookies
    }

    /// Formats a `Set-Cookie` header value.
    static func header(
        name: String, value: String, maxAge: Int?, expires: Date?, path: String, domain: String?,
        secure: Bool, httpOnly: Bool, sameSite: SameSite?
    ) -> String {
        var parts = ["\(name)=\(quoteIfNeeded(value))"]
        if let domain { parts.append("Domain=\(domain)") }
        if let expires { parts.append("expires=\(httpDate(expires))") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        parts.append("Path=\(path)")
        if secure { parts.append("Secure") }
        if httpOnly { parts.append("HttpOnly") }
        if let sameSite { parts.append("SameSite=\(sameSite.rawValue)") }
        return parts.joined(separator: "; ")
    }

    /// RFC 9110 date: `Thu, 01 Jan 1970 00:00:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = Int((Double(seconds) / 86400).rounded(.down))
        let secondOfDay = seconds - dayNumber * 86400
        // Civil-from-days (Howard Hinnant), valid for the proleptic Gregorian calendar.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = days[((dayNumber % 7) + 7) % 7]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    private static func quoteIfNeeded(_ value: String) -> String {
        let special = value.unicodeScalars.contains { " \",;\\".unicodeScalars.contains($0) || $0.value < 0x20 || $0.value > 0x7E }
        guard special else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value > 0x7E:
                for byte in String(scalar).utf8 { quoted += "\\" + String(byte, radix: 8).leftPad(3) }
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
