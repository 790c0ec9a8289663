internal import PonySupport

/// Django's `LocaleMiddleware`: each request is answered in the language it asks for, of
/// those the site offers (``Settings/languages``).
///
/// ```swift
/// app.settings.languages = [("en", "English"), ("de", "Deutsch")]
/// app.middleware(LocaleMiddleware())
/// ```
///
/// The language is the `django_language` cookie's, when the site offers it (the
/// ``LocaleMiddleware/setLanguage(_:)`` view sets it); else the first language of
/// `Accept-Language` the site offers, or a variant of it (`de` for `de-at`, `fr-ca` for
/// `fr-fr`); else ``Settings/languageCode``. Views, `translate(…)` and templates' `{% translate %}`
/// then use it, and the response gets `Content-Language` and `Vary: Accept-Language`.
public struct LocaleMiddleware: Middleware {
    /// The cookie holding a visitor's choice (Django's `LANGUAGE_COOKIE_NAME`).
    public static let cookieName = "django_language"

    /// Creates the middleware.
    public init() {}

    /// Runs the request in its language.
    public func respond(to request: Request, next: Next) async throws -> Response {
        guard let languages = request.site?.languages else { return try await next(request) }
        let language = languages.language(
            cookie: request.cookies[Self.cookieName], acceptLanguage: request.headers["Accept-Language"])
        var response = try await languages.translation(for: language).activate { try await next(request) }
        response.headers.addVary("Accept-Language")
        if response.headers["Content-Language"] == nil { response.headers["Content-Language"] = language }
        return response
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
        var response = next.map { Response.redirect(to: $0) } ?? Response(status: .noContent)
        if request.method == .post, let language = form?["language"], !language.isEmpty,
            let languages = request.site?.languages, languages.isOffered(language)
        {
            try response.setCookie(cookieName, language, httpOnly: false, sameSite: nil)
        }
        return response
    }
}
