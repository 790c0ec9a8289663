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
    /// Whether the app's setup is `makeApp()` in App.swift, which tests call (see
    /// `ConvertCommand`'s test target); `false` when main.swift keeps globals other files use.
    private(set) var isTestable = false
    /// How main.swift calls `makeApp()` (`try await makeApp()`), when ``isTestable``.
    private(set) var makeAppCall = "makeApp()"
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
        // NB: the app's setup can move into `makeApp()` (App.swift), which tests call, when
        // main.swift would hold nothing but statements, the last of them `app.run()`: a
        // global other files use must stay a global of main.swift.
        let runIndex = mainIndices.last.flatMap { index -> Int? in
            guard case .statement(let tokens) = roles[index], Self.member(tokens, app: appName) == "run" else {
                return nil
            }
            return index
        }
        isTestable =
            runIndex.map { run in !lastIndex.values.contains { $0 > run } } == true
            && mainIndices.allSatisfy { index in
                switch roles[index] {
                case .app, .statement: true
                default: false
                }
            }
        var run = ""
        var effect = (throwing: false, async: false)
        for (position, index) in mainIndices.enumerated() {
            let item = items[index]
            let leading = main.isEmpty ? (header.isEmpty ? Self.trimmed(item.leading) : "") : Self.spaced(item.leading)
            if index == runIndex, isTestable {
                run = Self.spaced(item.leading) + item.text
                continue
            }
            let words = Self.wordsOutsideBraces(item.code)
            effect = (effect.throwing || words.contains("try"), effect.async || words.contains("await"))
            if index == appIndex {
                main.append(leading + Self.namingApp(item, name: name))
                if bodies[.models] != nil {
                    main.append(call(.models))
                    let called = effects[.models] ?? (false, false)
                    effect = (effect.throwing || called.throwing, effect.async || called.async)
                }
            } else {
                main.append(leading + item.text)
            }
            let next = position + 1 < mainIndices.count ? mainIndices[position + 1] : items.count
            for (group, last) in lastIndex.sorted(by: { $0.value < $1.value })
            where group != .models && last > index && last < next {
                main.append(call(group))
                let called = effects[group] ?? (false, false)
                effect = (effect.throwing || called.throwing, effect.async || called.async)
            }
        }
        var mainText = Self.trimmed(header) + importText + "\n\n"
        var appFile: String?
        if isTestable {
            let made = (effect.throwing ? "try " : "") + (effect.async ? "await " : "") + "makeApp()"
            mainText += "let \(appName) = \(made)\n" + run.drop { $0 == "\n" }
            let signature = "func makeApp()" + (effect.async ? " async" : "") + (effect.throwing ? " throws" : "")
            let body = Self.indented(main.joined(separator: "\n"))
            appFile = Self.ending(
                "// The app's setup, from \(name).swift: main.swift runs the app, tests make their own.\n"
                    + importText + "\n\n/// Makes the app, set up as the single file set it up.\n"
                    + "\(signature) -> Pony {\n\(body)\n    return \(appName)\n}")
            makeAppCall = made
        } else {
            mainText += main.joined(separator: "\n")
        }
        if !trailing.isEmpty { mainText += "\n" + trailing }
        files.append(("main.swift", Self.ending(mainText)))
        if let appFile { files.append(("App.swift", appFile)) }

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
}
