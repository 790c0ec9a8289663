import Foundation
import PonySupport

/// Notices edits to an app: its file and the `templates/`, `static/`, `public/` and `locale/`
/// folders beside it (the site reads `locale/` at start, so an edited catalog restarts it).
///
/// NB: polling modification times every 100 ms costs nothing measurable for an app's few
/// files, works on every file system (editors that replace files, network mounts) and needs
/// no platform API.
struct FileWatcher: Sendable {
    let file: URL
    let folders: [URL]

    init(file: URL) {
        self.file = file
        let base = file.deletingLastPathComponent()
        folders = ["templates", "static", "public", "locale"].map { base.appendingPathComponent($0) }
    }

    /// What changed since the last snapshot.
    enum Change: Sendable {
        case source
        case assets
    }

    struct Snapshot: Equatable, Sendable {
        var source: String
        var assets: String
    }

    func snapshot() -> Snapshot {
        Snapshot(source: stamp([file]), assets: stamp(folders.flatMap(files(in:))))
    }

    /// Blocks until something changes, polling every `interval` seconds.
    /// A change is reported once the files have stopped changing for one more `interval`: an
    /// editor (or a script) that truncates a file and then writes it would otherwise be caught
    /// between the two.
    func waitForChange(after previous: Snapshot, interval: Double = 0.1) -> (Change, Snapshot) {
        var seen = previous
        while true {
            Thread.sleep(forTimeInterval: interval)
            let current = snapshot()
            guard current == seen else {
                seen = current
                continue
            }
            if current.source != previous.source { return (.source, current) }
            if current.assets != previous.assets { return (.assets, current) }
        }
    }

    private func files(in folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
    }

    private func stamp(_ files: [URL]) -> String {
        var hash = ContentHash()
        for file in files {
            var info = stat()
            guard stat(file.path, &info) == 0 else {
                hash.update("missing \(file.path)")
                continue
            }
            hash.update(file.path)
            hash.update("\(info.st_size) \(info.st_mtim.tv_sec) \(info.st_mtim.tv_nsec)")
        }
        return hash.hex
    }
}
