import Foundation
import PonyWeb
import Testing

/// Django's `FileSystemStorage` naming rules: valid names, available names, no traversal.
@Suite struct FileStorageTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-storage-\(UUID())")
    var storage: FileStorage { FileStorage(location: folder.appendingPathComponent("media").path, baseURL: "/media") }

    @Test func validNamesAreDjangos() throws {
        // Expected values from Django 5.2's get_valid_filename and generate_filename.
        #expect(try FileStorage.validName("john's portrait in 2004.jpg") == "johns_portrait_in_2004.jpg")
        #expect(try FileStorage.validName("  café menu (1).pdf ") == "café_menu_1.pdf")
        #expect(throws: SuspiciousFileOperation.self) { try FileStorage.validName("$%^") }
        #expect(throws: SuspiciousFileOperation.self) { try FileStorage.validName("..") }
        #expect(try storage.generateFilename("uploads/./my file.txt") == "uploads/my_file.txt")
        #expect(throws: SuspiciousFileOperation.self) { try storage.generateFilename("../x/a.txt") }
        #expect(throws: SuspiciousFileOperation.self) { try storage.generateFilename("a/../../b.txt") }
    }

    @Test func savingNeverOverwritesAndStaysInsideTheFolder() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try storage.save(Array("one".utf8), as: "docs/report.tar.gz")
        let second = try storage.save(UploadedFile(name: "x", bytes: Array("two".utf8)), as: "docs/report.tar.gz")
        #expect(first == "docs/report.tar.gz")
        #expect(second.wholeMatch(of: /docs\/report_[A-Za-z0-9]{7}\.tar\.gz/) != nil)
        #expect(try String(contentsOfFile: storage.path(first), encoding: .utf8) == "one")
        #expect(try String(contentsOfFile: storage.path(second), encoding: .utf8) == "two")
        let short = try storage.save(Array("three".utf8), as: "docs/report.tar.gz", maxLength: 24)
        #expect(short.count <= 24 && short.hasPrefix("docs/rep") && short.hasSuffix(".tar.gz"))
        for hostile in ["../escape.txt", "/etc/passwd", "docs/../../escape.txt", "docs/..", ""] {
            #expect(throws: SuspiciousFileOperation.self, "\(hostile)") { try storage.save([1], as: hostile) }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("escape.txt").path))
        #expect(storage.url("docs/a b#1.txt") == "/media/docs/a%20b%231.txt")
        try storage.delete(first)
        #expect(!storage.exists(first))
    }
}
