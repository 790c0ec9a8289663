internal import Foundation

/// A list setting that can replace, extend or prune its default value.
///
/// In Django, passing a list replaces the default, so adding one host means repeating all the
/// others. Here an array literal still replaces, and ``adding(_:)`` / ``removing(_:)`` edit the
/// default instead:
///
/// ```swift
/// Pony(allowedHosts: ["example.com"])                 // exactly these
/// Pony(allowedHosts: .adding("example.com"))          // the defaults plus one
/// Pony(allowedHosts: .removing("*"))                  // the defaults minus one
/// ```
public struct ListSetting<Element: Hashable & Sendable>: Sendable, ExpressibleByArrayLiteral, Equatable {
    enum Edit: Sendable, Equatable {
        case replace([Element])
        case change(adding: [Element], removing: [Element])
    }
    let edit: Edit

    /// Keep the default value.
    public static var `default`: ListSetting { ListSetting(edit: .change(adding: [], removing: [])) }

    /// Use exactly these elements.
    public init(arrayLiteral elements: Element...) { edit = .replace(elements) }

    /// Use exactly these elements.
    public static func replacing(with elements: [Element]) -> ListSetting { ListSetting(edit: .replace(elements)) }

    /// The default value plus these elements (those already present are not repeated).
    public static func adding(_ elements: Element...) -> ListSetting {
        ListSetting(edit: .change(adding: elements, removing: []))
    }

    /// The default value without these elements.
    public static func removing(_ elements: Element...) -> ListSetting {
        ListSetting(edit: .change(adding: [], removing: elements))
    }

    init(edit: Edit) { self.edit = edit }

    /// This edit followed by another (used when the environment edits the value set in code).
    public func then(_ other: ListSetting) -> ListSetting {
        switch (edit, other.edit) {
        case (_, .replace): return other
        case (.replace(let base), .change):
            return ListSetting(edit: .replace(other.resolve(base)))
        case (.change(let add, let remove), .change(let add2, let remove2)):
            return ListSetting(
                edit: .change(adding: add.filter { !remove2.contains($0) } + add2, removing: remove + remove2))
        }
    }

    /// The final list for the given default value.
    public func resolve(_ defaults: [Element]) -> [Element] {
        switch edit {
        case .replace(let elements):
            return elements
        case .change(let adding, let removing):
            var result = defaults.filter { !removing.contains($0) }
            for element in adding where !result.contains(element) && !removing.contains(element) {
                result.append(element)
            }
            return result
        }
    }

    /// Parses the environment form: `a,b` replaces; `+a,-b` adds and removes.
    static func parse(environment value: String) -> ListSetting where Element == String {
        let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items.allSatisfy({ $0.hasPrefix("+") || $0.hasPrefix("-") }), !items.isEmpty {
            return ListSetting(
                edit: .change(
                    adding: items.filter { $0.hasPrefix("+") }.map { String($0.dropFirst()) },
                    removing: items.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
                ))
        }
        return ListSetting(edit: .replace(items))
    }
}
