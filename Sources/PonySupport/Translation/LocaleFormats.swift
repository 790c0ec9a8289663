/// How a language writes dates and numbers (Django's `django/conf/locale/<locale>/formats.py`,
/// read by its `get_format`): the `date` filter's default and named formats, and the decimal
/// and thousand separators of printed numbers. ``Translation/formats`` holds the current
/// language's.
public struct LocaleFormats: Sendable, Equatable {
    /// `DATE_FORMAT` ("N j, Y"; German "j. F Y").
    public var date: String
    /// `TIME_FORMAT` ("P"; German "H:i").
    public var time: String
    /// `DATETIME_FORMAT`.
    public var dateTime: String
    /// `YEAR_MONTH_FORMAT` ("F Y").
    public var yearMonth: String
    /// `MONTH_DAY_FORMAT` ("F j"; German "j. F").
    public var monthDay: String
    /// `SHORT_DATE_FORMAT` ("m/d/Y"; German "d.m.Y").
    public var shortDate: String
    /// `SHORT_DATETIME_FORMAT`.
    public var shortDateTime: String
    /// `FIRST_DAY_OF_WEEK`: 0 for Sunday, 1 for Monday.
    public var firstDayOfWeek: Int
    /// `DECIMAL_SEPARATOR` ("."; German ",").
    public var decimalSeparator: String
    /// `THOUSAND_SEPARATOR` (","; German ".").
    public var thousandSeparator: String
    /// `NUMBER_GROUPING`: the size of each group of digits from the right, the last one
    /// repeating (`[3]`; `[3, 2, 0]` for Indian grouping); `[]` for none.
    public var numberGrouping: [Int]
    /// `DATE_INPUT_FORMATS`, `strptime` formats a date field reads, in order, the first one
    /// also how a date input writes its value (`%Y-%m-%d`; German `%d.%m.%Y`, then ISO).
    public var dateInput: [String]
    /// `DATETIME_INPUT_FORMATS` (ISO's last).
    public var dateTimeInput: [String]
    /// `TIME_INPUT_FORMATS`.
    public var timeInput: [String]

    /// The formats of `language` as Django's `get_format` finds them: its locale's (`de_AT`),
    /// else its language's (`de`), else the global settings.
    public static func of(language: String) -> LocaleFormats {
        let locale = Translations.locale(of: language)
        if let formats = django[locale] { return formats }
        if let underscore = locale.firstIndex(of: "_"), let formats = django[String(locale[..<underscore])] {
            return formats
        }
        return global
    }

    /// A date format by its Django name (`"SHORT_DATE_FORMAT"`), or `nil` for another text.
    public func named(_ name: String) -> String? {
        switch name {
        case "DATE_FORMAT": date
        case "TIME_FORMAT": time
        case "DATETIME_FORMAT": dateTime
        case "YEAR_MONTH_FORMAT": yearMonth
        case "MONTH_DAY_FORMAT": monthDay
        case "SHORT_DATE_FORMAT": shortDate
        case "SHORT_DATETIME_FORMAT": shortDateTime
        case "DECIMAL_SEPARATOR": decimalSeparator
        case "THOUSAND_SEPARATOR": thousandSeparator
        default: nil
        }
    }
}
