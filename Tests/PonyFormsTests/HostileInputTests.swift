import Foundation
import PonyForms
import PonyORM
import PonyWeb
import Testing

/// Whatever a client submits, a form answers with values or error messages, and renders:
/// nothing on the way traps (a trap would take every request in flight with it).
@Suite struct HostileInputTests {
    static let hostile: [String] = [
        "", " ", "\u{0}", "\t\n", String(repeating: "9", count: 400), "-9223372036854775809",
        "9223372036854775807", "-9223372036854775808", "1e999999", "-1e-999999", "1e99999999999", "NaN", "-inf",
        "Infinity", "0x1p3", "1__0", "_1", "1_", "9999-99-99", "0000-00-00", "2026-13-01", "2026-02-29",
        "99:99", "23:59:60", "23:59:61.9999999", "%Y-%m-%d", "%", "\u{FFFF}", String(repeating: "💥", count: 2000),
        String(repeating: "[", count: 10_000), "{\"a\":", "\u{202E}evil", "<script>alert(1)</script>", "\"'&",
        "[::1]", "::ffff:1.2.3.4", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "http://[::1", "http://a:99999999/",
        "https://example.com:/", "urn:uuid:{}", "{{}}", "--", "Jan 32 2026", "feb 29, 2024", " 3 Mar 2026",
        "12/31/69", "2026-12-03T25:00", "2026-12-03T10:00+99:99", "2026-12-03 10:00:00.1234567890",
        "1." + String(repeating: "0", count: 5000), "-0", "+", "-", ".", "e5", "1e", "1.2.3",
    ]

    /// Every field of every form, given each hostile value (and lists of them).
    @Test(arguments: hostile) func everyFieldSurvives(value: String) {
        let forms: [(QueryDict) -> Form] = [
            { ContactForm(data: $0) }, { NumbersForm(data: $0) }, { ChoicesForm(data: $0) }, { DatesForm(data: $0) },
            { TextsForm(data: $0) }, { SignupForm(data: $0) }, { StepForm(data: $0) },
        ]
        for make in forms {
            var data = QueryDict()
            for field in make(QueryDict()).boundFields {
                data.append(field.htmlName, value)
                data.append(field.htmlName, value + value)
            }
            let form = make(data)
            _ = form.isValid
            #expect(!form.asDiv.isEmpty)
            #expect(!form.asP.isEmpty && !form.asTable.isEmpty && !form.asUL.isEmpty)
            #expect(!form.asDiv.contains("<script>"))
            for field in form.boundFields { _ = field.cleanedValue }
        }
    }

    /// A step check far from zero cannot overflow.
    @Test func stepsNearTheLimits() {
        let form = StepForm(data: ["far": "9223372036854775807"])
        #expect(
            form.errors(for: "far") == [
                "Ensure this value is a multiple of step size 4611686018427387904, starting from -9223372036854775807, e.g."
                    + " -9223372036854775807, -4611686018427387903, 1, and so on."
            ])
    }
}

final class StepForm: Form {
    @IntegerField(minValue: -Int.max, stepSize: Int.max / 2 + 1) var far: Int?
}
