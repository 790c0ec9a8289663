public import Foundation
internal import Synchronization

/// Files saved under a folder and served from a URL (Django's `FileSystemStorage`); by
/// default `media/` beside the app, served at ``Settings/mediaURL``.
///
/// Names are relative paths such as `"attachments/report.pdf"`. Saving never overwrites: a
/// taken name gets Django's `_` and seven random characters before its extension
/// (`report_x7Kq2Lp.pdf`), and the file is created exclusively, so two requests saving the
/// same name at once both keep their file. Names that would leave the folder (`..`, an
/// absolute path) throw ``SuspiciousFileOperation``. `save` keeps a name as given otherwise,
/// as Django's does: pass a client's file name through ``uploadName(_:uploadTo:date:)``, which
/// makes it safe (Django's `get_valid_filename`).
///
/// ```swift
/// let storage = FileStorage.media(request)
/// let name = try storage.save(upload, as: storage.uploadName(upload.name, uploadTo: "attachments/"))
/// storage.url(name)    // "/media/attachments/report.pdf"
/// ```
public struct FileStorage: Sendable {
    /// The folder files are saved in.
    public let location: String
    /// The URL prefix the folder is served at, ending in `/`.
    public let baseURL: String

    /// A storage saving under `location`, served at `baseURL`.
    public init(location: String, baseURL: String) {
        self.location = location
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }

    /// The media storage of the site handling `request` (`media/` and ``Settings/mediaURL``).
    public static func media(_ request: Request) -> FileStorage {
        guard let settings = request.site?.settings else {
            return FileStorage(
                location: Settings.absolute("media", in: FileManager.default.currentDirectoryPath), baseURL: "/media/")
        }
        return media(settings)
    }

    /// The storage model forms save file fields in (Django's `default_storage`): the media
    /// storage of the last ``Site`` made, `media/` in the working directory before that.
    public static var `default`: FileStorage {
        get { defaultStorage.withLock { $0 } }
        set { defaultStorage.withLock { $0 = newValue } }
    }

    /// The media storage for `settings`.
    public static func media(_ settings: ResolvedSettings) -> FileStorage {
        FileStorage(location: settings.mediaRoot, baseURL: settings.mediaURL)
    }

    /// Saves an upload as `name` (or an available variant of it) and returns the name used.
    ///
    /// A file in a temporary file is moved rather than copied. `maxLength` (a model field's
    /// `max_length`) shortens the name to fit, as Django does.
    @discardableResult
    public func save(_ file: UploadedFile, as name: String, maxLength: Int? = nil) throws -> String {
        try save(name, maxLength: maxLength) { target in
            switch file.content {
            case .memory(let bytes):
                try write(bytes, to: target)
            case .file(let temporary):
                // NB: rename replaces the reserved empty file atomically; across file systems
                // (EXDEV) the content is copied instead.
                if rename(temporary.path, target) != 0 {
                    try copy(from: temporary.path, to: target)
                }
            }
        }
    }

    /// Saves `bytes` as `name` (or an available variant of it) and returns the name used.
    @discardableResult
    public func save(_ bytes: [UInt8], as name: String, maxLength: Int? = nil) throws -> String {
        try save(name, maxLength: maxLength) { try write(bytes, to: $0) }
    }

    /// The absolute path of the file `name`; throws for names that leave the folder.
    public func path(_ name: String) throws(SuspiciousFileOperation) -> String {
        try Self.validate(name, allowRelativePath: true)
        return URL(fileURLWithPath: location).appendingPathComponent(name).path
    }

    /// The URL the file `name` is served at, percent-encoded.
    public func url(_ name: String) -> String {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#;"))
        return baseURL + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)
    }

    /// Whether a file `name` exists.
    public func exists(_ name: String) -> Bool {
        guard let path = try? path(name) else { return false }
        return FileManager.default.fileExists(atPath: path)
    }

    /// Deletes the file `name`; nothing happens when there is none.
    public func delete(_ name: String) throws {
        let path = try path(name)
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    /// `name` with its file name made safe (Django's `generate_filename`): spaces become
    /// underscores and characters other than letters, digits, `-`, `_` and `.` are dropped;
    /// throws for a directory part with `..` or a file name that leaves nothing.
    public func generateFilename(_ name: String) throws(SuspiciousFileOperation) -> String {
        let normalized = name.replacingOccurrences(of: "\\", with: "/")
        let (directory, file) = Self.split(normalized)
        if directory.split(separator: "/").contains("..") {
            throw SuspiciousFileOperation("Detected path traversal attempt in '\(name)'")
        }
        let valid = try Self.validName(file)
        let joined = directory.isEmpty ? valid : directory + "/" + valid
        return joined.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// The name a file field stores an upload as (Django's `FileField.generate_filename`):
    /// `uploadTo` with `%Y`, `%m`, `%d`, `%H`, `%M` and `%S` replaced by `date` (UTC), then the
    /// file name made safe by ``generateFilename(_:)``.
    public func uploadName(_ filename: String, uploadTo: String, date: Date = Date()) throws(SuspiciousFileOperation)
        -> String
    {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(((value ?? 0) + 100).description.suffix(2)) }
        let codes: [Character: String] = [
            "Y": String(parts.year ?? 1970), "m": two(parts.month), "d": two(parts.day), "H": two(parts.hour),
            "M": two(parts.minute), "S": two(parts.second),
        ]
        var directory = ""
        var percent = false
        for character in uploadTo {
            if percent {
                directory += codes[character] ?? "%\(character)"
                percent = false
            } else if character == "%" {
                percent = true
            } else {
                directory.append(character)
            }
        }
        if percent { directory += "%" }
        let joined = directory.isEmpty ? filename : (directory.hasSuffix("/") ? directory : directory + "/") + filename
        try Self.validate(joined, allowRelativePath: true)
        return try generateFilename(joined)
    }

    /// `name`, or Django's alternative (`root_abc1234.ext`) when it is taken or longer than
    /// `maxLength` (Django's `get_available_name`).
    public func availableName(_ name: String, maxLength: Int? = nil) throws(SuspiciousFileOperation) -> String {
        let normalized = name.replacingOccurrences(of: "\\", with: "/")
        try Self.validate(normalized, allowRelativePath: true)
        let (directory, file) = Self.split(normalized)
        let firstDot = file.dropFirst().firstIndex(of: ".")
        let fileExtension = firstDot.map { String(file[$0...]) } ?? ""
        var root = firstDot.map { String(file[..<$0]) } ?? file
        var candidate = normalized
        var attempts = 0
        while exists(candidate) || maxLength.map({ candidate.count > $0 }) == true {
            attempts += 1
            guard attempts <= 100 else {
                throw SuspiciousFileOperation("Could not find an available name for '\(name)'")
            }
            candidate = Self.join(directory, Self.alternative(root, fileExtension))
            guard let maxLength else { continue }
            let truncation = candidate.count - maxLength
            if truncation > 0 {
                root = String(root.dropLast(truncation))
                guard !root.isEmpty else {
                    throw SuspiciousFileOperation(
                        "Storage can not find an available filename for \"\(name)\". Please make sure that the"
                            + " corresponding file field allows sufficient \"max_length\".")
                }
                candidate = Self.join(directory, Self.alternative(root, fileExtension))
            }
        }
        return candidate
    }

    /// Django's `get_valid_filename`: blanks trimmed, spaces to underscores, only letters,
    /// digits, `-`, `_` and `.` kept; throws when that leaves `""`, `.` or `..`.
    public static func validName(_ name: String) throws(SuspiciousFileOperation) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: " ", with: "_")
        let kept = String(trimmed.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." })
        guard !["", ".", ".."].contains(kept) else {
            throw SuspiciousFileOperation("Could not derive file name from '\(name)'")
        }
        return kept
    }

    private func save(_ name: String, maxLength: Int?, write: (String) throws -> Void) throws -> String {
        let manager = FileManager.default
        for _ in 0..<100 {
            let available = try availableName(name, maxLength: maxLength)
            let target = try path(available)
            try manager.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // NB: reserved with O_EXCL, so a name taken meanwhile by another request is retried.
            let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
            }
            close(descriptor)
            do {
                try write(target)
            } catch {
                unlink(target)
                throw error
            }
            return available
        }
        throw SuspiciousFileOperation("Could not find an available name for '\(name)'")
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: bytes)
    }

    private func copy(from source: String, to target: String) throws {
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
        defer { try? input.close() }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
        chmod(target, 0o644)
    }

    /// Django's `validate_file_name`.
    static func validate(_ name: String, allowRelativePath: Bool) throws(SuspiciousFileOperation) {
        let (_, file) = split(name)
        guard !["", ".", ".."].contains(file) else {
            throw SuspiciousFileOperation("Could not derive file name from '\(name)'")
        }
        if allowRelativePath {
            guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                throw SuspiciousFileOperation("Detected path traversal attempt in '\(name)'")
            }
        } else if name.contains("/") || name.contains("\\") {
            throw SuspiciousFileOperation("File name '\(name)' includes path elements")
        }
        guard !name.utf8.contains(0) else {
            throw SuspiciousFileOperation("File name '\(name)' contains a NUL byte")
        }
    }

    private static func split(_ name: String) -> (directory: String, file: String) {
        guard let slash = name.lastIndex(of: "/") else { return ("", name) }
        return (String(name[..<slash]), String(name[name.index(after: slash)...]))
    }

    private static func join(_ directory: String, _ file: String) -> String {
        directory.isEmpty ? file : directory + "/" + file
    }

    private static func alternative(_ root: String, _ fileExtension: String) -> String {
        let characters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let random = String((0..<7).map { _ in characters.randomElement() ?? "x" })
        return "\(root)_\(random)\(fileExtension)"
    }
}

/// A file name that would leave its storage folder or has nothing usable left (Django's
/// `SuspiciousFileOperation`); a 400 when it reaches a response.
public struct SuspiciousFileOperation: HTTPResponseError, CustomStringConvertible {
    /// What was wrong with the name.
    public let message: String
    /// 400 Bad Request.
    public var status: HTTPStatus { .badRequest }
    /// The message.
    public var description: String { message }
    init(_ message: String) { self.message = message }
}

private let defaultStorage = Mutex(
    FileStorage(location: Settings.absolute("media", in: FileManager.default.currentDirectoryPath), baseURL: "/media/"))
