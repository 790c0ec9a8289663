public import PonyWeb

/// A field's value as its widget reads it from submitted data and writes it into HTML
/// (Django's `value_from_datadict` and `format_value`).
public enum WidgetValue: Sendable, Equatable {
    /// Nothing submitted, no initial value (Python's `None`).
    case none
    /// One text value.
    case text(String)
    /// Several values (a multiple select, checkboxes).
    case list([String])
    /// A checkbox's state.
    case bool(Bool)
    /// A file input's value: an upload, a stored file, or a request to clear it.
    case file(FileInputValue)

    /// Whether it is one of Django's `EMPTY_VALUES` (`None`, `""`, `[]`).
    var isEmpty: Bool {
        switch self {
        case .none: true
        case .text(let text): text.isEmpty
        case .list(let values): values.isEmpty
        case .bool: false
        case .file: false
        }
    }

    /// The value as Python's `str()` writes it.
    var text: String? {
        switch self {
        case .none: nil
        case .text(let text): text
        case .bool(let value): value ? "True" : "False"
        case .list(let values): "[" + values.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .file(.stored(let name, _)): name
        case .file(.upload(let file)): file.name
        case .file(.clear), .file(.contradiction): "False"
        }
    }
}

/// One option of a choice field: the value submitted and the label shown.
///
/// Options with a `group` are shown under it (`<optgroup label="Audio">`, Django's grouped
/// choices); ``group(_:_:)`` makes them:
///
/// ```swift
/// @ChoiceField(choices: Choice.group("Audio", [("vinyl", "Vinyl"), ("cd", "CD")]) + [Choice("other", "Other")])
/// var media: String
/// ```
public struct Choice: Sendable, Equatable {
    /// The submitted value.
    public var value: String
    /// What people see.
    public var label: String
    /// The group it is shown under, if any.
    public var group: String?

    /// An option.
    public init(_ value: String, _ label: String, group: String? = nil) {
        self.value = value
        self.label = label
        self.group = group
    }

    /// Options shown together under `name` (Django's `("Audio", (("vinyl", "Vinyl"), …))`).
    public static func group(_ name: String, _ pairs: [(String, String)]) -> [Choice] {
        pairs.map { Choice($0.0, $0.1, group: name) }
    }
}

/// What a file input holds (Django's upload, `FieldFile`, `False` and `FILE_INPUT_CONTRADICTION`).
public enum FileInputValue: Sendable, Equatable {
    /// A file sent with the form.
    case upload(UploadedFile)
    /// A file already stored (a model's), shown as "Currently: <a href=url>name</a>".
    case stored(name: String, url: String)
    /// The "Clear" checkbox was ticked without a new file: remove the stored one.
    case clear
    /// The "Clear" checkbox was ticked and a new file sent.
    case contradiction
}
