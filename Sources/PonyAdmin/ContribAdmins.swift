internal import Foundation
internal import PonyAuth
internal import PonyForms
internal import PonyORM

// How the admin shows the sites, redirects and flat pages apps' models (their `admin.py`s),
// registered when those apps are installed, unless the app registers the model itself.

extension AdminSite {
    /// The site with the admins of the installed contrib apps (`sites`, `redirects`,
    /// `flatpages`) that `labels` names, for models not registered already.
    public func registeringContribModels(installed labels: Set<String>) -> AdminSite {
        var site = self
        if labels.contains("sites"), !isRegistered(Sites.Site.self) { site.register(Sites.Site.self, Self.siteAdmin) }
        if labels.contains("redirects"), !isRegistered(Redirect.self) {
            site.register(Redirect.self, Self.redirectAdmin)
        }
        if labels.contains("flatpages"), !isRegistered(FlatPage.self) {
            site.register(FlatPage.self, Self.flatPageAdmin)
        }
        return site
    }

    /// Django's `SiteAdmin`.
    static var siteAdmin: ModelAdmin<Sites.Site> {
        var admin = ModelAdmin<Sites.Site>()
        admin.listDisplay = ["domain", "name"]
        admin.searchFields = ["domain", "name"]
        return admin
    }

    /// Django's `RedirectAdmin`.
    static var redirectAdmin: ModelAdmin<Redirect> {
        var admin = ModelAdmin<Redirect>()
        admin.listDisplay = ["oldPath", "newPath"]
        admin.listFilter = ["site"]
        admin.searchFields = ["oldPath", "newPath"]
        return admin
    }

    /// Django's `FlatPageAdmin`, with its form's checks of the URL.
    static var flatPageAdmin: ModelAdmin<FlatPage> {
        var admin = ModelAdmin<FlatPage>()
        admin.form = FlatPageForm.self
        admin.fieldsets = [
            AdminFieldset(nil, ["url", "title", "content", "sites"]),
            AdminFieldset("Advanced options", ["registrationRequired", "templateName"], classes: ["collapse"]),
        ]
        admin.listDisplay = ["url", "title"]
        admin.listFilter = ["sites", "registrationRequired"]
        admin.searchFields = ["url", "title"]
        return admin
    }
}

/// Django's `FlatpageForm`: a URL of letters, digits, `-`, `_`, `.`, `/` and `~`, with
/// leading and trailing slashes (Pony appends slashes unless told not to).
final class FlatPageForm: ModelForm<FlatPage> {
    override func clean(field name: String) throws(ValidationError) {
        guard name == "url", let url = cleaned(\.url) else { return }
        if let message = Self.problem(url) { throw ValidationError(message) }
    }

    /// Django's `FlatpageForm.clean`: no other page of the same site has the URL.
    override func cleanWithDatabase() async throws {
        guard let url = cleaned(\.url), let chosen = cleanedData["sites"] as? [String] else { return }
        var sameURL = FlatPage.objects.filter("url", url)
        if let id = instance?.id { sameURL = sameURL.exclude(Q("id", id)) }
        let sites = try await Sites.Site.objects.filter("id__in", chosen.compactMap { Int($0) }).fetch()
        for site in sites where try await sameURL.filter("sites", site.id).exists() {
            throw ValidationError(
                AdminText.format(
                    "Flatpage with url %(url)s already exists for site %(site)s", ["url": url, "site": site.domain]))
        }
    }

    /// What is wrong with `url`, in Django's words, or `nil`.
    static func problem(_ url: String) -> String? {
        // NB: Python's `\w`: letters (the `L` categories), numbers and `_`.
        let allowed = url.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
            default: "-/.~_".unicodeScalars.contains(scalar) || scalar.properties.numericType != nil
            }
        }
        if url.isEmpty || !allowed {
            return AdminText.text(
                "This value must contain only letters, numbers, dots, underscores, dashes, slashes or tildes.")
        }
        if !url.hasPrefix("/") { return AdminText.text("URL is missing a leading slash.") }
        if !url.hasSuffix("/") { return AdminText.text("URL is missing a trailing slash.") }
        return nil
    }
}
