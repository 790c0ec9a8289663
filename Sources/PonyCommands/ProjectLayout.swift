// `pony convert`'s plan: which of an app file's top-level items go in which file of the
// SwiftPM target, as Django splits an app into models.py, forms.py, views.py, admin.py and
// api.py. Declarations move as they are (a module's files see each other's declarations);
// the facade calls of each concern become one function that main.swift calls in their place.
import Foundation

/// The files of a converted app's target, and the templates taken out of its code.
struct ProjectLayout: Sendable {
    /// A concern of the app, with the file and function its statements go to.
    enum Group: String, CaseIterable, Sendable {
        case models, forms, views, templateTags, admin, api, support

        var file: String {
            switch self {
            case .models: "Models.swift"
            case .forms: "Forms.swift"
            case .views: "Views.swift"
            case .templateTags: "TemplateTags.swift"
            case .admin: "Admin.swift"
            case .api: "API.swift"
            case .support: "Support.swift"
            }
        }

        var function: String {
            switch self {
            case .models: "registerModels"
            case .forms: "registerForms"
            case .views: "registerViews"
            case .templateTags: "registerTemplateTags"
            case .admin: "registerAdmin"
            case .api: "registerAPI"
            case .support: "registerSupport"
            }
        }

        /// What the group's function registers with the app.
        var registers: String {
            switch self {
            case .models: "the models and their signals"
            case .forms: "the forms"
            case .views: "the URL patterns and their views"
            case .templateTags: "the template filters and tags"
            case .admin: "the models' admin pages"
            case .api: "the API's endpoints"
            case .support: "what the helpers need"
            }
        }

        var summary: String {
            switch self {
            case .models: "The models, and the signals that watch them"
            case .forms: "The forms"
            case .views: "The URL patterns and their views"
            case .templateTags: "Template filters and tags"
            case .admin: "The admin"
            case .api: "The JSON API: its endpoints and schemas"
            case .support: "Helpers the rest of the app uses"
            }
        }
    }

    /// The facade members whose calls configure the app as a whole; they stay in main.swift.
    static let settingMembers: Set<String> = [
        "install", "uninstall", "settings", "middleware", "mail", "command", "onStartup", "onShutdown",
        "backgroundTask", "csrf", "cache", "caches", "cacheSite",
    ]

    /// The target's Swift files by name, main.swift first.
    private(set) var files: [(name: String, contents: String)] = []
    /// Templates assigned in code as plain string literals (`app.templates["home.html"] = """…"""`),
    /// which become files in `templates/`.
    private(set) var templates: [(name: String, contents: String)] = []

    /// Plans the target for `source`, the app named `name` (its file's name).
    ///
    /// - Parameter existingTemplates: names of the templates already in `templates/` beside
    ///   the file, which code-defined templates of the same name shadow (they stay in code).
    init(source: String, name: String, existingTemplates: Set<String>) throws(CommandError) {
        let text = source.hasPrefix("#!") ? String(source.drop { $0 != "\n" }.dropFirst()) : source
        let (items, trailing) = SwiftSource(text).items()
        let roles = items.map(Role.init)
        guard let appIndex = roles.firstIndex(where: { if case .app = $0 { true } else { false } }),
            case .app(let appName) = roles[appIndex]
        else {
            throw CommandError(
                "\(name).swift has no `let app = Pony(…)` at its top level, which `pony convert` needs: the app's "
                    + "setup moves into functions that take it.")
        }

        // Each statement's group: by the facade member it calls (`app.api.get` → api), or by
        // the binding it uses (`lists.get` after `let lists = app.api.router(…)`).
        var groups: [Group?] = Array(repeating: nil, count: items.count)
        var bindingGroups: [String: Group] = [:]
        var extracted = Set<Int>()
        for (index, role) in roles.enumerated() {
            switch role {
            case .statement(let tokens):
                if let template = Self.template(items[index], app: appName),
                    !existingTemplates.contains(template.name), !templates.contains(where: { $0.name == template.name })
                {
                    templates.append(template)
                    extracted.insert(index)
                } else if Self.member(tokens, app: appName) != "run" {
                    groups[index] = Self.group(of: tokens, app: appName, bindings: bindingGroups)
                }
            case .binding(let name, let isVariable, let tokens):
                groups[index] = isVariable ? nil : Self.group(of: tokens, app: appName, bindings: bindingGroups)
                if let group = groups[index] { bindingGroups[name] = group }
            default: break
            }
        }
        // A binding that code outside its group uses must stay a global of main.swift; then
        // the whole group stays there too, so that its statements keep their order.
        let references = items.map { Self.references($0.code) }
        for (index, role) in roles.enumerated() {
            guard case .binding(let name, _, _) = role, let group = groups[index] else { continue }
            let usedElsewhere = items.indices.contains { other in
                other != index && groups[other] != group && references[other].contains(name)
            }
            if usedElsewhere {
                for other in items.indices where groups[other] == group { groups[other] = nil }
            }
        }

        let models = ModelDiscovery.models(in: text)
        let declarationGroups = Self.place(roles: roles, references: references, groups: groups, models: Set(models))

        // The files.
        let imports = items.indices.filter { if case .import = roles[$0] { true } else { false } }
        let importText = imports.map { items[$0].text }.joined(separator: "\n")
        var bodies: [Group: [String]] = [:]
        var declarations: [Group: [String]] = [:]
        var lastIndex: [Group: Int] = [:]
        for index in items.indices {
            if let group = declarationGroups[index] {
                declarations[group, default: []].append(Self.trimmed(items[index].leading) + items[index].text)
            } else if let group = groups[index] {
                bodies[group, default: []].append(Self.spaced(items[index].leading) + items[index].text)
                lastIndex[group] = index
            }
        }
        if !models.isEmpty {
            let list = models.map { "\($0).self" }.joined(separator: ", ")
            bodies[.models, default: []].insert("\(appName).models(\(list))", at: 0)
        }
        var effects: [Group: (throwing: Bool, async: Bool)] = [:]
        for group in Group.allCases {
            let statements = items.indices.filter { groups[$0] == group }.map {
                Self.wordsOutsideBraces(items[$0].code)
            }
            effects[group] = (statements.contains { $0.contains("try") }, statements.contains { $0.contains("await") })
        }
        func call(_ group: Group) -> String {
            let effect = effects[group] ?? (false, false)
            return (effect.throwing ? "try " : "") + (effect.async ? "await " : "") + "\(group.function)(\(appName))"
        }

        // main.swift: the items that configure the app, in their order, with each group's
        // function called where the group's last statement stood.
        let mainIndices = items.indices.filter {
            declarationGroups[$0] == nil && groups[$0] == nil && !extracted.contains($0) && !imports.contains($0)
        }
        let header = imports.first == 0 ? items[0].leading : ""
        var main: [String] = []
        for (position, index) in mainIndices.enumerated() {
            let item = items[index]
            let leading = main.isEmpty ? (header.isEmpty ? Self.trimmed(item.leading) : "") : Self.spaced(item.leading)
            if index == appIndex {
                main.append(leading + Self.namingApp(item, name: name))
                if bodies[.models] != nil { main.append(call(.models)) }
            } else {
                main.append(leading + item.text)
            }
            let next = position + 1 < mainIndices.count ? mainIndices[position + 1] : items.count
            for (group, last) in lastIndex.sorted(by: { $0.value < $1.value })
            where group != .models && last > index && last < next {
                main.append(call(group))
            }
        }
        var mainText = Self.trimmed(header) + importText + "\n\n" + main.joined(separator: "\n")
        if !trailing.isEmpty { mainText += "\n" + trailing }
        files.append(("main.swift", Self.ending(mainText)))

        for group in Group.allCases where declarations[group] != nil || bodies[group] != nil {
            var parts = ["// \(group.summary), from \(name).swift.\n" + importText]
            parts += declarations[group] ?? []
            if let body = bodies[group] {
                let effect = effects[group] ?? (false, false)
                let signature =
                    "func \(group.function)(_ \(appName): Pony)" + (effect.async ? " async" : "")
                    + (effect.throwing ? " throws" : "")
                let indented = body.map(Self.indented).joined(separator: "\n")
                    .drop { $0 == "\n" }
                parts.append("/// Registers \(group.registers) with the app.\n\(signature) {\n\(indented)\n}")
            }
            files.append((group.file, Self.ending(parts.joined(separator: "\n\n"))))
        }
    }

    // MARK: - Items

    /// What a top-level item is.
    enum Role: Sendable {
        case `import`
        /// `let NAME = Pony(…)`.
        case app(String)
        /// A type, function, extension or type alias: its name (an extension's type), its
        /// attributes' names and the names after its colon.
        case declaration(name: String, attributes: [String], inherits: [String], isExtension: Bool)
        /// `let`/`var NAME = …`, with the initialiser's words.
        case binding(String, isVariable: Bool, [String])
        /// Anything else, with its words.
        case statement([String])

        init(_ item: TopLevelItem) {
            let tokens = ProjectLayout.tokens(item.code)
            var index = 0
            var attributes: [String] = []
            while index < tokens.count {
                if tokens[index].hasPrefix("@") {
                    attributes.append(String(tokens[index].dropFirst()))
                    index += 1
                    if index < tokens.count, tokens[index] == "(" {
                        index = ProjectLayout.skipParentheses(tokens, index)
                    }
                } else if SwiftSource.modifiers.contains(tokens[index]) {
                    index += 1
                    if index < tokens.count, tokens[index] == "(" {
                        index = ProjectLayout.skipParentheses(tokens, index)
                    }
                } else {
                    break
                }
            }
            guard index < tokens.count else {
                self = .statement(tokens)
                return
            }
            let keyword = tokens[index]
            let name = index + 1 < tokens.count ? tokens[index + 1] : ""
            switch keyword {
            case "import":
                self = .import
            case "struct", "class", "enum", "actor", "protocol", "func", "typealias", "extension", "macro":
                var inherits: [String] = []
                if let colon = tokens[(index + 1)...].firstIndex(of: ":"),
                    let brace = tokens[(index + 1)...].firstIndex(of: "{"), colon < brace
                {
                    inherits = tokens[(colon + 1)..<brace].filter { $0.first?.isLetter ?? false }
                }
                self = .declaration(
                    name: name, attributes: attributes, inherits: inherits, isExtension: keyword == "extension")
            case "let", "var":
                let rest = Array(tokens.dropFirst(index + 2).drop { $0 != "=" }.dropFirst())
                let called = rest.drop { $0 == "try" || $0 == "await" }
                if keyword == "let", called.first == "Pony", called.dropFirst().first == "(" {
                    self = .app(name)
                } else {
                    self = .binding(name, isVariable: keyword == "var", rest)
                }
            default:
                self = .statement(tokens)
            }
        }
    }

    /// The facade member a statement starts with: `route` in `app.route("/") { … }`.
    static func member(_ tokens: [String], app: String) -> String? {
        let called = Array(tokens.drop { $0 == "try" || $0 == "await" })
        guard called.count >= 3, called[0] == app, called[1] == "." else { return nil }
        return called[2]
    }

    /// The group of a statement (or a binding's initialiser), or `nil` for main.swift.
    static func group(of tokens: [String], app: String, bindings: [String: Group]) -> Group? {
        let called = Array(tokens.drop { $0 == "try" || $0 == "await" })
        if let first = called.first, let group = bindings[first], called.dropFirst().first == "." { return group }
        guard let member = member(tokens, app: app) else { return nil }
        switch member {
        case "admin", "adminSite": return .admin
        case "api": return .api
        case "filter", "simpleTag", "blockTag", "inclusionTag": return .templateTags
        case "signal", "manyToManyChanged", "models": return .models
        case "run", "main": return nil
        default: return settingMembers.contains(member) ? nil : .views
        }
    }

    /// Where each declaration goes: models and their extensions to Models.swift, forms to
    /// Forms.swift, anything else beside the first code that uses it (Support.swift if none).
    static func place(roles: [Role], references: [Set<String>], groups: [Group?], models: Set<String>) -> [Int: Group] {
        var placed: [Int: Group] = [:]
        var names: [Int: String] = [:]
        for (index, role) in roles.enumerated() {
            guard case .declaration(let name, let attributes, let inherits, let isExtension) = role else { continue }
            names[index] = name
            if attributes.contains("Model") || (isExtension && models.contains(name)) {
                placed[index] = .models
            } else if !isExtension, inherits.contains(where: { $0.hasSuffix("Form") }) {
                placed[index] = .forms
            }
        }
        let order: [Group] = [.models, .forms, .views, .api, .templateTags, .admin]
        var changed = true
        while changed {
            changed = false
            for (index, name) in names.sorted(by: { $0.key < $1.key }) where placed[index] == nil {
                var users = Set<Group>()
                for other in roles.indices where other != index && references[other].contains(name) {
                    if let group = placed[other] ?? groups[other] { users.insert(group) }
                }
                if let group = order.first(where: users.contains) {
                    placed[index] = group
                    changed = true
                }
            }
        }
        for index in names.keys where placed[index] == nil { placed[index] = .support }
        return placed
    }

    /// A statement `app.templates["NAME"] = "…"` whose literal holds no escapes or
    /// interpolations, as a template file: its name and contents.
    static func template(_ item: TopLevelItem, app: String) -> (name: String, contents: String)? {
        let prefix = "\(app).templates[\""
        let text = item.text
        guard text.hasPrefix(prefix), !text.contains("\\"), !text.contains("#\"") else { return nil }
        let afterPrefix = text.dropFirst(prefix.count)
        guard let close = afterPrefix.range(of: "\"]") else { return nil }
        let name = String(afterPrefix[..<close.lowerBound])
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"),
            !components.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }),
            !name.contains("\"")
        else { return nil }
        let assigned = afterPrefix[close.upperBound...].drop { $0 == " " }
        guard assigned.hasPrefix("="), !assigned.hasPrefix("==") else { return nil }
        let literal = assigned.dropFirst().drop { $0 == " " }
        if literal.hasPrefix("\"\"\"") {
            let lines = literal.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count >= 2, lines[0] == "\"\"\"", let last = lines.last,
                last.trimmingPrefix(while: { $0 == " " }) == "\"\"\""
            else { return nil }
            let indentation = last.prefix { $0 == " " }
            var contents: [Substring] = []
            for line in lines.dropFirst().dropLast() {
                if line.allSatisfy({ $0 == " " }) {
                    contents.append("")
                } else if line.hasPrefix(indentation), !line.contains("\"\"\"") {
                    contents.append(line.dropFirst(indentation.count))
                } else {
                    return nil
                }
            }
            return (name, contents.joined(separator: "\n"))
        }
        guard literal.hasPrefix("\""), literal.count >= 2, literal.hasSuffix("\""), !literal.contains("\n") else {
            return nil
        }
        let body = literal.dropFirst().dropLast()
        return body.contains("\"") ? nil : (name, String(body))
    }

    /// `let app = Pony(…)` with the app's name and base directory added, so that the target's
    /// main.swift (two folders below the project) finds `templates/`, `db.sqlite3` and
    /// `migrations/` where the single file did, and keeps its name.
    static func namingApp(_ item: TopLevelItem, name: String) -> String {
        let code = Array(item.code.utf8)
        let text = Array(item.text.utf8)
        let marker = Array("Pony(".utf8)
        guard let start = code.indices.first(where: { code[$0...].starts(with: marker) }) else { return item.text }
        let open = start + marker.count - 1
        var depth = 0
        var close = open
        for index in open..<code.count {
            if code[index] == UInt8(ascii: "(") { depth += 1 }
            if code[index] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 {
                    close = index
                    break
                }
            }
        }
        guard close > open else { return item.text }
        let arguments = String(decoding: code[(open + 1)..<close], as: UTF8.self)
        let quoted =
            "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        var added = "name: \(quoted)"
        if !arguments.contains("settings:") { added += ", baseDirectory: \"../..\"" }
        let separator = arguments.allSatisfy(\.isWhitespace) ? "" : ", "
        return String(decoding: text[..<close], as: UTF8.self) + separator + added
            + String(decoding: text[close...], as: UTF8.self)
    }

    // MARK: - Words

    /// Identifiers (attributes with their `@`) and punctuation, in order.
    static func tokens(_ code: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in code {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else if character == "@" {
                flush()
                current = "@"
            } else {
                flush()
                if !character.isWhitespace { tokens.append(String(character)) }
            }
        }
        flush()
        return tokens
    }

    /// The names `code` may refer to: its identifiers, less members (`.name`, `\\.name`) and
    /// the names it declares (`var name`).
    static func references(_ code: String) -> Set<String> {
        let tokens = tokens(code)
        var names = Set<String>()
        for (index, token) in tokens.enumerated() where token.first.map({ $0.isLetter || $0 == "_" }) ?? false {
            let before = index > 0 ? tokens[index - 1] : ""
            if before == "." || ["var", "let", "func", "case", "struct", "class", "enum"].contains(before) { continue }
            names.insert(token)
        }
        return names
    }

    /// The words of `code` outside braces: a `try` there makes the statement throw where it
    /// stands, not inside a closure.
    static func wordsOutsideBraces(_ code: String) -> Set<String> {
        var depth = 0
        var outside: [String] = []
        for token in tokens(code) {
            if token == "{" {
                depth += 1
            } else if token == "}" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                outside.append(token)
            }
        }
        return Set(outside)
    }

    static func skipParentheses(_ tokens: [String], _ open: Int) -> Int {
        var depth = 0
        var index = open
        while index < tokens.count {
            if tokens[index] == "(" { depth += 1 }
            if tokens[index] == ")" {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }

    /// Leading trivia with one blank line before it if it had any.
    static func spaced(_ leading: String) -> String {
        let rest = trimmed(leading)
        return leading.prefix(leading.count - rest.count).contains("\n") ? "\n" + rest : rest
    }

    /// Leading trivia without its blank lines at the start (files are joined with one).
    static func trimmed(_ leading: String) -> String {
        String(leading.drop { $0 == "\n" || $0 == " " || $0 == "\t" })
    }

    /// A statement's lines indented one level (blank lines stay empty, so multi-line string
    /// literals keep their contents: their closing delimiter moves with them).
    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.allSatisfy { $0 == " " || $0 == "\t" } ? "" : "    " + $0 }
            .joined(separator: "\n")
    }

    static func ending(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
