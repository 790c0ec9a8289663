internal import PonySupport

/// Django's `get_language_info` and `get_language_info_list` tags and its `language_name`,
/// `language_name_local`, `language_name_translated` and `language_bidi` filters: what Django
/// knows of a language (``PonySupport/LanguageInfo``), for language switchers.
enum LanguageInfoTags {
    static let all: [String: TagParser] = [
        "get_language_info": parseLanguageInfo, "get_language_info_list": parseLanguageInfoList,
    ]

    static let filters: [TemplateFilter] = [
        TemplateFilter("language_name") { value, _, _ in .string(try info(value.text).name) },
        TemplateFilter("language_name_local") { value, _, _ in .string(try info(value.text).nameLocal) },
        TemplateFilter("language_name_translated") { value, _, _ in .string(try info(value.text).nameTranslated) },
        TemplateFilter("language_bidi") { value, _, _ in .bool(try info(value.text).bidi) },
    ]

    /// `{% get_language_info for code as name %}`.
    static func parseLanguageInfo(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let (code, name) = try forAs(parser, token, "string")
        return LanguageInfoNode(code: code, name: name, list: false)
    }

    /// `{% get_language_info_list for languages as name %}`: codes, or `(code, name)` pairs.
    static func parseLanguageInfoList(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let (codes, name) = try forAs(parser, token, "sequence")
        return LanguageInfoNode(code: codes, name: name, list: true)
    }

    /// `for X as name`, with Django's error for any other form.
    private static func forAs(
        _ parser: Parser, _ token: Token, _ what: String
    ) throws(TemplateSyntaxError) -> (FilterExpression, String) {
        let words = token.words
        guard words.count == 5, words[1] == "for", words[3] == "as" else {
            let given = words.dropFirst().map { PythonFormat.quote($0) }.joined(separator: ", ")
            throw TemplateSyntaxError("'\(words[0])' requires 'for \(what) as variable' (got [\(given)])", at: token)
        }
        return (try parser.expression(words[2], at: token), words[4])
    }

    /// Django's `get_language_info`, with its error for a code it does not know.
    static func info(_ code: String) throws -> LanguageInfo {
        if let info = LanguageInfo.of(code) { return info }
        let general = code.split(separator: "-", maxSplits: 1).first.map(String.init) ?? code
        throw TemplateRenderError(
            code.contains("-")
                ? "Unknown language code \(code) and \(general)." : "Unknown language code \(code).")
    }

    /// The language as Django's tag gives it: `bidi`, `code`, `name`, `name_local` and
    /// `name_translated`.
    static func value(_ info: LanguageInfo) -> TemplateValue {
        .dictionary(
            TemplateDictionary([
                ("bidi", .bool(info.bidi)), ("code", .string(info.code)), ("name", .string(info.name)),
                ("name_local", .string(info.nameLocal)), ("name_translated", .string(info.nameTranslated)),
            ]))
    }
}

/// `{% get_language_info %}` and `{% get_language_info_list %}`.
struct LanguageInfoNode: Node {
    let code: FilterExpression
    let name: String
    let list: Bool

    func render(_ context: RenderContext, into output: inout String) throws {
        let value = try code.resolve(context) ?? .string("")
        guard list else {
            context[name] = LanguageInfoTags.value(try LanguageInfoTags.info(value.text))
            return
        }
        // NB: as Django's, an item is a code, or a sequence whose first item is the code.
        var infos: [TemplateValue] = []
        for item in value.iterationElements ?? [] {
            let code: String
            if case .array(let parts) = item, let first = parts.first, first.text.count > 1 {
                code = first.text
            } else {
                code = item.text
            }
            infos.append(LanguageInfoTags.value(try LanguageInfoTags.info(code)))
        }
        context[name] = .array(infos)
    }
}
