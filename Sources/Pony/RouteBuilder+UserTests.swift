public import PonyAuth
internal import PonyWeb

extension RouteBuilder {
    /// Routes added through the result answer only users `test` accepts (Django's
    /// `@user_passes_test`); anyone else, logged in or not, is sent to the login page
    /// (`loginURL`, else the auth app's) with `?next=` the page asked for.
    ///
    /// ```swift
    /// app.userPassesTest { $0.email.hasSuffix("@example.com") }.get("reports/") { request in … }
    /// ```
    public func userPassesTest(
        loginURL: String? = nil, _ test: @escaping @Sendable (User) async throws -> Bool
    ) -> some RouteBuilder {
        UserTestedRoutes(base: self, loginURL: { _ in loginURL }, test: test)
    }

    /// Routes added through the result answer only active staff (Django admin's
    /// `@staff_member_required`); others go to the admin's login page, or the auth app's
    /// when the admin is not installed.
    public var staffMemberRequired: some RouteBuilder {
        UserTestedRoutes(
            base: self, loginURL: { request in try? request.reverse("admin:login") },
            test: { $0.isActive && $0.isStaff })
    }
}

/// A route builder whose routes call their view only for users `test` accepts.
struct UserTestedRoutes<Base: RouteBuilder>: RouteBuilder {
    let base: Base
    let loginURL: @Sendable (Request) -> String?
    let test: @Sendable (User) async throws -> Bool

    func add(_ pattern: URLPattern) {
        base.add(
            pattern.wrappingViews { [loginURL, test] request, view in
                guard try await test(request.user) else {
                    return AuthChecks.redirectToLogin(request, loginURL: loginURL(request))
                }
                return try await view(request)
            })
    }
}
