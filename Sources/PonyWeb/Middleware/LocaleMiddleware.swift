internal import PonySupport

/// Django's `LocaleMiddleware`: each request is answered in the language it asks for, of
/// those the site offers (``Settings/languages``).
///
/// ```swift
/// app.settings.languages = [("en", "English"), ("de", "Deutsch")]
/// app.middleware(LocaleMiddleware())
/// ```
///
/// The language is the one a language-prefixed path names (`/de/about/`, see
/// ``URLPattern/i18n(_:prefixDefaultLanguage:)``); else the `django_language` cookie's, when the
/// site offers it (the ``LocaleMiddleware/setLanguage(_:)`` view sets it); else the first
/// language of `Accept-Language` the site offers, or a variant of it (`de` for `de-at`,
/// `fr-ca` for `fr-fr`); else ``Settings/languageCode``. Views, `translate(…)` and templates'
/// `{% translate %}` then use it, and the response gets `Content-Language` and
/// `Vary: Accept-Language`. A path that is missing its language prefix is redirected (302) to
/// the prefixed one in the visitor's language, as Django does.
public struct LocaleMiddleware: Middleware {
    /// The cookie holding a visitor's choice (Django's `LANGUAGE_COOKIE_NAME`).
    public static let cookieName = "django_language"

    /// Creates the middleware.
    public init() {}

    /// Runs the request in its language.
    public func respond(to request: Request, next: Next) async throws -> Response {
        guard let site = request.site else { return try await next(request) }
        let languages = site.languages
        // NB: Django's `process_request`: a language prefix in the path comes first; without
        // one, a site whose default language goes unprefixed answers in the default language.
        let prefixing = site.resolver.prefixDefaultLanguage
        let fromPath = prefixing == nil ? nil : languages.language(fromPath: request.path)
        var language =
            fromPath
            ?? languages.language(
                cookie: request.cookies[Self.cookieName], acceptLanguage: request.headers["Accept-Language"])
        if fromPath == nil, prefixing == false { language = languages.defaultLanguage }
        let translation = languages.translation(for: language)
        var response = try await translation.activate { try await next(request) }
        if response.status == .notFound, fromPath == nil, prefixing == true,
            let redirect = Self.prefixedRedirect(request, site, language, translation)
        {
            return redirect
        }
        if prefixing == nil || fromPath == nil { response.headers.addVary("Accept-Language") }
        if response.headers["Content-Language"] == nil { response.headers["Content-Language"] = language }
        return response
    }

    /// Django's `process_response` for a 404 without a language prefix: a redirect to the
    /// path under the visitor's language when that path (or it with a slash appended) exists.
    private static func prefixedRedirect(
        _ request: Request, _ site: Site, _ language: String, _ translation: Translation
    ) -> Response? {
        let path = "/" + language + request.path
        let valid = translation.activate { site.resolver.matchesAnyRoute(path) }
        let needsSlash =
            !valid && site.settings.appendSlash && !path.hasSuffix("/")
            && translation.activate { site.resolver.matchesAnyRoute(path + "/") }
        guard valid || needsSlash else { return nil }
        let target =
            PercentEncoding.encodePath(path + (needsSlash ? "/" : ""), keepSlash: true)
            + (request.queryString.isEmpty ? "" : "?" + request.queryString)
        var redirect = Response.redirect(to: target)
        redirect.headers.addVary("Accept-Language")
        redirect.headers.addVary("Cookie")
        return redirect
    }

    /// Django's `set_language` view: a form posting `language` (and `next`) here stores the
    /// visitor's choice in the language cookie and goes back to `next`, the page it came from
    /// (`Referer`), or `/`, whichever is safe first. Mount it as Django's URLconf does:
    ///
    /// ```swift
    /// app.post("i18n/setlang/") { request in try LocaleMiddleware.setLanguage(request) }
    /// ```
    ///
    /// A language the site does not offer leaves the cookie alone. Without a safe target and
    /// for a client that does not accept HTML, the answer is 204 No Content.
    public static func setLanguage(_ request: Request) throws -> Response {
        let form = try? request.form
        var next = form?["next"] ?? request.query["next"]
        let accept = request.headers["Accept"] ?? "*/*"
        let acceptsHTML = accept.contains("text/html") || accept.contains("*/*")
        if next != nil || acceptsHTML, request.safeRedirectTarget(next ?? "") == nil {
            next = request.headers["Referer"].flatMap { request.safeRedirectTarget($0) } ?? "/"
        }
        let language = form?["language"] ?? ""
        let languages = request.site?.languages
        // NB: as Django's, a page under a language prefix comes back under the new language's.
        if let site = request.site, let target = next, !language.isEmpty, languages?.isOffered(language) == true,
            site.resolver.prefixDefaultLanguage != nil
        {
            next = site.resolver.translate(target, into: languages?.translation(for: language) ?? .untranslated)
        }
        var response = next.map { Response.redirect(to: $0) } ?? Response(status: .noContent)
        if request.method == .post, !language.isEmpty, let languages, languages.isOffered(language) {
            try response.setCookie(cookieName, language, httpOnly: false, sameSite: nil)
        }
        return response
    }
}
