// Usage: TemplateRender fortunes SECONDS   → renders/s of the fortunes page
//        TemplateRender count N            → N renders (for valgrind's instruction counts)
//        TemplateRender hostile            → milliseconds per hostile 64 KiB input
import Foundation
import PonyTemplates

let fortunesTemplate = """
    <!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>\
    {% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}\
    </table></body></html>
    """

/// The 12 rows, the one added at request time, sorted by message: the context Django gets too.
func fortunesContext() -> TemplateContext {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../fortunes.json").standardized.path
    let rows = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[Any]]
    let values: [TemplateValue] = rows.map { row in
        .dictionary(TemplateDictionary([("id", .int(row[0] as! Int)), ("message", .string(row[1] as! String))]))
    }
    return TemplateContext(["fortunes": .array(values)])
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let clock = ContinuousClock()
switch CommandLine.arguments.dropFirst().first {
case "fortunes":
    let duration = Double(CommandLine.arguments.dropFirst(2).first ?? "3") ?? 3
    let template = try Template(fortunesTemplate)
    let context = fortunesContext()
    var renders = 0
    var bytes = 0
    let start = clock.now
    while seconds(clock.now - start) < duration {
        for _ in 0..<100 { bytes &+= try template.render(context).utf8.count }
        renders += 100
    }
    print(String(format: "%.0f", Double(renders) / seconds(clock.now - start)), bytes > 0 ? "" : "!")
case "count":
    // A fixed number of renders, for instruction counts: valgrind --tool=callgrind … count 2000
    let count = Int(CommandLine.arguments.dropFirst(2).first ?? "1000") ?? 1000
    let template = try Template(fortunesTemplate)
    let context = fortunesContext()
    var bytes = 0
    for _ in 0..<count { bytes &+= try template.render(context).utf8.count }
    print(bytes)
case "hostile":
    let size = 65_536
    let inputs: [(String, String)] = [
        ("striptags", String(repeating: "<", count: size)),
        ("striptags", String(repeating: "<a", count: 40) + String(repeating: "x", count: size)),
        ("striptags", String(repeating: "<p>x</p>", count: size / 8)),
        ("truncatechars_html:100", String(repeating: "<p>", count: size / 3)),
        ("truncatewords_html:100", String(repeating: "<a b=\"", count: size / 6)),
        ("urlize", String(repeating: ".", count: size)),
        ("urlize", "&" + String(repeating: ";", count: size)),
        ("urlize", String(repeating: "(", count: size / 2) + String(repeating: ")", count: size / 2)),
        ("urlize", String(repeating: "www.x.com ", count: size / 10)),
        ("wordwrap:10", String(repeating: "x ", count: size / 2)),
        ("truncatewords:10", String(repeating: " ", count: size)),
    ]
    for (filter, value) in inputs {
        let template = try Template("{{ value|\(filter) }}")
        let start = clock.now
        _ = try? template.render(["value": value])
        print(
            String(
                format: "%-24@ %-28@ %8.2f ms", filter, String(value.prefix(12)).debugDescription,
                seconds(clock.now - start) * 1000))
    }
    let source = String(
        repeating: "{% if x %}{{ x|upper }}{% else %}-{% endif %}<p>{{ y|default:'z' }}</p>\n", count: 1000)
    let start = clock.now
    _ = try Template(source).render(["x": "a"])
    print(String(format: "%-53@ %8.2f ms", "64 KiB template, parsed and rendered", seconds(clock.now - start) * 1000))
default:
    print("usage: TemplateRender fortunes [SECONDS] | hostile")
}
