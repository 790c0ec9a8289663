internal import PonyORM
internal import PonySupport
public import PonyWeb

/// What a file field cleaned to, for code that stores it (a ``ModelForm``'s `save`).
public enum FileChange: Sendable, Equatable {
    /// A new file was sent.
    case upload(UploadedFile)
    /// Nothing was sent: the stored file (by its storage name) stays.
    case keep(String)
    /// The "Clear" checkbox was ticked: the stored file goes.
    case clear

    /// The new upload, if any.
    public var upload: UploadedFile? {
        if case .upload(let file) = self { return file }
        return nil
    }
}

/// The spec of a file field: Django's `FileField.clean(data, initial)`.
func fileSpec(
    required: Bool, label: String?, initial: String?, helpText: String, disabled: Bool, widget: Widget,
    maxLength: Int?, allowEmptyFile: Bool, maxSize: Int?, mediaURL: String,
    checks: [@Sendable (UploadedFile) -> String?] = [], validators: [Validator<UploadedFile>]
) -> FieldSpec {
    let storage = FileStorage(location: "", baseURL: mediaURL)
    var widget = widget
    widget.isRequired = required
    var spec = FieldSpec(
        required: required, label: label, helpText: helpText, initial: initial, disabled: disabled, widget: widget,
        toValue: { _ in nil },
        prepare: { value in
            switch value {
            case let name as String where !name.isEmpty: .file(.stored(name: name, url: storage.url(name)))
            case let change as FileChange:
                if case .keep(let name) = change { .file(.stored(name: name, url: storage.url(name))) } else { .none }
            default: .none
            }
        })
    var sizeChecks: [@Sendable (UploadedFile) -> String?] = []
    if let maxLength {
        sizeChecks.append { file in
            let length = pythonLength(file.name)
            return length > maxLength
                ? ValidationMessages.maxFileNameLength(maxLength, length)
                : nil
        }
    }
    if !allowEmptyFile { sizeChecks.append { $0.size == 0 ? ValidationMessages.emptyFile : nil } }
    if let maxSize {
        sizeChecks.append {
            $0.size > maxSize ? "Ensure this file is at most \(maxSize) bytes (it has \($0.size))." : nil
        }
    }
    let firstChecks = sizeChecks
    spec.cleanWithInitial = { value, initial throws(ValidationError) in
        var value = value
        switch value {
        case .file(.contradiction):
            throw ValidationError(ValidationMessages.fileContradiction)
        case .file(.clear):
            if !required { return FileChange.clear }
            value = .none
        default:
            break
        }
        guard case .file(.upload(let file)) = value else {
            if case .file(.stored(let name, _)) = initial { return FileChange.keep(name) }
            if required { throw ValidationError(ValidationMessages.required) }
            return nil
        }
        // NB: as Django's to_python: a nameless file is no file, and the name and size checks
        // stop at the first failure; then the other checks.
        if file.name.isEmpty { throw ValidationError(ValidationMessages.noFile) }
        if let message = firstChecks.lazy.compactMap({ $0(file) }).first { throw ValidationError(message) }
        try runChecks(file, checks, validators)
        return FileChange.upload(file)
    }
    return spec
}

/// Django's `FileField`: a file sent with the form (`enctype="multipart/form-data"`), read
/// from the request's files: `MyForm(data: try request.form, files: try request.files)`.
///
/// ```swift
/// @FileField var attachment: UploadedFile?              // optional
/// @FileField(maxSize: 5_000_000) var report: UploadedFile
/// ```
///
/// With a stored file as the initial value (a model form editing a row), the input shows
/// "Currently: <link>" and, unless required, a "Clear" checkbox; leaving it empty keeps the
/// file. `$attachment.cleaned` is then a ``FileChange``.
@propertyWrapper public struct FileField<Value: FileFormValue>: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// A file field; `required` defaults to whether `Value` is not optional. `maxLength`
    /// limits the file name, `maxSize` the size in bytes (a Pony addition), `mediaURL` is
    /// where stored initial files are linked.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = nil, allowEmptyFile: Bool = false, maxSize: Int? = nil,
        mediaURL: String = "/media/", widget: Widget = .clearableFileInput(),
        validators: [Validator<UploadedFile>] = [], errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            fileSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: maxLength, allowEmptyFile: allowEmptyFile,
                maxSize: maxSize, mediaURL: mediaURL, validators: validators), errorMessages: errorMessages)
    }

    /// The new upload (`nil` when none was sent, or the stored file was kept or cleared).
    public var wrappedValue: Value {
        get { Value.from((field.cleaned as? FileChange)?.upload) }
        nonmutating set { field.cleaned = newValue.upload.map(FileChange.upload) }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// What a file field's property can be: `UploadedFile` (required) or `UploadedFile?`.
public protocol FileFormValue: Sendable {
    /// Whether the type is an `Optional`.
    static var isOptional: Bool { get }
    /// The property's value for a cleaned upload.
    static func from(_ upload: UploadedFile?) -> Self
    /// The upload, if any.
    var upload: UploadedFile? { get }
}

extension UploadedFile: FileFormValue {
    /// Not optional.
    public static var isOptional: Bool { false }
    /// The upload; an empty file before the form is valid.
    public static func from(_ upload: UploadedFile?) -> UploadedFile { upload ?? UploadedFile(name: "", bytes: []) }
    /// The file itself.
    public var upload: UploadedFile? { self }
}

extension Optional: FileFormValue where Wrapped == UploadedFile {
    /// Optional.
    public static var isOptional: Bool { true }
    /// The upload.
    public static func from(_ upload: UploadedFile?) -> UploadedFile? { upload }
    /// The upload.
    public var upload: UploadedFile? { self }
}

/// Django's `ImageField`, without an image library: a ``FileField`` whose file must start
/// with the signature of an image format (PNG, JPEG, GIF, WebP, BMP, ICO, TIFF, AVIF) and
/// have an image extension. The input gets `accept="image/*"`. Pixels are not decoded, so a
/// file with a valid header and a corrupt body passes; re-encode images you serve to others.
@propertyWrapper public struct ImageField<Value: FileFormValue>: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// The extensions an image may have.
    public static var allowedExtensions: [String] {
        ["avif", "bmp", "gif", "ico", "jfif", "jpe", "jpeg", "jpg", "png", "tif", "tiff", "webp"]
    }

    /// An image field; `required` defaults to whether `Value` is not optional.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = nil, maxSize: Int? = nil, mediaURL: String = "/media/",
        widget: Widget = .clearableFileInput(), validators: [Validator<UploadedFile>] = [],
        errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            Self.spec(
                required ?? !Value.isOptional, label, initial, helpText, disabled, maxLength, maxSize, mediaURL, widget,
                validators), errorMessages: errorMessages)
    }

    private static func spec(
        _ required: Bool, _ label: String?, _ initial: String?, _ helpText: String, _ disabled: Bool, _ maxLength: Int?,
        _ maxSize: Int?, _ mediaURL: String, _ widget: Widget, _ validators: [Validator<UploadedFile>]
    ) -> FieldSpec {
        var widget = widget
        if widget.attrs["accept"] == nil { widget.attrs["accept"] = "image/*" }
        let allowed = allowedExtensions
        return fileSpec(
            required: required, label: label, initial: initial, helpText: helpText, disabled: disabled, widget: widget,
            maxLength: maxLength, allowEmptyFile: false, maxSize: maxSize, mediaURL: mediaURL,
            checks: [
                { ImageSignature.matches((try? $0.prefix(16)) ?? []) ? nil : ValidationMessages.invalidImage },
                { file in
                    allowed.contains(file.fileExtension)
                        ? nil
                        : "File extension “\(file.fileExtension)” is not allowed. Allowed extensions are: "
                            + allowed.joined(separator: ", ") + "."
                },
            ], validators: validators)
    }

    /// The new image (`nil` when none was sent).
    public var wrappedValue: Value {
        get { Value.from((field.cleaned as? FileChange)?.upload) }
        nonmutating set { field.cleaned = newValue.upload.map(FileChange.upload) }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// The leading bytes of image formats.
enum ImageSignature {
    static func matches(_ head: [UInt8]) -> Bool {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<(offset + prefix.count)]) == prefix
        }
        let ascii = { (text: String) in Array(text.utf8) }
        return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])  // PNG
            || starts([0xFF, 0xD8, 0xFF])  // JPEG
            || starts(ascii("GIF87a")) || starts(ascii("GIF89a"))
            || (starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8))
            || starts(ascii("BM"))
            || starts([0, 0, 1, 0])  // ICO
            || starts(ascii("II*\u{0}")) || starts(ascii("MM\u{0}*"))  // TIFF
            || starts(ascii("ftypavif"), at: 4) || starts(ascii("ftypavis"), at: 4)
    }
}
