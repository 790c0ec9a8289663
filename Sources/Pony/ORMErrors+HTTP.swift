public import PonyORM
public import PonyWeb

// NB: here, where both modules meet, so that the ORM does not depend on the web layer.

extension DoesNotExist: HTTPResponseError {
    /// 404, as Django's `get_object_or_404` answers.
    public var status: HTTPStatus { .notFound }
    /// "Owner matching query does not exist."
    public var message: String { description }
}

extension MultipleObjectsReturned: HTTPResponseError {
    /// 500: more than one row for `get()` is a bug in the app, as in Django.
    public var status: HTTPStatus { .internalServerError }
    /// "get() returned more than one Owner -- it returned 2!"
    public var message: String { description }
}

extension InvalidPage: HTTPResponseError {
    /// 404, as Django's `ListView` answers a page number that names no page.
    public var status: HTTPStatus { .notFound }
}

extension LookupValueError: HTTPResponseError {
    /// 400: the value came from the request more often than not (`filter("id", parameter)`),
    /// where Django's `ValueError` would be a 500.
    public var status: HTTPStatus { .badRequest }
}
