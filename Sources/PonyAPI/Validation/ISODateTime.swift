internal import Foundation
internal import PonyORM
internal import PonySupport

/// Reads date-times, dates and times as pydantic 2 does for django-ninja, in
/// ``TemporalText``'s grammar, and Unix time given as a number or as text (milliseconds above
/// 2e10). Date-times without an offset are UTC. A refusal says why in pydantic's words
/// (`Tests/PonyAPITests/Fixtures/datetime_cases.json` holds pydantic 2.13's answers).
enum ISODateTime {
    /// `text` as a date-time, or pydantic's issue: for text that does not parse, the reason
    /// its date does not (`datetime_from_date_parsing`), as pydantic reports it.
    static func read(_ text: String) -> Result<Date, Rejection> {
        let bytes = Array(text.utf8)
        if case .success(let (day, clock)) = TemporalText.dateTime(bytes) {
            guard day.year > 0 else { return .failure(.datetimeParsing("year 0 is out of range")) }
            var seconds = Double(PythonDates.daysSinceEpoch(year: day.year, month: day.month, day: day.day)) * 86_400
            if let clock { seconds += clock.secondsOfDay - Double(clock.offset ?? 0) }
            return .success(Date(timeIntervalSince1970: seconds))
        }
        if let seconds = TemporalText.number(bytes) {
            return unixTime(seconds).mapError { .datetimeFromDateParsing($0.reason) }
        }
        // NB: text that is not a date-time is not a date either (a date alone is a date-time).
        guard case .failure(let refusal) = TemporalText.date(bytes) else { return .failure(.datetime) }
        return .failure(.datetimeFromDateParsing(refusal.reason))
    }

    /// `value` as a date: text `YYYY-MM-DD` and nothing else, as pydantic's strict mode reads
    /// JSON, so that a body holds what the OpenAPI document says (`format: date`). (pydantic's
    /// lax mode also takes a date-time at midnight and Unix time, which the document does not
    /// describe.) A refusal gives pydantic's reason.
    static func calendarDate(_ value: JSONValue) -> Result<CalendarDate, Rejection> {
        guard case .string(let text) = value else { return .failure(.date) }
        switch TemporalText.date(Array(text.utf8)) {
        case .success(let day):
            guard day.year > 0, let date = CalendarDate(year: day.year, month: day.month, day: day.day) else {
                return .failure(.dateParsing("year 0 is out of range"))
            }
            return .success(date)
        case .failure(let refusal): return .failure(.dateParsing(refusal.reason))
        }
    }

    /// `value` as a time of day: text, as pydantic's strict mode reads JSON (an offset is read
    /// and left out: a ``TimeOfDay`` has none). A refusal gives pydantic's reason.
    static func timeOfDay(_ value: JSONValue) -> Result<TimeOfDay, Rejection> {
        guard case .string(let text) = value else { return .failure(.time) }
        switch TemporalText.time(Array(text.utf8)) {
        case .success(let clock):
            let time = TimeOfDay(
                hour: clock.hour, minute: clock.minute, second: clock.second, microsecond: clock.microsecond)
            return time.map { .success($0) } ?? .failure(.time)
        case .failure(let refusal): return .failure(.timeParsing(refusal.reason))
        }
    }

    /// Why a Unix time is refused.
    struct OutOfRange: Error {
        let reason: String
    }

    /// `seconds` since 1970 (or milliseconds, above 2e10) as a date, within Python's years.
    static func unixTime(_ seconds: Double) -> Result<Date, OutOfRange> {
        let scaled = abs(seconds) > 2e10 ? seconds / 1000 : seconds
        if scaled.isNaN { return .failure(OutOfRange(reason: "NaN values not permitted")) }
        if scaled > PythonDates.seconds.upperBound {
            return .failure(OutOfRange(reason: "dates after 9999 are not supported as unix timestamps"))
        }
        if scaled < PythonDates.seconds.lowerBound {
            return .failure(OutOfRange(reason: "dates before 0000 are not supported as unix timestamps"))
        }
        return .success(Date(timeIntervalSince1970: scaled))
    }
}
