internal import Synchronization

/// What a template reached for that was not loaded yet (a model's relation), gathered during
/// one render pass and loaded, in batches, before the next.
///
/// Templates render without awaiting, yet Django templates follow relations
/// (`{{ task.owner.name }}`, `{% for t in owner.tasks.all %}`) by querying as they go. Pony
/// renders a page in passes instead: a pass that reaches an unloaded relation records it here
/// (with a loader shared by every instance of that relation) and shows what is known; the
/// loads run, one query per relation rather than one per row; the page renders again with
/// them, until a pass needs nothing new. `render(request, …)` drives the passes; outside it
/// (``current`` is `nil`), a template shows only what was loaded.
package final class TemplateLoads: Sendable {
    /// The loads of the render in progress.
    @TaskLocal package static var current: TemplateLoads?

    /// Loads the values of a group, given the payloads recorded for its keys; returns each
    /// key's value.
    package typealias Loader = @Sendable ([any Sendable]) async throws -> [String: TemplateValue]

    private struct Pending {
        let loader: Loader
        var keys: Set<String> = []
        /// In the order they were asked for.
        var payloads: [any Sendable] = []
    }

    private struct State {
        var loaded: [String: [String: TemplateValue]] = [:]
        var pending: [String: Pending] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// The value loaded for `key` of `group` in an earlier pass.
    package func value(group: String, key: String) -> TemplateValue? {
        state.withLock { $0.loaded[group]?[key] }
    }

    /// Asks for `key` of `group` to be loaded before the next pass; `payload` is what the
    /// group's `loader` needs to load it (the instance whose relation it is).
    package func request(group: String, key: String, payload: any Sendable, loader: @escaping Loader) {
        state.withLock { state in
            guard state.loaded[group]?[key] == nil else { return }
            var batch = state.pending[group] ?? Pending(loader: loader)
            if batch.keys.insert(key).inserted { batch.payloads.append(payload) }
            state.pending[group] = batch
        }
    }

    /// Whether the last pass asked for anything.
    package var hasPending: Bool { state.withLock { !$0.pending.isEmpty } }

    /// Runs each group's loader once, for every key asked for since the last call. A key its
    /// loader does not answer is `None` from then on (it is not asked for again).
    package func loadPending() async throws {
        let pending = state.withLock { state in
            defer { state.pending = [:] }
            return state.pending
        }
        for (group, batch) in pending.sorted(by: { $0.key < $1.key }) {
            let values = try await batch.loader(batch.payloads)
            state.withLock { state in
                for key in batch.keys { state.loaded[group, default: [:]][key] = values[key] ?? .null }
            }
        }
    }
}
