internal import Foundation
public import PonyCache
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb
internal import Synchronization

extension Pony {
    /// The default cache (Django's `caches["default"]`, `django.core.cache.cache`): in this
    /// process's memory unless set.
    ///
    /// ```swift
    /// app.cache = Cache(.database(table: "pony_cache"))     // shared by every worker and instance
    /// app.get("/stats/") { _ in
    ///     try await app.cache.getOrSet("stats", timeout: 60) { try await Stats.compute() }
    /// }
    /// ```
    public var cache: Cache {
        get {
            state.withLock { state in
                if let cache = state.caches["default"] { return cache }
                // NB: kept, so that a site whose caches lost "default" still has one cache.
                let cache = Cache()
                state.caches["default"] = cache
                return cache
            }
        }
        set { caches["default"] = newValue }
    }

    /// The caches by name (Django's `CACHES`); `"default"` is ``cache``.
    public var caches: [String: Cache] {
        get { state.withLock { $0.caches } }
        set { state.withLock { $0.caches = newValue } }
    }

    /// Routes added through the result answer from the cache named `cache` for `seconds`
    /// (Django's `@cache_page(seconds, cache=…, key_prefix=…)`; see ``PageCache``):
    ///
    /// ```swift
    /// app.cachePage(60 * 15).get("prices/") { _ in … }
    /// ```
    public func cachePage(_ seconds: Int, cache name: String = "default", keyPrefix: String = "") -> some RouteBuilder {
        let app = self
        return MappedRoutes(base: self) { pattern in
            // NB: looked up at the first request (the caches and the time zone may be set after
            // the routes), then kept: a lookup copied the settings on every request.
            let resolved = ResolvedPageCache()
            return pattern.wrappingViews { request, view in
                let pages = try resolved.value.withLock { kept throws(CacheError) -> PageCache in
                    if let kept { return kept }
                    guard let cache = app.caches[name] else { throw CacheError.unknownCache(name) }
                    let pages = PageCache(
                        cache: cache, timeout: seconds, keyPrefix: keyPrefix, timeZone: app.settings.timeZone)
                    kept = pages
                    return pages
                }
                return try await pages.respond(to: request, view)
            }
        }
    }

    /// Caches every page that may be cached, for its own `max-age` or else `seconds` (Django's
    /// per-site cache: `UpdateCacheMiddleware` first in `MIDDLEWARE`, `FetchFromCacheMiddleware`
    /// last, `CACHE_MIDDLEWARE_SECONDS`, `CACHE_MIDDLEWARE_ALIAS`, `CACHE_MIDDLEWARE_KEY_PREFIX`).
    /// It runs outside every other middleware, so pages that read the session vary on the
    /// cookie. A cache name that `caches` lacks stops the start (`caches.E001`).
    public func cacheSite(_ seconds: Int = 600, cache name: String = "default", keyPrefix: String = "") {
        state.withLock { $0.siteCache = (seconds, name, keyPrefix) }
    }

    /// The per-site cache's middleware, when ``cacheSite(_:cache:keyPrefix:)`` asked for it.
    static func siteCacheMiddleware(_ state: State, _ settings: ResolvedSettings) throws(ConfigurationError)
        -> [any Middleware]
    {
        guard let site = state.siteCache else { return [] }
        guard let cache = state.caches[site.cache] else {
            throw ConfigurationError(
                "app.cacheSite names the cache \"\(site.cache)\", which app.caches does not have.",
                id: "caches.E001")
        }
        return [
            CacheMiddleware(
                cache: cache, timeout: site.seconds, keyPrefix: site.keyPrefix, timeZone: settings.timeZone.identifier)
        ]
    }

    /// The caches whose backend cannot be used, such as a Redis `LOCATION` that does not
    /// parse (`caches.E002`): they stop the start, as Django's `InvalidCacheBackendError` would
    /// at the first use.
    static func cacheProblems(_ caches: [String: Cache]) -> [ConfigurationError] {
        caches.sorted { $0.key < $1.key }.compactMap { name, cache in
            cache.backend.problem.map { ConfigurationError("The cache \"\(name)\": \($0)", id: "caches.E002") }
        }
    }

    /// The tables of the database caches.
    var cacheTables: [String] {
        caches.values.compactMap { if case .database(let table, _, _) = $0.backend { table } else { nil } }
            .reduce(into: []) { tables, table in if !tables.contains(table) { tables.append(table) } }.sorted()
    }

    /// Creates the database caches' tables that are missing (after the migrations, at every
    /// start, as Django's `createcachetable` would).
    func createCacheTables(_ database: any Database, log: (String) -> Void = { _ in }) async throws {
        for table in cacheTables where try await Cache.createTable(table, in: database) {
            log("Created the cache table \(table).\n")
        }
    }

    /// Django's `createcachetable [--dry-run]`.
    var createCacheTableCommand: Command {
        Command(
            "createcachetable", usage: "[--dry-run]",
            summary: "Create the database caches' tables (Pony also does it at start-up).", usesDatabase: false
        ) { context in
            try Pony.refuseUnknown(context, "createcachetable", flags: ["--dry-run"], options: [])
            return try await self.withDatabase(context.settings) { database in
                if context.flag("--dry-run") {
                    for table in self.cacheTables {
                        let statements = Cache.creationSQL(table: table, dialect: database.dialect)
                        context.write(statements.map { $0 + ";" }.joined(separator: "\n") + "\n")
                    }
                } else {
                    try await self.createCacheTables(database, log: { context.write($0) })
                }
                return 0
            }
        }
    }
}

extension TemplateLibrary {
    /// The library with Django's `{% cache %}` tag on `caches`: a tag that names no cache uses
    /// `"template_fragments"` when there is one, else `"default"`, as Django does.
    func withCacheTag(_ caches: [String: Cache]) -> TemplateLibrary {
        var library = self
        library.registerCacheTag { name in
            guard let name else { return caches["template_fragments"] ?? caches["default"] }
            return caches[name]
        }
        return library
    }
}

/// A `cachePage` route's ``PageCache``, made at its first request.
final class ResolvedPageCache: Sendable {
    let value = Mutex<PageCache?>(nil)
}
