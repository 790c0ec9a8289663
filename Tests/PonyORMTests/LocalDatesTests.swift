import Foundation
import Testing

@testable import PonyORM

/// PonySQLite's date functions, computed by `LocalDates`: ISO weeks at year ends, zones with
/// half-hour and negative offsets, daylight saving time, and values that are no date at all.
/// (`FidelityDateTests` compares the same functions with Django through whole queries.)
@Suite struct LocalDatesTests {
    @Test func isoWeeksAtTheEndsOfYears() {
        for (text, year, week) in [
            ("2021-01-03", 2020, 53), ("2024-12-30", 2025, 1), ("2023-01-01", 2022, 52), ("2026-12-06", 2026, 49),
            ("0001-01-01", 1, 1), ("9999-12-31", 9999, 52),
        ] {
            #expect(LocalDates.part("iso_year", of: text, zone: nil) == .integer(Int64(year)), "\(text)")
            #expect(LocalDates.part("week", of: text, zone: nil) == .integer(Int64(week)), "\(text)")
        }
        #expect(LocalDates.part("week_day", of: "2026-12-06", zone: nil) == .integer(1))  // a Sunday
        #expect(LocalDates.part("iso_week_day", of: "2026-12-06", zone: nil) == .integer(7))
        #expect(LocalDates.truncated("week", "2026-12-06", zone: nil) == .text("2026-11-30"))
        #expect(LocalDates.truncated("quarter", "2026-12-06", zone: nil) == .text("2026-10-01"))
    }

    @Test func datetimesAreTakenOnTheWallClockOfTheZone() {
        let instant = "2024-03-31 00:30:00.250000"  // 01:30 CET, half an hour before Oslo's clocks go forward
        #expect(LocalDates.part("hour", of: instant, zone: "Europe/Oslo") == .integer(1))
        #expect(LocalDates.part("time", of: instant, zone: "Europe/Oslo") == .text("01:30:00.250000"))
        #expect(LocalDates.part("time", of: "2024-03-31 01:30:00", zone: "Europe/Oslo") == .text("03:30:00"))
        #expect(LocalDates.part("date", of: instant, zone: "America/New_York") == .text("2024-03-30"))
        #expect(LocalDates.part("minute", of: instant, zone: "Asia/Kolkata") == .integer(0))
        // The day starts at midnight Oslo time, an hour before midnight UTC (winter time).
        #expect(LocalDates.truncated("day", instant, zone: "Europe/Oslo") == .text("2024-03-30 23:00:00"))
        #expect(LocalDates.truncated("hour", instant, zone: "Asia/Kolkata") == .text("2024-03-31 00:30:00"))
        #expect(LocalDates.truncated("second", instant, zone: nil) == .text("2024-03-31 00:30:00"))
        #expect(LocalDates.truncated("minute", "23:59:59.5", zone: nil) == .text("23:59:00"))
        #expect(LocalDates.part("second", of: "23:59:59.999999", zone: nil) == .integer(59))
    }

    /// Nothing that reaches the functions traps: garbage, unknown parts and zones, and days a
    /// zone moves outside years 1–9999 give NULL, as Django's functions give None.
    @Test func hostileValuesGiveNull() {
        let values = [
            "", "x", "2024-13-01", "2024-02-30", "2024-02-29 25:00:00", "99:99:99", "-0001-01-01", "2024-02-29T",
            "9999-12-31 23:59:59", "0001-01-01 00:00:00", String(repeating: "9", count: 10_000), "2024-02-29 ۱۲:۰۰",
        ]
        for value in values {
            for zone in [nil, "Pacific/Kiritimati", "Pacific/Pago_Pago", "Nowhere/Zone", "'; DROP TABLE x; --"] {
                for part in DatePart.allCases.map(\.rawValue) + ["nanosecond", ""] {
                    _ = LocalDates.part(part, of: value, zone: zone)
                }
                for kind in TruncKind.allCases.map(\.rawValue) + ["century"] {
                    _ = LocalDates.truncated(kind, value, zone: zone)
                }
            }
        }
        #expect(LocalDates.part("year", of: "9999-12-31 23:59:59", zone: "Pacific/Kiritimati") == .null)
        #expect(LocalDates.part("year", of: "0001-01-01 00:00:00", zone: "America/New_York") == .null)
        #expect(LocalDates.truncated("week", "0001-01-01", zone: nil) == .text("0001-01-01"))
        #expect(LocalDates.part("year", of: "2024-01-01 00:00:00", zone: "Nowhere/Zone") == .null)
        #expect(LocalDates.part("century", of: "2024-01-01", zone: nil) == .null)
        #expect(LocalDates.part("hour", of: "2024-01-01", zone: nil) == .null)
        #expect(LocalDates.part("year", of: "12:00:00", zone: nil) == .null)
    }
}

/// PonySQLite's text functions, computed by `TextFunctions` as Django's Python computes them:
/// code points, Python's negative slices, and results too large for memory refused.
@Suite struct TextFunctionsTests {
    @Test func padsCountCodePointsAndSliceAsPython() {
        // "e", a combining acute, a combining grave and "x": one character to Swift, 4 code points.
        let accented = "e\u{301}\u{300}x"
        #expect(accented.count == 2)
        #expect(TextFunctions.lpad(accented, 6, "ab") == .text("ab" + accented))
        #expect(TextFunctions.lpad(accented, 2, "ab") == .text("e\u{301}"))
        #expect(TextFunctions.lpad("hello", -2, "*") == .text("hel"))
        #expect(TextFunctions.rpad("hello", -9, "*") == .text(""))
        #expect(TextFunctions.rpad("hi", 5, "") == .text("hi"))
        #expect(TextFunctions.reverse("añb🐴") == "🐴bña")
        #expect(TextFunctions.repeat("ab", 0) == .text(""))
        #expect(TextFunctions.repeat("ab", -3) == .text(""))
        #expect(TextFunctions.md5("") == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test func hugeResultsAreErrorsNotAllocations() {
        let tooBig = TextFunctions.Result.error("string or blob too big")
        #expect(TextFunctions.repeat("x", .max) == tooBig)
        #expect(TextFunctions.repeat("xy", 60_000_000) == tooBig)
        #expect(TextFunctions.lpad("x", .max, "ab") == tooBig)
        #expect(TextFunctions.rpad("x", 200_000_000, "🐴") == tooBig)
        #expect(TextFunctions.lpad("x", .min, "ab") == .text(""))
    }
}
