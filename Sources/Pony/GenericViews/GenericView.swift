internal import Foundation
internal import PonyORM
public import PonyWeb

/// A view made of settings rather than code: Django's class-based generic views
/// (``ListView``, ``DetailView``, ``CreateView``, ``UpdateView``, ``DeleteView``), routed with
/// `app.route(pattern, view)` as Django routes `View.as_view()`.
///
/// ```swift
/// app.route("posts/", name: "post-list", ListView(Post.objects.orderBy("-published"), paginateBy: 20))
/// app.route("posts/<int:pk>/", name: "post-detail", DetailView(Post.objects.all()))
/// ```
public protocol GenericView: Sendable {
    /// The methods the view answers (others get 405 with `Allow`, as Django's
    /// `http_method_not_allowed`).
    var methods: [HTTPMethod] { get }
    /// The view's answer to `request`.
    func response(for request: Request) async throws -> Response
}

extension GenericView {
    /// `GET` (and `HEAD`), the methods a page that only shows answers.
    public var methods: [HTTPMethod] { [.get] }
}

extension RouteBuilder {
    /// Routes `pattern` to a generic view (Django's `path(pattern, ListView.as_view(…))`).
    public func route(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line, _ view: some GenericView
    ) {
        add(.path(pattern, methods: view.methods, name: name, file: file, line: line, view.response(for:)))
    }
}

/// What the single-object views share (Django's `SingleObjectMixin`): finding the row the URL
/// names, and the names its template and context use.
enum SingleObject<M: Model> {
    /// `post`: the model's name in lower case (Django's `model_name`).
    static var modelName: String { M.schemaInfo.name.lowercased() }

    /// `blog/post_detail.html` for the suffix `_detail` (Django's default template names).
    static func templateName(_ suffix: String) -> String { "\(M.schemaInfo.appLabel)/\(modelName)\(suffix).html" }

    /// The row of `query` that the URL's `pk` (or `slug`) names, or a 404 in Django's words
    /// (Django's `get_object`).
    static func object(
        _ request: Request, _ query: QuerySet<M>, lookup: ObjectLookup
    ) async throws -> M {
        var query = query
        let pk = request.parameters[lookup.pkParameter]
        let slug = request.parameters[lookup.slugParameter]
        let missing = HTTPError.notFound("No \(M.schemaInfo.verboseName) found matching the query")
        if let pk {
            guard let condition = keyCondition(pk) else { throw missing }
            query = query.filter(condition)
        }
        if let slug, pk == nil || lookup.pkAndSlug { query = query.filter(lookup.slugField, slug) }
        guard pk != nil || slug != nil else {
            throw HTTPError(
                .internalServerError,
                "A generic detail view must be routed with an object pk or a slug in the URL pattern: "
                    + "add <int:\(lookup.pkParameter)> or <slug:\(lookup.slugParameter)>.")
        }
        do {
            return try await query.get()
        } catch is DoesNotExist {
            throw missing
        }
    }

    /// The condition that the primary key is `text`, read as the key's type; `nil` when it
    /// cannot be one (`abc` for a number), which no row matches.
    private static func keyCondition(_ text: String) -> Q? {
        switch M.schemaInfo.primaryKey.type {
        case .integer, .bigInteger, .smallInteger, .positiveInteger, .positiveBigInteger, .positiveSmallInteger, .auto,
            .bigAuto:
            Int64(text).map { Q("pk", $0) }
        case .uuid: UUID(uuidString: text).map { Q("pk", $0) }
        default: Q("pk", text)
        }
    }
}

/// How a single-object view finds its row from the URL (Django's `pk_url_kwarg`,
/// `slug_url_kwarg`, `slug_field` and `query_pk_and_slug`).
public struct ObjectLookup: Sendable, Hashable {
    /// The URL parameter with the primary key (`pk`).
    public var pkParameter: String
    /// The URL parameter with the slug (`slug`).
    public var slugParameter: String
    /// The model field the slug is matched against (`slug`).
    public var slugField: String
    /// Whether a URL with both a key and a slug must match both (Django's default: the key alone).
    public var pkAndSlug: Bool

    /// A lookup; the defaults are Django's.
    public init(
        pkParameter: String = "pk", slugParameter: String = "slug", slugField: String = "slug", pkAndSlug: Bool = false
    ) {
        self.pkParameter = pkParameter
        self.slugParameter = slugParameter
        self.slugField = slugField
        self.pkAndSlug = pkAndSlug
    }
}
