/// A field of an endpoint's `input:` type read from a request header (django-ninja's
/// `Header()`), validated like any other field and listed as an `in: header` parameter.
///
/// ```swift
/// struct Paging: Decodable, Sendable {
///     @Header var userAgent: String          // User-Agent, required
///     @Header var xRequestID: UUID?          // X-Request-ID, optional
///     var page: Int?                         // ?page=
/// }
/// app.api.get("/items", input: Paging.self) { request, paging in … }
/// ```
///
/// The header's name is the field's coding key with its words joined by hyphens
/// (`userAgent` is `User-Agent`, `accept_language` is `Accept-Language`); a key that already
/// holds a hyphen (`case agent = "X-Agent"` in `CodingKeys`) is used as written. Names are
/// matched without regard to case. An array field takes every value of the header. A missing
/// header is a 422 at `["header", key]`, unless the field is optional.
@propertyWrapper
public struct Header<Value: Decodable & Sendable>: Decodable, Sendable {
    /// The header's value.
    public var wrappedValue: Value

    /// A field holding `wrappedValue`.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    /// Reads the value the header holds.
    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// Reads an optional ``Header`` field: a missing header is `nil`, not an error
    /// (synthesised `Decodable` code asks for a wrapped property with `decode`).
    public func decode<Wrapped>(_ type: Header<Wrapped?>.Type, forKey key: Key) throws -> Header<Wrapped?> {
        Header(wrappedValue: try decodeIfPresent(Header<Wrapped>.self, forKey: key)?.wrappedValue)
    }
}

/// ``Header`` fields, which the schema sampler records as header parameters.
protocol HeaderField {}
extension Header: HeaderField {}

/// The HTTP header a ``Header`` field with coding key `key` reads: `userAgent` → `User-Agent`.
func headerName(_ key: String) -> String {
    if key.contains("-") { return key }
    var words: [String] = []
    var word = ""
    let characters = Array(key)
    for (index, character) in characters.enumerated() {
        if character == "_" {
            if !word.isEmpty { words.append(word) }
            word = ""
            continue
        }
        // A capital starts a word unless it continues a run of capitals ("ID" in "xRequestID"),
        // and the last capital of a run starts the next word when lower case follows ("HTTPVersion").
        let previous = index > 0 ? characters[index - 1] : nil
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if character.isUppercase, let previous, previous != "_",
            !previous.isUppercase || (next?.isLowercase ?? false)
        {
            if !word.isEmpty { words.append(word) }
            word = ""
        }
        word.append(character)
    }
    if !word.isEmpty { words.append(word) }
    return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
}
