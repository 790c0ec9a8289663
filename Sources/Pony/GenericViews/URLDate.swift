internal import PonyORM
internal import PonySupport
internal import PonyWeb

/// How a date view reads the month in its URL: Django's `month_format`.
public enum MonthFormat: String, Sendable, CaseIterable {
    /// `jan`, `feb`, … in any case: `%b`, Django's default.
    case abbreviated = "%b"
    /// `january`, `february`, … in any case: `%B`.
    case name = "%B"
    /// `1`–`12`, or `01`–`09`: `%m`.
    case number = "%m"
}

/// How a week view numbers the weeks in its URL: Django's `week_format`.
public enum WeekFormat: String, Sendable, CaseIterable {
    /// Weeks from Sunday; week 0 holds the days before the year's first Sunday: `%U`, Django's
    /// default.
    case sundayFirst = "%U"
    /// Weeks from Monday; week 0 holds the days before the year's first Monday: `%W`.
    case mondayFirst = "%W"
    /// ISO 8601 weeks of the ISO year: `%V` with the year read as `%G`.
    case iso = "%V"
}

/// The day a URL names, read from its `year`, `month`, `day` and `week` parameters as Django's
/// `_date_from_string` reads them with Python's `strptime`; anything else is a 404 in
/// Django's words.
enum URLDate {
    /// The text of the date part `name`: the URL's parameter, else the query's (Django's
    /// `kwargs["year"]`, then `request.GET["year"]`), else a 404 ("No year specified").
    ///
    /// A URL parameter of ASCII digits reads as Django's `<int:year>` passes it on, without
    /// leading zeros (`0999` is `999`, which `%Y` refuses).
    static func part(_ request: Request, _ name: String) throws -> String {
        if let text = request.parameters[name] {
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return text
            }
            let digits = text.drop { $0 == "0" }
            return digits.isEmpty ? "0" : String(digits)
        }
        if let text = request.query[name] { return text }
        throw HTTPError.notFound("No \(name) specified")
    }

    /// The day of `year`, `month` and `day` (the first of the month or year when left out).
    static func day(year: String, month: (text: String, format: MonthFormat)? = nil, day: String? = nil)
        throws -> CalendarDate
    {
        let invalid = invalidDate(
            [year, month?.text ?? "", day ?? ""], ["%Y", month?.format.rawValue ?? "", day == nil ? "" : "%d"])
        // NB: a part left out is 1; a part given must read as one.
        let monthNumber = if let month { monthNumber(month) } else { 1 }
        let dayNumber = if let day { number(day, Directive.day) } else { 1 }
        guard let yearNumber = number(year, Directive.year), let monthNumber, let dayNumber,
            let date = CalendarDate(year: yearNumber, month: monthNumber, day: dayNumber)
        else { throw invalid }
        return date
    }

    /// The month `month.text` names (1–12), or `nil`.
    private static func monthNumber(_ month: (text: String, format: MonthFormat)) -> Int? {
        switch month.format {
        case .number: return number(month.text, Directive.month)
        case .abbreviated, .name:
            // NB: `strptime` matches the names in any case, then looks up `lower()` of the text.
            let text = month.text.lowercased()
            let index = monthNames.firstIndex { month.format == .name ? $0 == text : $0.prefix(3) == text }
            return index.map { $0 + 1 }
        }
    }

    /// The first day of week `week` of `year` (Sunday for ``WeekFormat/sundayFirst``, else
    /// Monday), computed as `strptime` does, so week 0 and week 53 may fall in the years around.
    static func week(year: String, week: String, format: WeekFormat) throws -> CalendarDate {
        let weekday = format == .sundayFirst ? "0" : "1"
        let invalid = invalidDate([year, weekday, week], [format == .iso ? "%G" : "%Y", "%w", format.rawValue])
        guard let yearNumber = number(year, Directive.year),
            let weekNumber = number(week, format == .iso ? Directive.isoWeek : Directive.week),
            let firstOfYear = CalendarDate(year: yearNumber, month: 1, day: 1)
        else { throw invalid }
        // NB: the day of the year (1 for January 1st; 0 or less in the year before) that Python's
        // `_calc_julian_from_V` (weeks counted from the week holding January 4th) and
        // `_calc_julian_from_U_or_W` give the week's first day.
        let julian: Int
        if format == .iso {
            guard let fourth = CalendarDate(year: yearNumber, month: 1, day: 4) else { throw invalid }
            julian = weekNumber * 7 + 1 - (fourth.weekday + 1 + 3)
        } else {
            let firstWeekday = (firstOfYear.weekday + (format == .sundayFirst ? 1 : 0)) % 7
            julian = weekNumber == 0 ? 1 - firstWeekday : 1 + (7 - firstWeekday) % 7 + 7 * (weekNumber - 1)
        }
        // NB: Python counts a day before January 1st from the year before, which must exist.
        guard julian > 0 || yearNumber > 1 else { throw invalid }
        let start = firstOfYear.daysSinceEpoch + julian - 1
        guard let date = CalendarDate(daysSinceEpoch: start) else { throw invalid }
        return date
    }

    /// Django's 404 for text `strptime` refuses: “Invalid date string “2026__foo__” given
    /// format “%Y__%b__””.
    private static func invalidDate(_ parts: [String], _ formats: [String]) -> HTTPError {
        HTTPError.notFound(
            "Invalid date string “\(parts.joined(separator: "__"))” given format “\(formats.joined(separator: "__"))”")
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// What `strptime` accepts for a numeric directive: its regular expression's alternatives,
    /// each a list of allowed characters per position (`nil` for any decimal digit, `\d`).
    private enum Directive {
        static let year: [[ClosedRange<Character>?]] = [[nil, nil, nil, nil]]
        static let month: [[ClosedRange<Character>?]] = [["1"..."1", "0"..."2"], ["0"..."0", "1"..."9"], ["1"..."9"]]
        static let day: [[ClosedRange<Character>?]] = [
            ["3"..."3", "0"..."1"], ["1"..."2", nil], ["0"..."0", "1"..."9"], ["1"..."9"], [" "..." ", "1"..."9"],
        ]
        static let week: [[ClosedRange<Character>?]] = [["5"..."5", "0"..."3"], ["0"..."4", nil], [nil]]
        static let isoWeek: [[ClosedRange<Character>?]] = [
            ["5"..."5", "0"..."3"], ["0"..."0", "1"..."9"], ["1"..."4", nil], [nil],
        ]
    }

    /// `text` as a number when one of `alternatives` matches all of it, as `strptime`'s
    /// expression must (Python's `\d` takes a decimal digit of any script, and `int()` reads it).
    private static func number(_ text: String, _ alternatives: [[ClosedRange<Character>?]]) -> Int? {
        let scalars = Array(text.unicodeScalars)
        let matches = alternatives.contains { pattern in
            pattern.count == scalars.count
                && zip(pattern, scalars).allSatisfy { allowed, scalar in
                    guard let allowed else { return scalar.properties.numericType == .decimal }
                    return allowed.contains(Character(scalar))
                }
        }
        guard matches, case .value(let value) = PythonInt(Substring(text)) else { return nil }
        return value
    }
}

/// A stretch of days a date view shows: a year, a month, a week or a day.
enum ArchivePeriod: Sendable {
    case year, month, day
    case week(WeekFormat)

    /// The first day of the period holding `date` (Django's `_get_current_year` and the like).
    func start(of date: CalendarDate) -> CalendarDate {
        switch self {
        case .year: CalendarDate(year: date.year, month: 1, day: 1) ?? date
        case .month: CalendarDate(year: date.year, month: date.month, day: 1) ?? date
        case .day: date
        case .week(let format): date.adding(days: -weekday(date, format)) ?? .min
        }
    }

    /// The first day of the next period (Django's `_get_next_year` and the like), or a 404
    /// past year 9999 (“Date out of range”).
    func next(after date: CalendarDate) throws -> CalendarDate {
        let next: CalendarDate? =
            switch self {
            case .year: CalendarDate(year: date.year + 1, month: 1, day: 1)
            case .month:
                date.month == 12
                    ? CalendarDate(year: date.year + 1, month: 1, day: 1)
                    : CalendarDate(year: date.year, month: date.month + 1, day: 1)
            case .day: date.adding(days: 1)
            case .week(let format): date.adding(days: 7 - weekday(date, format))
            }
        guard let next else { throw HTTPError.notFound("Date out of range") }
        return next
    }

    /// The date's place in its week, 0 for the week's first day (Django's `_get_weekday`).
    private func weekday(_ date: CalendarDate, _ format: WeekFormat) -> Int {
        format == .sundayFirst ? (date.weekday + 1) % 7 : date.weekday
    }
}

extension CalendarDate {
    /// Days from 1970-01-01.
    var daysSinceEpoch: Int { PythonDates.daysSinceEpoch(year: year, month: month, day: day) }

    /// Monday 0 to Sunday 6, as Python's `date.weekday()`.
    var weekday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 }

    /// The day `days` from 1970-01-01, or `nil` outside years 1–9999.
    init?(daysSinceEpoch days: Int) {
        // NB: beyond ±4 million days no year is 1–9999; the bound keeps the arithmetic small.
        guard abs(days) < 4_000_000 else { return nil }
        let (year, month, day) = PythonDates.civilDate(daysSinceEpoch: days)
        self.init(year: year, month: month, day: day)
    }

    /// The day `days` later, or `nil` outside years 1–9999.
    func adding(days: Int) -> CalendarDate? { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }
}
