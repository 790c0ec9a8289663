internal import Synchronization

/// The templates rendered while a log is current, each with the variables it saw: what
/// Django's test client records from the `template_rendered` signal for
/// `response.templates` and `response.context`.
///
/// The test client makes one per request, and turns on its site's engine's
/// ``TemplateEngine/logsRenders``; other engines never look for a log. A form's widgets render
/// with an engine of their own, so they are not listed (Django lists its widget templates). A page's own template, the parents it `extends` and the
/// templates it `include`s are each one entry, in the order they start to render, as in
/// Django.
package final class TemplateRenderLog: Sendable {
    /// One template rendered.
    package struct Entry: Sendable {
        /// The template's name (`"tasks/list.html"`).
        package let name: String
        /// Every variable it could see as it started: the render's context, the scopes of the
        /// tags around an `include` (its `with` values), innermost first.
        package let context: [String: TemplateValue]
    }

    /// The log renders on this task record into.
    @TaskLocal package static var current: TemplateRenderLog?

    private let state = Mutex<[Entry]>([])

    package init() {}

    /// What was rendered, in order.
    package var entries: [Entry] { state.withLock { $0 } }

    /// How many entries there are, to ``truncate(to:)`` back to.
    package var count: Int { state.withLock { $0.count } }

    /// Forgets the entries after the first `count`: a page rendered again (to show the
    /// relations its first pass loaded) replaces its earlier pass.
    package func truncate(to count: Int) {
        state.withLock { entries in
            if entries.count > count { entries.removeSubrange(count...) }
        }
    }

    func record(_ name: String, _ context: RenderContext) {
        let entry = Entry(name: name, context: context.visibleVariables)
        state.withLock { $0.append(entry) }
    }
}
