import Foundation
import PonyORM
import Testing

/// A key that is not the automatic one, and options written with odd spacing: `@Model` reads
/// `@Field`'s arguments from the syntax tree, not from their text.
// swift-format-ignore
@Model
struct Country {
    @Field( primaryKey:true , maxLength: 2) var code: String
    @Field(maxLength: 50) var name: String
    @Field(autoNow:true) var updated: Date
}

@Suite struct FieldTypeTests {
    @Test func macroReadsOptionsFromTheSyntaxTree() {
        #expect(Country.schemaInfo.fields.map(\.name) == ["code", "name", "updated"])
        #expect(Country.schemaInfo.primaryKey.name == "code")
        #expect(!Country.schemaInfo.primaryKey.isAutomatic)
        // `autoNow` gives the initialiser's parameter a default of now.
        let country = Country(code: "fr", name: "France")
        #expect(abs(country.updated.timeIntervalSinceNow) < 60)
    }

    @Test func fieldClassesAreDjangos() {
        let fields = Dictionary(uniqueKeysWithValues: Reading.schemaInfo.fields.map { ($0.name, $0.type.className) })
        #expect(
            fields == [
                "id": "AutoField", "day": "DateField", "at": "TimeField", "level": "SmallIntegerField",
                "small": "PositiveSmallIntegerField", "count": "PositiveIntegerField",
                "big": "PositiveBigIntegerField", "address": "GenericIPAddressField", "span": "DurationField",
            ])
    }

    @Test(
        arguments: [
            ("2024-02-29", "2024-02-29"), ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"),
            ("2023-02-29", nil),
            ("0000-01-01", nil), ("2024-13-01", nil), ("2024-1-01", nil), ("+024-01-01", nil), ("2024-01-01T00", nil),
            ("", nil), ("٢٠٢٤-01-01", nil),
        ] as [(String, String?)])
    func calendarDatesParseOnlyRealDays(text: String, parsed: String?) {
        #expect(CalendarDate(text)?.description == parsed)
    }

    @Test(
        arguments: [
            ("06:30", "06:30:00"), ("23:59:59", "23:59:59"), ("00:00:00.5", "00:00:00.500000"),
            ("12:00:00.000001", "12:00:00.000001"), ("24:00", nil), ("12:60", nil), ("12:00:00.1234567", nil),
            ("12:00:+1", nil), ("1:00", nil), ("12:00:00.", nil), ("", nil),
        ] as [(String, String?)])
    func timesParseOnlyRealTimes(text: String, parsed: String?) {
        #expect(TimeOfDay(text)?.description == parsed)
    }

    @Test func valuesOutsideATypeAreErrorsNotTraps() throws {
        #expect(throws: DatabaseError.self) { try UInt16(databaseValue: .integer(-1)) }
        #expect(throws: DatabaseError.self) { try UInt16(databaseValue: .integer(65536)) }
        #expect(throws: DatabaseError.self) { try Int16(databaseValue: .integer(Int64.min)) }
        #expect(throws: DatabaseError.self) { try UInt64(databaseValue: .integer(-1)) }
        #expect(try UInt64(databaseValue: .integer(Int64.max)) == UInt64(Int64.max))
        // Past the column's range: the digits, which the database refuses or reading back reports.
        #expect(UInt64.max.databaseValue == .text("18446744073709551615"))
        #expect(throws: DatabaseError.self) { try UInt64(databaseValue: UInt64.max.databaseValue) }
        #expect(throws: DatabaseError.self) { try CalendarDate(databaseValue: .text("2024-02-30")) }
        // A duration no column holds: its digits, which reading back reports.
        #expect(Duration.seconds(Int64.max).databaseValue == .text("\(Int64.max)s"))
        #expect(throws: DatabaseError.self) { try Duration(databaseValue: Duration.seconds(Int64.max).databaseValue) }
        #expect(try Duration(databaseValue: .integer(-5)) == .microseconds(-5))
        #expect(throws: DatabaseError.self) { try TimeOfDay(databaseValue: .integer(3)) }
        #expect(TimeOfDay(microsecondsOfDay: 86_400_000_000) == nil)
        #expect(TimeOfDay(microsecondsOfDay: -1) == nil)
        #expect(CalendarDate(Date(timeIntervalSince1970: .nan)) == nil)
        #expect(CalendarDate(Date(timeIntervalSince1970: 1e300)) == nil)
        #expect(CalendarDate(Date(timeIntervalSince1970: 0))?.description == "1970-01-01")
    }

    @Test func datesAndTimesEncodeAsDjangoWritesThem() throws {
        let reading = Reading(
            id: 1, day: CalendarDate(year: 2024, month: 2, day: 29)!, at: TimeOfDay(hour: 6, minute: 30))
        let json = String(decoding: try JSONEncoder().encode(reading), as: UTF8.self)
        #expect(json.contains(#""day":"2024-02-29""#))
        #expect(json.contains(#""at":"06:30:00""#))
        let decoded = try JSONDecoder().decode([CalendarDate].self, from: Data(#"["1999-07-04"]"#.utf8))
        #expect(decoded == [CalendarDate(year: 1999, month: 7, day: 4)!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([TimeOfDay].self, from: Data(#"["7am"]"#.utf8)) }
    }
}
