/// The seconds since 1970 that Python's `datetime` can hold (years 1 to 9999), and so Django.
///
/// A Swift `Date` can be far outside them (`Date(timeIntervalSince1970: 1e300)`, from a JSON
/// body, say), where calendar arithmetic and `Int(_:)` conversions trap; Pony formats such a
/// date as "" in templates and stores or sends it clamped to this range.
public enum PythonDates {
    /// From 0001-01-01 00:00:00 to 9999-12-31 23:59:59, UTC.
    public static let seconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// `interval` clamped to ``seconds``; NaN becomes the epoch.
    public static func clamped(_ interval: Double) -> Double {
        interval.isNaN ? 0 : min(max(interval, seconds.lowerBound), seconds.upperBound)
    }
}
