import PonySupport
import Testing

/// `PythonInt` reads text as Python 3.11's `int()` does (each answer below checked with
/// `python3 -c 'print(int(...))'`), and says where a number is past `Int` instead of trapping.
@Suite struct PythonIntTests {
    @Test func readsWhatPythonReads() {
        let cases: [(String, PythonInt)] = [
            ("42", .value(42)), (" \t-7\n", .value(-7)), ("+0", .value(0)), ("-0", .value(0)), ("1_000", .value(1000)),
            ("\u{663}\u{664}", .value(34)), ("\u{FF11}\u{FF12}", .value(12)), ("\u{3000}5\u{2003}", .value(5)),
            ("9223372036854775807", .value(.max)), ("-9223372036854775807", .value(-.max)),
            ("9223372036854775808", .outOfRange(negative: false)),
            ("-99999999999999999999", .outOfRange(negative: true)),
            (String(repeating: "9", count: 4300), .outOfRange(negative: false)),
            (String(repeating: "9", count: 4301), .invalid), (String(repeating: "1_", count: 4300) + "1", .invalid),
            ("", .invalid), ("  ", .invalid), ("-", .invalid), ("+-1", .invalid), ("- 1", .invalid), ("1 2", .invalid),
            ("1__0", .invalid), ("_1", .invalid), ("1_", .invalid), ("2.0", .invalid), ("1e3", .invalid),
            ("0x10", .invalid), ("\u{BD}", .invalid), ("\u{2162}", .invalid), ("1\u{0}", .invalid),
        ]
        for (text, expected) in cases {
            #expect(PythonInt(Substring(text)) == expected, "\(text.prefix(20).debugDescription)")
        }
    }
}
