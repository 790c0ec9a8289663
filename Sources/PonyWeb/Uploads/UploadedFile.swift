internal import Foundation

/// A file sent in a `multipart/form-data` request (Django's `UploadedFile`).
///
/// Small files are kept in memory; files larger than ``Settings/fileUploadMaxMemorySize`` were
/// written to a temporary file while they arrived, which is deleted once no request or
/// value refers to it (unless ``FileStorage/save(_:as:)`` moved it into storage).
///
/// ```swift
/// if let upload = try request.files["attachment"] {
///     let storage = FileStorage.media(request)
///     let name = try storage.save(upload, as: storage.uploadName(upload.name, uploadTo: "attachments/"))
/// }
/// ```
public struct UploadedFile: Sendable, Equatable {
    /// The file name the client sent, without any directory part (Django's sanitised
    /// `name`); still untrusted, so storage cleans it again before using it.
    public let name: String
    /// The media type the client declared (`"image/png"`), or `""`; the client can lie.
    public let contentType: String
    /// The `charset` parameter of the part's `Content-Type`, if any.
    public let charset: String?
    /// The size in bytes.
    public let size: Int
    let content: Content

    enum Content: Sendable, Equatable {
        case memory([UInt8])
        case file(TemporaryFile)
    }

    /// A file held in memory, for tests and for files made in code (Django's
    /// `SimpleUploadedFile`).
    public init(name: String, contentType: String = "", charset: String? = nil, bytes: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.charset = charset
        self.size = bytes.count
        self.content = .memory(bytes)
    }

    init(name: String, contentType: String, charset: String?, size: Int, content: Content) {
        self.name = name
        self.contentType = contentType
        self.charset = charset
        self.size = size
        self.content = content
    }

    /// The temporary file holding the content, for files too large for memory; `nil` for
    /// files in memory (Django's `temporary_file_path()`).
    public var temporaryPath: String? {
        if case .file(let file) = content { return file.path }
        return nil
    }

    /// The whole content. Reads a temporary file, so prefer ``FileStorage`` for large files.
    public func bytes() throws -> [UInt8] {
        switch content {
        case .memory(let bytes): return bytes
        case .file(let file): return Array(try Data(contentsOf: URL(fileURLWithPath: file.path)))
        }
    }

    /// At most the first `maxLength` bytes, to check a file's signature without reading it all.
    public func prefix(_ maxLength: Int) throws -> [UInt8] {
        switch content {
        case .memory(let bytes): return Array(bytes.prefix(max(maxLength, 0)))
        case .file(let file):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
            defer { try? handle.close() }
            return Array(try handle.read(upToCount: max(maxLength, 0)) ?? Data())
        }
    }

    /// The file name's extension, lower-cased and without the dot (`"png"`), or `""`.
    public var fileExtension: String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}

/// A temporary file that is removed when the last value referring to it goes away.
final class TemporaryFile: Sendable, Equatable {
    let path: String

    init(path: String) { self.path = path }

    deinit { unlink(path) }

    static func == (lhs: TemporaryFile, rhs: TemporaryFile) -> Bool { lhs.path == rhs.path }
}

/// The files of a request by field name (Django's `request.FILES`, a `MultiValueDict`).
///
/// The subscript gives the last file for a name; ``list(_:)`` gives all of them (an
/// `<input type="file" multiple>`).
public struct UploadedFiles: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var items: [(name: String, file: UploadedFile)] = []

    /// No files.
    public init() {}

    /// Files from a literal: `["attachment": UploadedFile(name: "a.txt", bytes: …)]`.
    public init(dictionaryLiteral elements: (String, UploadedFile)...) {
        items = elements.map { (name: $0.0, file: $0.1) }
    }

    /// The last file sent as `name`, or `nil`.
    public subscript(name: String) -> UploadedFile? { items.last { $0.name == name }?.file }

    /// Every file sent as `name`, in order.
    public func list(_ name: String) -> [UploadedFile] { items.filter { $0.name == name }.map(\.file) }

    /// The field names that have files, in first-seen order.
    public var names: [String] {
        var seen = Set<String>()
        return items.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// Whether there are no files.
    public var isEmpty: Bool { items.isEmpty }

    /// The number of files.
    public var count: Int { items.count }

    /// Adds a file for `name`.
    public mutating func append(_ name: String, _ file: UploadedFile) { items.append((name, file)) }

    /// Two collections are equal when they hold the same files under the same names in order.
    public static func == (lhs: UploadedFiles, rhs: UploadedFiles) -> Bool {
        lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.file == $1.file }
    }
}
