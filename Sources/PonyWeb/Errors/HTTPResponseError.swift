/// An error that carries its own HTTP status, like Hummingbird's `HTTPResponseError`.
///
/// A view that throws such an error answers with its status (and headers) instead of a 500:
/// ``HTTPError`` adopts it, and so does the ORM's `DoesNotExist` (404), so that
/// `try await Owner.objects.get(pk: id)` in a view is Django's `get_object_or_404`. Any error
/// type of an app can adopt it too:
///
/// ```swift
/// struct OutOfStock: HTTPResponseError {
///     var status: HTTPStatus { .conflict }
///     var message: String { "That item is sold out." }
/// }
/// ```
///
/// Error pages show ``message`` in DEBUG; production pages show only the status.
public protocol HTTPResponseError: Error {
    /// The response status.
    var status: HTTPStatus { get }
    /// Extra response headers (default: none).
    var headers: Headers { get }
    /// A message for developers, shown in DEBUG pages (default: the error's description).
    var message: String { get }
}

extension HTTPResponseError {
    /// No extra headers.
    public var headers: Headers { [:] }
    /// The error's description.
    public var message: String { String(describing: self) }
}
