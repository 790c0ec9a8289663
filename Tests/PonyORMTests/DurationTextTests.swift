import Foundation
import PonyORM
import PonySupport
import PonyTemplates
import Testing

/// A `DurationField`'s value in JSON and templates, as Django 5.2 writes a `timedelta`
/// (fixture `django_durations.json`, from `generate_django_durations.py` and real Django).
@Suite struct DurationTextTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let microseconds: Int64
            let json: String
            let template: String
        }
        let cases: [Case]
    }

    static func cases() throws -> [Fixture.Case] {
        let url = try #require(
            Bundle.module.url(forResource: "django_durations.json", withExtension: nil, subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    @Test func textIsDjangos() throws {
        let cases = try Self.cases()
        #expect(cases.count == 25)
        for expected in cases {
            let duration = Duration.microseconds(expected.microseconds)
            #expect(PythonDuration.isoString(duration) == expected.json, "\(expected.microseconds) µs")
            #expect(PythonDuration.description(duration) == expected.template, "\(expected.microseconds) µs")
            #expect(try Template("{{ value }}").render(["value": duration]) == expected.template)
        }
        // Past what a column holds, and below a microsecond: no trap, the microseconds truncated.
        #expect(PythonDuration.isoString(.seconds(Int64.min)) == "-P106751991167300DT15H30M08S")
        #expect(PythonDuration.description(.nanoseconds(-999)) == "0:00:00")
        #expect(
            PythonDuration.isoString(.seconds(Int64.max) + .milliseconds(999)) == "P106751991167300DT15H30M07.999000S")
    }

    @Test func modelsEncodeAndRenderDurationsAsDjango() throws {
        var reading = Reading(day: CalendarDate(year: 2024, month: 2, day: 29)!, span: .milliseconds(1500))
        reading.id = 7
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(String(data: try encoder.encode(reading), encoding: .utf8))
        #expect(json.contains(#""span":"P0DT00H00M01.500000S""#))
        #expect(try Template("{{ r.span }}").render(["r": reading]) == "0:00:01.500000")
        reading.span = nil
        #expect(String(data: try encoder.encode(reading), encoding: .utf8)?.contains(#""span":null"#) == true)
        #expect(try Template("{{ r.span }}").render(["r": reading]) == "None")
    }
}
