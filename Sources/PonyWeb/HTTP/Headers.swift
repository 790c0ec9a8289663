internal import Foundation
internal import HTTPTypes

/// HTTP header fields: ordered, case-insensitive by name, and allowing repeated names.
///
/// ```swift
/// request.headers["Content-Type"]          // first value, or nil
/// response.headers["Cache-Control"] = "no-store"
/// response.headers.add("Vary", "Cookie")
/// ```
public struct Headers: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    var fields: HTTPFields

    init(fields: HTTPFields) { self.fields = fields }

    /// Creates an empty set of headers.
    public init() { fields = HTTPFields() }

    /// Creates headers from a literal such as `["Content-Type": "text/plain"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = HTTPFields()
        for (name, value) in elements { add(name, value) }
    }

    /// The first value for `name`, or `nil`; setting replaces every value (`nil` removes them).
    ///
    /// Invalid header names are ignored, as are values with line breaks (they would allow
    /// response splitting).
    public subscript(name: String) -> String? {
        get { HTTPField.Name(name).flatMap { fields.value($0) } }
        set {
            guard let field = HTTPField.Name(name) else { return }
            fields[field] = newValue.flatMap(Self.sanitised)
        }
    }

    /// All values for `name`, in order.
    public func values(for name: String) -> [String] {
        HTTPField.Name(name).map { fields[values: $0] } ?? []
    }

    /// Whether a header named `name` is present.
    public func contains(_ name: String) -> Bool {
        HTTPField.Name(name).map { fields.contains($0) } ?? false
    }

    /// Appends a value for `name`, keeping existing ones (as needed for `Set-Cookie`).
    public mutating func add(_ name: String, _ value: String) {
        guard let field = HTTPField.Name(name), let value = Self.sanitised(value) else { return }
        fields.append(HTTPField(name: field, value: value))
    }

    /// Removes every value for `name`.
    public mutating func remove(_ name: String) {
        guard let field = HTTPField.Name(name) else { return }
        fields[field] = nil
    }

    // NB: the server's own lookups name their fields with HTTPTypes' constants: a `String`
    // name is checked and lower-cased again on every lookup.

    /// The first value of the field `name`, or `nil`.
    subscript(field name: HTTPField.Name) -> String? { fields.value(name) }

    /// How many fields are named `name` (without making an array of their values).
    func count(of name: String) -> Int {
        guard let name = HTTPField.Name(name) else { return 0 }
        var count = 0
        for field in fields where field.name == name { count += 1 }
        return count
    }

    /// The number of header fields, counting repeated names.
    public var count: Int { fields.count }

    /// Iterates `(name, value)` pairs in order.
    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        fields.lazy.map { (name: $0.name.rawName, value: $0.value) }.makeIterator()
    }

    /// `Name: value` lines.
    public var description: String {
        fields.map { "\($0.name.rawName): \($0.value)" }.joined(separator: "\n")
    }

    private static func sanitised(_ value: String) -> String? {
        value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) ? nil : value
    }
}

extension HTTPFields {
    /// `self[name]`: the value of the field `name`, or the values of repeated fields joined as
    /// HTTPTypes joins them; `nil` without one.
    ///
    /// NB: HTTPTypes' subscript walks the fields twice and builds the joined string even for one
    /// field, as a name nearly always has; that was 4% of a JSON POST's CPU time.
    func value(_ name: HTTPField.Name) -> String? {
        guard let first = firstIndex(where: { $0.name == name }) else { return nil }
        if self[index(after: first)...].contains(where: { $0.name == name }) { return self[name] }
        return self[first].value
    }
}

extension Headers {
    /// Adds `field` to the `Vary` header unless it is there already or `Vary` is `*`
    /// (Django's `patch_vary_headers`).
    public mutating func addVary(_ field: String) {
        let existing = values(for: "Vary").flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        if existing.contains("*") || existing.contains(where: { $0.caseInsensitiveCompare(field) == .orderedSame }) {
            return
        }
        remove("Vary")
        add("Vary", (existing + [field]).joined(separator: ", "))
    }
}
