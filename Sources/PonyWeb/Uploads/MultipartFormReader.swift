internal import Foundation

/// The limits a `multipart/form-data` body is read under; see the ``Settings`` they come from.
package struct UploadLimits: Sendable {
    /// ``Settings/dataUploadMaxNumberFields``.
    package var maximumFields: Int
    /// ``Settings/dataUploadMaxNumberFiles``.
    package var maximumFiles: Int
    /// ``Settings/dataUploadMaxMemorySize``: the total size of the fields that are not files.
    package var maximumFieldBytes: Int
    /// ``Settings/fileUploadMaxMemorySize``: larger files go to a temporary file.
    package var fileMemoryLimit: Int
    /// ``Settings/fileUploadTemporaryDirectory``, or the system's.
    package var temporaryDirectory: String

    package init(
        maximumFields: Int = 1000, maximumFiles: Int = 100, maximumFieldBytes: Int = 2_621_440,
        fileMemoryLimit: Int = 2_621_440, temporaryDirectory: String = NSTemporaryDirectory()
    ) {
        self.maximumFields = maximumFields
        self.maximumFiles = maximumFiles
        self.maximumFieldBytes = maximumFieldBytes
        self.fileMemoryLimit = fileMemoryLimit
        self.temporaryDirectory = temporaryDirectory
    }
}

/// Reads a `multipart/form-data` body, fed as it arrives, into fields and files (Django's
/// `MultiPartParser` with its memory and temporary-file upload handlers).
///
/// Fields are decoded as UTF-8 (invalid bytes become U+FFFD). A file stays in memory up to
/// ``UploadLimits/fileMemoryLimit`` and is then written on to a new temporary file, so a
/// large upload never sits in memory. Parts without a `form-data` name and files whose name
/// is empty (no file chosen) are skipped, as in Django. Malformed bodies, nested multipart
/// parts and bodies past the limits throw 400; a temporary file that cannot be written, 500.
package struct MultipartFormReader {
    private enum Part {
        case none
        case skipped
        case field(name: String, bytes: [UInt8])
        case file(name: String, upload: FileUpload)
    }

    /// A file part being received.
    private struct FileUpload {
        var filename: String
        var contentType: String
        var charset: String?
        var memory: [UInt8] = []
        var size = 0
        var spill: (file: TemporaryFile, handle: FileHandle)?
    }

    private var parser: MultipartParser
    private let limits: UploadLimits
    private var fields = QueryDict()
    private var files = UploadedFiles()
    private var fieldCount = 0
    private var fileCount = 0
    private var fieldBytes = 0
    private var part = Part.none

    /// A reader for a body with this `Content-Type`; throws 400 without a usable boundary.
    package init(contentType: String, limits: UploadLimits) throws(HTTPError) {
        do {
            parser = MultipartParser(boundary: try MultipartParser.boundary(contentType: contentType))
        } catch {
            throw HTTPError(.badRequest, error.message)
        }
        self.limits = limits
    }

    /// Reads the next bytes of the body.
    package mutating func consume(_ bytes: some Sequence<UInt8>) throws(HTTPError) {
        parser.feed(bytes)
        do {
            while let event = try parser.next() {
                switch event {
                case .part(let headers): try begin(headers)
                case .data(let bytes): try append(bytes)
                case .end: try end()
                }
            }
        } catch let error as MultipartError {
            throw HTTPError(.badRequest, "Malformed multipart/form-data body: \(error.message)")
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.internalServerError, "Could not store an uploaded file: \(error).")
        }
    }

    /// The fields and files, once the whole body has been consumed; throws 400 when it was
    /// cut short.
    package func finish() throws(HTTPError) -> (fields: QueryDict, files: UploadedFiles) {
        do {
            try parser.finish()
        } catch {
            throw HTTPError(.badRequest, "Malformed multipart/form-data body: \(error.message)")
        }
        return (fields, files)
    }

    private mutating func begin(_ headers: MultipartPartHeaders) throws(HTTPError) {
        if headers.contentType?.hasPrefix("multipart/") == true {
            throw HTTPError(.badRequest, "Nested multipart parts are not accepted in multipart/form-data.")
        }
        guard headers.isFormData, let name = headers.name?.trimmingCharacters(in: .whitespaces) else {
            part = .skipped
            return
        }
        guard let filename = headers.filename else {
            fieldCount += 1
            guard fieldCount <= limits.maximumFields else {
                throw HTTPError(
                    .badRequest,
                    "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS"
                        + " (\(limits.maximumFields)).")
            }
            part = .field(name: name, bytes: [])
            return
        }
        fileCount += 1
        guard fileCount <= limits.maximumFiles else {
            throw HTTPError(
                .badRequest,
                "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES (\(limits.maximumFiles)).")
        }
        guard let clean = Self.sanitizedFilename(filename) else {
            part = .skipped
            return
        }
        part = .file(
            name: name,
            upload: FileUpload(filename: clean, contentType: headers.contentType ?? "", charset: headers.charset))
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) throws {
        switch part {
        case .none, .skipped:
            return
        case .field(let name, var value):
            fieldBytes += bytes.count
            guard fieldBytes <= limits.maximumFieldBytes else {
                throw HTTPError(
                    .badRequest,
                    "The form fields exceed settings.DATA_UPLOAD_MAX_MEMORY_SIZE (\(limits.maximumFieldBytes) bytes).")
            }
            part = .none
            value.append(contentsOf: bytes)
            part = .field(name: name, bytes: value)
        case .file(let name, var upload):
            part = .none
            upload.size += bytes.count
            if let spill = upload.spill {
                try spill.handle.write(contentsOf: bytes)
            } else if upload.size > limits.fileMemoryLimit {
                let path = URL(fileURLWithPath: limits.temporaryDirectory)
                    .appendingPathComponent("pony-upload-\(UUID().uuidString).upload").path
                guard
                    FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                    let handle = FileHandle(forWritingAtPath: path)
                else {
                    throw HTTPError(
                        .internalServerError,
                        "Could not create a temporary file for an upload in \(limits.temporaryDirectory).")
                }
                let file = TemporaryFile(path: path)
                upload.spill = (file, handle)
                try handle.write(contentsOf: upload.memory)
                try handle.write(contentsOf: bytes)
                upload.memory = []
            } else {
                upload.memory.append(contentsOf: bytes)
            }
            part = .file(name: name, upload: upload)
        }
    }

    private mutating func end() throws {
        switch part {
        case .none, .skipped:
            break
        case .field(let name, let bytes):
            fields.append(name, String(decoding: bytes, as: UTF8.self))
        case .file(let name, let upload):
            let content: UploadedFile.Content
            if let spill = upload.spill {
                try spill.handle.close()
                content = .file(spill.file)
            } else {
                content = .memory(upload.memory)
            }
            files.append(
                name,
                UploadedFile(
                    name: upload.filename, contentType: upload.contentType, charset: upload.charset, size: upload.size,
                    content: content))
        }
        part = .none
    }

    /// The file name without any directory part or unprintable characters; `nil` when nothing
    /// usable is left (`""`, `"."`, `".."`), as Django's `sanitize_file_name`.
    static func sanitizedFilename(_ raw: String) -> String? {
        let base = raw.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        let leaf = base.split(separator: "\\", omittingEmptySubsequences: false).last ?? ""
        let printable = leaf.unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                return false
            case .spaceSeparator:
                return scalar == " "
            default:
                return true
            }
        }
        let name = String(String.UnicodeScalarView(printable))
        return ["", ".", ".."].contains(name) ? nil : name
    }
}
