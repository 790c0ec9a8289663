import Foundation
import Testing

@testable import PonyTemplates

/// `django.contrib.humanize` against Django 5.2's answers (Fixtures/humanize.json, by
/// Fixtures/generate_humanize.py).
@Suite struct HumanizeTests {
    struct Fixture: Decodable {
        struct NumberCase: Decodable {
            let filter: String
            let value: [Typed]
            let output: String?
        }
        struct RelativeCase: Decodable {
            let filter: String
            let offset: Double
            let day: Bool?
            let output: String?
        }
        struct FixedCase: Decodable {
            let filter: String
            let value: [Typed]
            let argument: String?
            let output: String
        }
        let numbers: [NumberCase]
        let natural: [RelativeCase]
        let fixed: [FixedCase]
    }

    /// One element of the generator's `[type, value]` pairs.
    enum Typed: Decodable {
        case text(String)
        /// A JSON number, also as an exact integer when it is one (beyond 2^53 too).
        case number(Double, exactly: Int?)
        case flag(Bool)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number, exactly: try? container.decode(Int.self))
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    static let fixture = Result {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/humanize", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The template value Django saw.
    static func value(_ pair: [Typed]) -> TemplateValue {
        guard case .text(let type) = pair[0] else { return .null }
        switch (type, pair.count > 1 ? pair[1] : .text("")) {
        case ("int", .number(_, let n?)): return .int(n)
        case ("float", .number(let d, _)): return .double(d)
        case ("str", .text(let text)): return .string(text)
        case ("bool", .flag(let flag)): return .bool(flag)
        case ("date", .text(let text)):
            let parts = text.split(separator: "-").compactMap { Int($0) }
            return TemplateDay(year: parts[0], month: parts[1], day: parts[2]).map(TemplateValue.object) ?? .null
        default: return .null
        }
    }

    @Test func numbersAsDjango() throws {
        let fixture = try Self.fixture.get()
        #expect(fixture.numbers.count > 200)
        for item in fixture.numbers {
            let value = Self.value(item.value)
            let output = try Template("{% autoescape off %}{{ v|\(item.filter) }}{% endautoescape %}").render([
                "v": value
            ])
            #expect(output == (item.output ?? "None"), "\(item.filter) \(item.value)")
        }
    }

    @Test func relativeDatesAsDjango() throws {
        let fixture = try Self.fixture.get()
        for item in fixture.natural {
            let when = Date().addingTimeInterval(item.offset)
            let value: TemplateValue =
                item.day == true
                ? TemplateDay(when, in: DateFormat.utc).map(TemplateValue.object) ?? .null : .date(when)
            let output = try Template("{{ v|\(item.filter) }}").render(["v": value])
            // Other days print as the date filter prints them.
            let expected = try item.output ?? Template("{{ v|date }}").render(["v": value])
            #expect(output == expected, "\(item.filter) \(item.offset) day: \(item.day ?? false)")
        }
        for item in fixture.fixed {
            let argument = item.argument.map { ":'\($0)'" } ?? ""
            let output = try Template("{{ v|\(item.filter)\(argument) }}").render(["v": Self.value(item.value)])
            #expect(output == item.output, "\(item.filter) \(item.value)")
        }
    }

    @Test func hostileValuesDoNotTrap() throws {
        for value: TemplateValue in [
            .int(.min), .int(.max), .double(.nan), .double(.infinity), .double(-.infinity), .double(1e308),
            .double(-1e-308), .double(.greatestFiniteMagnitude), .string(String(repeating: "9", count: 5000)),
            .string("-" + String(repeating: "1_", count: 100) + "1"), .string("\u{0661}\u{0662}\u{0663}\u{0664}"),
            .date(Date(timeIntervalSince1970: 1e300)), .date(Date(timeIntervalSince1970: -1e300)), .array([.int(1)]),
        ] {
            for filter in ["intcomma", "intword", "apnumber", "ordinal", "naturalday", "naturaltime"] {
                _ = try Template("{{ v|\(filter) }}").render(["v": value])
            }
        }
        #expect(
            try Template("{{ v|intcomma }}").render(["v": TemplateValue.string("\u{0661}\u{0662}\u{0663}\u{0664}")])
                == "1,234")
        #expect(try Template("{{ v|intcomma }}").render(["v": TemplateValue.double(1e308)]).hasSuffix("e+308"))
        #expect(try Template("{{ v|intword }}").render(["v": TemplateValue.int(.min)]) == "-9.2 quintillion")
    }
}
