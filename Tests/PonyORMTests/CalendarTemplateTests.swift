import PonyORM
import PonyTemplates
import Testing

/// `DateField` and `TimeField` values in templates, as Django's `date` and `time` objects.
@Test func calendarValuesReachTemplatesAsDjangoDatesAndTimes() throws {
    let day = try #require(CalendarDate(year: 2026, month: 12, day: 25))
    let time = try #require(TimeOfDay(hour: 13, minute: 45))
    let template = try Template(
        "{{ d }}|{{ d|date:'D j M' }}|{{ d.year }}|{{ t }}|{{ t|time:'H:i' }}|{{ d|json_script }}")
    #expect(
        try template.render(["d": day, "t": time])
            == "Dec. 25, 2026|Fri 25 Dec|2026|1:45 p.m.|13:45|<script type=\"application/json\">\"2026-12-25\"</script>"
    )
}
