// What each top-level item of an app's file is, and which concern of the converted target it
// belongs to (see ProjectLayout).

extension ProjectLayout {
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
}
