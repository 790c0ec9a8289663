internal import PonySupport

/// An endpoint's path in django-ninja's syntax (`/lists/{int:id}/todos`), with its URL
/// pattern for the router (`lists/<int:id>/todos`) and its OpenAPI form (`/lists/{id}/todos`).
struct APIPath: Sendable {
    /// The parameters in order, with their converters (`str` unless given).
    var parameters: [(name: String, converter: String)] = []
    /// The pattern for ``URLPattern/path(_:methods:name:file:line:_:)``, relative to the API's prefix.
    var pattern = ""
    /// The path as OpenAPI writes it, relative to the API's prefix.
    var openAPI = ""

    /// Reads `path`; `{name}` and `{converter:name}` are parameters, and so are Django's
    /// `<name>` and `<converter:name>`.
    init(_ path: String) {
        var text = Substring(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        while let open = text.firstIndex(where: { $0 == "{" || $0 == "<" }) {
            let close: Character = text[open] == "{" ? "}" : ">"
            pattern += text[..<open]
            openAPI += text[..<open]
            guard let end = text[open...].firstIndex(of: close) else {
                pattern += text[open...]
                openAPI += text[open...]
                text = ""
                break
            }
            let inside = text[text.index(after: open)..<end]
            let parts = inside.split(separator: ":", maxSplits: 1).map(String.init)
            let (converter, name) = parts.count == 2 ? (parts[0], parts[1]) : ("str", String(inside))
            parameters.append((name, converter))
            pattern += "<\(converter):\(name)>"
            openAPI += "{\(name)}"
            text = text[text.index(after: end)...]
        }
        pattern += text
        openAPI += text
        openAPI = "/" + openAPI
    }

    /// The schema of a parameter its converter implies.
    static func schema(converter: String) -> JSONObject {
        switch converter {
        case "int": ["type": "integer"]
        case "uuid": ["type": "string", "format": "uuid"]
        default: ["type": "string"]
        }
    }
}
