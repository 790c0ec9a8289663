// libFuzzer entry point for the template lexer, parser and renderer (Fuzz/templates.sh).
// Any input must either parse and render, or throw TemplateSyntaxError / TemplateRenderError;
// a crash, a hang or a sanitizer report is a bug. The input is also the value given to the
// filters that parse HTML or text themselves.

import Foundation

let textFilters = try! Template(
    "{{ v|striptags }}{{ v|truncatechars_html:7 }}{{ v|truncatewords_html:3 }}{{ v|urlize }}{{ v|urlizetrunc:9 }}"
        + "{{ v|wordwrap:5 }}{{ v|truncatewords:2 }}{{ v|slugify }}{{ v|linebreaks }}")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Besides ordinary values, the hostile ones of HostileValueTests: a fuzzed template that
    // puts them through any filter or tag must not trap.
    let context: TemplateContext = [
        "a": 1, "b": ["x", "<y>"], "s": "<b>text</b>", "d": ["k": "v"], "n": TemplateValue.null, "f": 2.5,
        "max": Int.max, "min": Int.min, "nan": Double.nan, "inf": Double.infinity, "big": 1e308,
        "huge": 9_223_372_036_854_775_808.0, "far": Date(timeIntervalSince1970: 1e300), "u": UInt64.max,
        "digits": "9223372036854775808",
    ]
    if let template = try? Template(source, name: "fuzz.html") {
        _ = try? template.render(context)
        _ = try? template.render(context, autoescape: false)
    }
    let templates = ["self.html": source, "base.html": "{% block a %}{% endblock %}"]
    let engine = TemplateEngine(loaders: [DictionaryLoader(templates)])
    _ = try? engine.render("self.html", context)
    _ = try? textFilters.render(["v": source])
    _ = try? textFilters.render(["v": TemplateValue.safe(source)], autoescape: false)
    return 0
}
