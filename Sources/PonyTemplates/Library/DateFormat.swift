import Foundation
import PonySupport

/// Django's date format characters (`django.utils.dateformat`), for the `date` and `time`
/// filters and for printing dates: `{{ when|date:"D, j M Y H:i" }}`.
///
/// Dates are shown in the engine's time zone (Django's `TIME_ZONE` with `USE_TZ = True`),
/// in English.
enum DateFormat {
    static let utc = TimeZone(identifier: "UTC")!

    /// The time zone dates are shown in while a template renders (`TemplateEngine.timeZone`).
    @TaskLocal static var timeZone: TimeZone = utc

    /// The current language's formats (Django's `get_format`).
    static var formats: LocaleFormats { Translation.current.formats }

    /// The filter's argument as a format: one of the current language's by name
    /// (`date:"SHORT_DATE_FORMAT"`), or the format itself.
    static func format(named argument: TemplateValue?, default: String) -> String {
        guard let text = argument?.text else { return `default` }
        return formats.named(text) ?? text
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let apMonths = [
        "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
    ]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let shortMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    // NB: dates outside PythonDates.seconds format as "" (Django's `date` filter gives "" when
    // formatting fails): there Foundation's calendar gives components that overflow.

    static func format(_ date: Date, _ format: String, in timeZone: TimeZone = DateFormat.timeZone) -> String {
        guard PythonDates.seconds.contains(date.timeIntervalSince1970) else { return "" }
        // NB: the civil fields come from arithmetic on the local seconds (proleptic Gregorian,
        // as Python's `datetime`); a Foundation calendar costs several microseconds a call,
        // and a changelist formats a date on every row. The rarer fields use one.
        let offset = timeZone.secondsFromGMT(for: date)
        let local = (date.timeIntervalSince1970 + Double(offset)).rounded(.down)
        let days = Int((local / 86_400).rounded(.down))
        let secondOfDay = Int(local) - days * 86_400
        let (year, month, day) = PythonDates.civilDate(daysSinceEpoch: days)
        guard (1...9999).contains(year) else { return "" }
        let (hour, minute, second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
        let weekday = ((days % 7) + 10) % 7  // Monday = 0, as Python's weekday(); 1970-01-01 was a Thursday
        func calendar() -> Calendar {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return calendar
        }
        func micros() -> Int { calendar().component(.nanosecond, from: date) / 1000 }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func offsetText(separator: String) -> String {
            let magnitude = abs(offset)
            return (offset < 0 ? "-" : "+") + two(magnitude / 3600) + separator + two(magnitude / 60 % 60)
        }
        func twelve() -> Int { hour % 12 == 0 ? 12 : hour % 12 }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        func dayOfYear() -> Int {
            let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
            return cumulative[month - 1] + day + (isLeap && month > 2 ? 1 : 0)
        }
        func iso(_ component: Calendar.Component) -> Int {
            var iso = Calendar(identifier: .iso8601)
            iso.timeZone = timeZone
            return iso.component(component, from: date)
        }

        func f() -> String { minute == 0 ? "\(twelve())" : "\(twelve()):\(two(minute))" }
        // NB: names and words are Django's message ids, so a catalog translates them as
        // Django's `dateformat` does.
        let translation = Translation.current
        func a() -> String { translation.translate(hour > 11 ? "p.m." : "a.m.") }

        var output = ""
        var escaped = false
        for character in format {
            if escaped {
                output.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "a": output += a()
            case "A": output += translation.translate(hour > 11 ? "PM" : "AM")
            case "b": output += translation.translate(Self.shortMonths[month - 1])
            case "c": output += isoFormat(date, micros: micros(), timeZone: timeZone) + offsetText(separator: ":")
            case "d": output += two(day)
            case "D": output += translation.translate(Self.shortDays[weekday])
            case "e": output += TimeZoneNames.abbreviation(timeZone, at: date)
            case "E": output += translation.translate(monthNames[month - 1], context: "alt. month")
            case "F": output += translation.translate(monthNames[month - 1])
            case "f": output += f()
            case "g": output += "\(twelve())"
            case "G": output += "\(hour)"
            case "h": output += two(twelve())
            case "H": output += two(hour)
            case "i": output += two(minute)
            case "I": output += timeZone.isDaylightSavingTime(for: date) ? "1" : "0"
            case "j": output += "\(day)"
            case "l": output += translation.translate(dayNames[weekday])
            case "L": output += isLeap ? "True" : "False"
            case "m": output += two(month)
            case "M": output += pythonTitle(translation.translate(Self.shortMonths[month - 1]))
            case "n": output += "\(month)"
            case "N": output += translation.translate(apMonths[month - 1], context: "abbrev. month")
            case "o": output += "\(iso(.yearForWeekOfYear))"
            case "O": output += offsetText(separator: "")
            case "P":
                if minute == 0 && hour == 0 {
                    output += translation.translate("midnight")
                } else if minute == 0 && hour == 12 {
                    output += translation.translate("noon")
                } else {
                    output += "\(f()) \(a())"
                }
            case "r": output += Self.format(date, "D, j M Y H:i:s O", in: timeZone)
            case "s": output += two(second)
            case "S":
                if (11...13).contains(day) {
                    output += "th"
                } else {
                    output += [1: "st", 2: "nd", 3: "rd"][day % 10] ?? "th"
                }
            case "t": output += "\([31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])"
            case "T": output += TimeZoneNames.abbreviation(timeZone, at: date)
            case "u": output += String(format: "%06d", micros())
            case "U": output += "\(Int(date.timeIntervalSince1970.rounded(.down)))"
            case "w": output += "\((weekday + 1) % 7)"
            case "W": output += "\(iso(.weekOfYear))"
            case "y": output += two(year % 100)
            case "Y": output += String(format: "%04d", year)
            case "z": output += "\(dayOfYear())"
            case "Z": output += "\(offset)"
            default: output.append(character)
            }
        }
        return output
    }

    /// `datetime.isoformat()` without the offset: `2026-11-21T07:57:22.123456`.
    private static func isoFormat(_ date: Date, micros: Int, timeZone: TimeZone) -> String {
        format(date, "Y-m-d\\TH:i:s", in: timeZone) + (micros > 0 ? String(format: ".%06d", micros) : "")
    }
}

extension BuiltinFilters {
    /// `timesince` / `timeuntil`: against the argument date, or now; "" for non-dates. A
    /// ``TemplateDay`` counts from midnight in the template's time zone, as Django counts a
    /// `date` from its naive midnight (two days, from one midnight to the other: no time zone).
    static func relative(_ value: TemplateValue, _ argument: TemplateValue?, reversed: Bool) -> TemplateValue {
        var zone = DateFormat.timeZone
        if case .object(is TemplateDay) = value, case .object(is TemplateDay)? = argument { zone = DateFormat.utc }
        func moment(_ value: TemplateValue) -> Date? {
            switch value {
            case .date(let date): date
            case .object(let day as TemplateDay): day.midnight(in: zone)
            default: nil
            }
        }
        guard let date = moment(value) else { return .string("") }
        var now = Date()
        if let argument {
            guard let other = moment(argument) else { return .string("") }
            now = other
        }
        return .string(DateFormat.timesince(date, now, reversed: reversed))
    }

    /// What the `date` filter formats (with `day`) or the `time` filter (without): a date in
    /// the template's time zone, a ``TemplateDay`` or ``TemplateTime`` as it is. Django gives ""
    /// for a time given to `date` or a day given to `time`.
    static func formattable(_ value: TemplateValue, day: Bool) -> (date: Date, timeZone: TimeZone)? {
        switch value {
        case .date(let date): (date, DateFormat.timeZone)
        case .object(let object as TemplateDay) where day: (object.midnightUTC, DateFormat.utc)
        case .object(let object as TemplateTime) where !day: (object.instant, DateFormat.utc)
        default: nil
        }
    }

    static let dates: [TemplateFilter] = [
        TemplateFilter("date", isSafe: false, argument: .optional) { value, argument, _ in
            guard let day = formattable(value, day: true) else { return .string("") }
            return .string(
                DateFormat.format(
                    day.date, DateFormat.format(named: argument, default: DateFormat.formats.date), in: day.timeZone))
        },
        TemplateFilter("timesince", isSafe: false, argument: .optional) { value, argument, _ in
            relative(value, argument, reversed: false)
        },
        TemplateFilter("timeuntil", isSafe: false, argument: .optional) { value, argument, _ in
            relative(value, argument, reversed: true)
        },
        TemplateFilter("time", isSafe: false, argument: .optional) { value, argument, _ in
            guard let time = formattable(value, day: false) else { return .string("") }
            return .string(
                DateFormat.format(
                    time.date, DateFormat.format(named: argument, default: DateFormat.formats.time), in: time.timeZone))
        },
    ]
}

extension DateFormat {
    /// Django's `timesince(d, now, reversed)`: up to two adjacent units ("1 year, 2 months"),
    /// with years and months counted on the calendar, "0 minutes" when `d` is not before `now`.
    static func timesince(_ d: Date, _ now: Date, reversed: Bool = false) -> String {
        let (d, now) = reversed ? (now, d) : (d, now)
        guard PythonDates.seconds.contains(d.timeIntervalSince1970),
            PythonDates.seconds.contains(now.timeIntervalSince1970)
        else { return "" }
        // NB: Django's TIME_STRINGS, `ngettext("%(num)d year", "%(num)d years")`, with its
        // `avoid_wrapping` (no-break spaces), in the current language.
        func unit(_ count: Int, _ name: String) -> String {
            let format = translate("%(num)d " + name, plural: "%(num)d " + name + "s", count: count)
            let text =
                pythonInterpolate(format, ["num": String(count)], kinds: "d")
                ?? "\(count) \(name)\(count == 1 ? "" : "s")"
            return text.replacingOccurrences(of: " ", with: "\u{a0}")
        }
        guard now.timeIntervalSince(d).rounded(.down) > 0 else { return unit(0, "minute") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute, .second, .nanosecond]
        let a = calendar.dateComponents(parts, from: d)
        let b = calendar.dateComponents(parts, from: now)
        var totalMonths = (b.year! - a.year!) * 12 + (b.month! - a.month!)
        let aTime = [a.hour!, a.minute!, a.second!, a.nanosecond! / 1000]
        let bTime = [b.hour!, b.minute!, b.second!, b.nanosecond! / 1000]
        if a.day! > b.day! || (a.day! == b.day! && bTime.lexicographicallyPrecedes(aTime)) { totalMonths -= 1 }
        let years = totalMonths / 12
        let months = totalMonths % 12
        var pivot = d
        if years != 0 || months != 0 {
            // Django's MONTHS_DAYS ignores leap years (February has 28 days).
            let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            var year = a.year! + years
            var month = a.month! + months
            if month > 12 {
                month -= 12
                year += 1
            }
            pivot = calendar.date(
                from: DateComponents(
                    year: year, month: month, day: min(monthDays[month - 1], a.day!), hour: a.hour!, minute: a.minute!,
                    second: a.second!))!
        }
        var remaining = now.timeIntervalSince(pivot)
        var partials = [years, months]
        for chunk in [604_800.0, 86_400.0, 3_600.0, 60.0] {
            let count = Int((remaining / chunk).rounded(.down))
            partials.append(count)
            remaining -= chunk * Double(count)
        }
        let names = ["year", "month", "week", "day", "hour", "minute"]
        guard let first = partials.firstIndex(where: { $0 != 0 }) else { return unit(0, "minute") }
        var result: [String] = []
        var index = first
        while index < names.count, result.count < 2, partials[index] != 0 {
            result.append(unit(partials[index], names[index]))
            index += 1
        }
        return result.joined(separator: translate(", "))
    }
}
