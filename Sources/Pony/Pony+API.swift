public import PonyAPI
internal import Synchronization

// The typed JSON API, as nanodjango's `@app.api.get(...)`.
extension Pony {
    /// The app's JSON API at `/api/` (django-ninja's `NinjaAPI`): typed endpoints, validation
    /// with ninja's 422 errors, `/api/openapi.json` and the docs page at `/api/docs`.
    ///
    /// ```swift
    /// app.api.get("/hello") { _ in ["message": "Hello, world"] }
    /// app.api.post("/todos", body: TodoIn.self, status: .created) { request, todo in
    ///     try await Todo(title: todo.title).save()
    /// }
    /// ```
    ///
    /// Set another ``API`` to change its prefix, title or version (before adding endpoints):
    /// `app.api = API(prefix: "v1/", title: "Todos")`.
    public var api: API {
        get {
            state.withLock { state in
                if let api = state.api { return api }
                let api = API()
                state.api = api
                state.site = nil
                return api
            }
        }
        set {
            state.withLock {
                $0.api = newValue
                $0.site = nil
            }
        }
    }
}
