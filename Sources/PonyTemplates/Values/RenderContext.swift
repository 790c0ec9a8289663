/// The state of one rendering: a stack of variable scopes, the autoescape flag, and per-node
/// state for tags like `cycle` and `ifchanged`.
///
/// Created per `render` call and never shared between threads.
final class RenderContext {
    /// The variables the render was called with (Django's bottom context dictionary).
    @exclusivity(unchecked) private var base: [String: TemplateValue]
    /// Scopes pushed by tags (`for`, `with`, `include`…), innermost last. NB: scopes hold a
    /// few names each, so a linear search with string comparison beats hashing the name once
    /// per scope.
    @exclusivity(unchecked) private var scopes: [[ScopeEntry]] = []

    /// NB: a struct, not a tuple: tuples in arrays are copied through the runtime's generic
    /// value witnesses.
    private struct ScopeEntry {
        let name: String
        var value: TemplateValue
    }
    @exclusivity(unchecked) var autoescape: Bool
    /// Whether printed numbers and dates are localized (`{% localize off %}` turns it off).
    @exclusivity(unchecked) var localize = true
    /// Whether printed numbers are grouped when localized (the engine's
    /// ``TemplateEngine/useThousandSeparator``).
    @exclusivity(unchecked) var grouping = false
    /// Per-node state (`cycle` positions, `ifchanged` last values).
    var state: [StateKey: TemplateValue] = [:]
    /// One id per running `{% for %}`, innermost last: `ifchanged` state belongs to the run of
    /// its loop, so it starts afresh each time the loop does.
    var loopRuns: [Int] = []
    private var nextLoopRun = 0

    struct StateKey: Hashable {
        let node: ObjectIdentifier
        let loop: Int
    }

    /// Runs a loop's body under a fresh loop-run id.
    func loopRun(_ body: () throws -> Void) rethrows {
        nextLoopRun += 1
        loopRuns.append(nextLoopRun)
        defer { loopRuns.removeLast() }
        try body()
    }
    let library: TemplateLibrary
    /// Loads templates for `extends` and `include`; `nil` for a standalone ``Template``.
    let engine: TemplateEngine?
    /// Django's `BlockContext` while rendering an `extends` chain: overrides by block name,
    /// most-derived last.
    var blockContext: [String: [BlockNode]]?
    /// How many `extends`/`include` levels deep the rendering is.
    var depth = 0

    init(
        _ variables: [String: TemplateValue], autoescape: Bool, library: TemplateLibrary, engine: TemplateEngine? = nil
    ) {
        self.engine = engine
        base = variables
        self.autoescape = autoescape
        self.library = library
    }

    func resolve(_ name: String) -> TemplateValue? {
        var level = scopes.count - 1
        while level >= 0 {
            for entry in scopes[level] where entry.name == name { return entry.value }
            level -= 1
        }
        if let value = base[name] { return value }
        // Django's builtins: True, False and None are names in every context.
        switch name {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return nil
        }
    }

    /// Every variable the template can see, the innermost scope's first (for the test
    /// client's ``TemplateRenderLog``).
    var visibleVariables: [String: TemplateValue] {
        var variables = base
        for scope in scopes {
            for entry in scope { variables[entry.name] = entry.value }
        }
        return variables
    }

    func push(_ scope: [String: TemplateValue] = [:]) {
        scopes.append(scope.map { ScopeEntry(name: $0.key, value: $0.value) })
    }
    func pop() { scopes.removeLast() }

    subscript(name: String) -> TemplateValue? {
        get { resolve(name) }
        set {
            guard !scopes.isEmpty else {
                base[name] = newValue
                return
            }
            let last = scopes.count - 1
            if let index = scopes[last].firstIndex(where: { $0.name == name }) {
                if let newValue { scopes[last][index].value = newValue } else { scopes[last].remove(at: index) }
            } else if let newValue {
                scopes[last].append(ScopeEntry(name: name, value: newValue))
            }
        }
    }

    /// Runs `body` one `extends`/`include`/`partial` level deeper; stops runaway recursion (a
    /// template that includes or extends itself, a partial that renders itself).
    func nested(_ body: () throws -> Void) throws {
        guard depth < 64 else {
            throw TemplateRenderError(
                "Templates are nested more than 64 levels deep: does a template extend or include itself, or a"
                    + " partial render itself?")
        }
        depth += 1
        defer { depth -= 1 }
        try body()
    }

    /// Runs `body` with a new innermost scope.
    func scoped<Result>(_ scope: [String: TemplateValue] = [:], _ body: () throws -> Result) rethrows -> Result {
        push(scope)
        defer { pop() }
        return try body()
    }
}
