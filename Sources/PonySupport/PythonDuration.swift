/// A `Duration` written as Python and Django write a `timedelta` (to the microsecond, as a
/// `DurationField` holds it): `str()` for templates, `duration_iso_string` for JSON.
public enum PythonDuration {
    /// Python's `str(timedelta)`: `0:00:01.500000`, `2 days, 1:02:03`, `-1 day, 23:59:59`
    /// (days floor toward the past, the rest is positive).
    public static func description(_ duration: Duration) -> String {
        let (negative, seconds, microseconds) = magnitude(duration)
        var (days, rest, micros) = (seconds / 86_400, seconds % 86_400, microseconds)
        var daysText = "\(days)"
        if negative, rest != 0 || micros != 0 {
            // Python's normalisation: -1 µs is -1 day + 23:59:59.999999.
            days += 1
            daysText = "\(days)"
            if micros != 0 {
                micros = 1_000_000 - micros
                rest += 1
            }
            rest = 86_400 - rest
        }
        if negative, days != 0 { daysText = "-" + daysText }
        var text = "\(rest / 3600):" + twoDigits((rest / 60) % 60) + ":" + twoDigits(rest % 60)
        if days != 0 { text = daysText + (days == 1 ? " day, " : " days, ") + text }
        if micros != 0 { text += "." + sixDigits(micros) }
        return text
    }

    /// Django's `duration_iso_string` (what `DjangoJSONEncoder` writes): `P0DT00H00M01.500000S`,
    /// `-P1DT00H00M00S`.
    public static func isoString(_ duration: Duration) -> String {
        let (negative, seconds, microseconds) = magnitude(duration)
        let rest = seconds % 86_400
        return (negative ? "-P" : "P") + "\(seconds / 86_400)DT" + twoDigits(rest / 3600) + "H"
            + twoDigits((rest / 60) % 60) + "M" + twoDigits(rest % 60)
            + (microseconds == 0 ? "" : "." + sixDigits(microseconds)) + "S"
    }

    /// The sign, whole seconds and microseconds (toward zero) of `duration`'s size.
    private static func magnitude(_ duration: Duration) -> (negative: Bool, seconds: UInt64, microseconds: UInt64) {
        let (seconds, attoseconds) = duration.components
        // NB: Swift keeps both components' signs alike; the magnitude of Int64.min fits a UInt64.
        let negative = seconds < 0 || (seconds == 0 && attoseconds < 0)
        return (negative, seconds.magnitude, attoseconds.magnitude / 1_000_000_000_000)
    }

    private static func twoDigits(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func sixDigits(_ value: UInt64) -> String {
        let digits = "\(value)"
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
