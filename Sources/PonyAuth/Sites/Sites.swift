public import PonyORM
public import PonyWeb

/// Django's `django.contrib.sites`: the ``Site`` model (a domain and a display name, in
/// `django_site`) and the site a request is for, which the redirects and flat pages apps
/// look their rows up by.
///
/// ```swift
/// app.install(.sites())                      // SITE_ID = 1
/// let site = try await Sites.current(request)  // get_current_site(request)
/// ```
public enum Sites {
    /// A site (Django's `sites.Site`): the domain it answers on and the name it shows.
    @Model(
        modelName: "Site", table: "django_site", appLabel: "sites", ordering: ["domain"], verboseName: "site",
        naturalKey: ["domain"])
    public struct Site {
        /// The 32-bit key Django's `sites` app uses; Django's `SITE_ID` names one.
        public var id: Int32?
        /// The domain name (`example.com`), unique and without blanks.
        @Field(maxLength: 100, unique: true, verboseName: "domain name", validators: [Sites.validateDomain])
        public var domain: String
        /// The display name.
        @Field(maxLength: 50, verboseName: "display name") public var name: String

        /// How it prints: its domain (Django's `__str__`).
        public var text: String { domain }
    }

    /// Which site a request is for: the one with ``id`` (Django's `SITE_ID`), or with `nil`,
    /// the one whose domain is the request's host.
    struct Configuration: Sendable {
        let id: Int32?
    }

    enum ConfigurationKey: RequestStorageKey {
        typealias Value = Configuration
    }

    /// The site `request` is for (Django's `get_current_site`): with the sites app installed,
    /// the row its `id:` names, or without one, the row whose domain is the request's host
    /// (compared without case, then without the port); without the app, a site that is not
    /// stored, whose domain and name are the host (Django's `RequestSite`, `id` `nil`).
    ///
    /// Unlike Django's, the row is read each time rather than kept in the process: with
    /// several workers, a kept row would outlive a change made through another one.
    ///
    /// - Throws: ``PonyORM/ObjectDoesNotExist`` when no row matches, as Django's does.
    public static func current(_ request: Request) async throws -> Site {
        let host = request.host ?? ""
        guard let configuration = request.storage[ConfigurationKey.self] else {
            var site = Site(domain: host, name: host)
            site.id = nil
            return site
        }
        if let id = configuration.id { return try await Site.objects.get(pk: id) }
        if let site = try await Site.objects.filter("domain__iexact", host).first() { return site }
        return try await Site.objects.get("domain__iexact", Self.domain(of: host))
    }

    /// Django's `split_domain_port(host)[0]`: the host without its port, lower-cased
    /// (`[::1]` keeps its brackets); empty when the host is malformed.
    static func domain(of host: String) -> String {
        let host = host.lowercased()
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "" }
            return String(host[...close])
        }
        guard let colon = host.lastIndex(of: ":") else { return host.hasSuffix(".") ? String(host.dropLast()) : host }
        let domain = host[..<colon]
        return domain.hasSuffix(".") ? String(domain.dropLast()) : String(domain)
    }

    /// Django's `_simple_domain_name_validator`: a domain holds no whitespace.
    @Sendable static func validateDomain(_ value: DatabaseValue) throws {
        guard case .text(let domain) = value else { return }
        if domain.unicodeScalars.contains(where: { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }) {
            throw ValidationError("The domain name cannot contain any spaces or tabs.")
        }
    }

    /// Django's `create_default_site` (run after `migrate`): with no site stored, the site
    /// `example.com` under the key `id` (Django's `SITE_ID`, else 1), and PostgreSQL's
    /// sequence moved past it.
    static func createDefaultSite(id: Int32?) async throws {
        guard try await Site.objects.count() == 0 else { return }
        var site = Site(domain: "example.com", name: "example.com")
        site.id = id ?? 1
        try await site.save()
        try await Fixtures.resetSequence(Site.schemaInfo, try ORM.requireDatabase())
    }
}

extension AppConfig {
    /// Django's `django.contrib.sites`: `django_site`, with Django's two migrations.
    public static let sites = AppConfig(
        label: "sites", models: [Sites.Site.self],
        migrations: BuiltInMigrations.decode([
            "0001_initial": #"""
            {"initial": true, "dependencies": [], "operations": [
              {"type": "CreateModel", "name": "Site", "table": "django_site", "fields": [
                {"name": "id", "type": "AutoField", "primary_key": true},
                {"name": "domain", "type": "CharField", "max_length": 100},
                {"name": "name", "type": "CharField", "max_length": 50}]}]}
            """#,
            "0002_alter_domain_unique": #"""
            {"dependencies": ["0001_initial"], "operations": [
              {"type": "AlterField", "model_name": "site",
               "field": {"name": "domain", "type": "CharField", "max_length": 100, "unique": true}}]}
            """#,
        ]))
}

extension App {
    /// Django's `django.contrib.sites`: the `django_site` table, with the site `example.com`
    /// made after the first `migrate` (change it in the admin), and ``Sites/current(_:)``.
    /// `id` is Django's `SITE_ID`: the site every request is for; `nil` picks the site whose
    /// domain is the request's host.
    public static func sites(id: Int32? = 1) -> App {
        let configuration = Sites.Configuration(id: id)
        var app = App(config: .sites) { _ in [SiteMiddleware(configuration: configuration)] }
        app.afterMigrate = { try await Sites.createDefaultSite(id: id) }
        return app
    }
}

/// Tells the request which site it is for (what ``Sites/current(_:)`` reads); it queries
/// nothing.
struct SiteMiddleware: Middleware {
    let configuration: Sites.Configuration

    func respond(to request: Request, next: Next) async throws -> Response {
        var request = request
        request.storage[Sites.ConfigurationKey.self] = configuration
        return try await next(request)
    }
}
