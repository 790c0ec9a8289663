internal import Foundation
internal import PonyAuth
internal import PonySupport
internal import PonyTemplates

extension Pony {
    /// `makemessages`: Django's command, writing `locale/<locale>/LC_MESSAGES/django.po` with
    /// the messages of the app's Swift files (`translate(…)`, and the templates written in
    /// them) and of its template files (`.html`, `.txt`), merged into what translators wrote.
    var makeMessagesCommand: Command {
        Command(
            "makemessages", usage: "-l LOCALE [-l LOCALE …] | --all [--no-obsolete]",
            summary: "Write locale/<locale>/LC_MESSAGES/django.po with the messages the app translates.",
            usesDatabase: false
        ) { context in
            var locales: [String] = []
            var index = 0
            let arguments = context.arguments
            while index < arguments.count {
                let argument = arguments[index]
                if argument == "-l" || argument == "--locale" {
                    guard index + 1 < arguments.count else {
                        throw UsageError("\(argument) needs a locale, such as de.")
                    }
                    locales += arguments[index + 1].split(separator: ",").map(String.init)
                    index += 2
                    continue
                }
                if argument.hasPrefix("--locale=") {
                    locales += argument.dropFirst(9).split(separator: ",").map(String.init)
                } else if !["-a", "--all", "--no-obsolete"].contains(argument) {
                    throw UsageError("makemessages does not take \"\(argument)\" (try -l de, --all, --no-obsolete).")
                }
                index += 1
            }
            let base = context.settings.baseDirectory
            let folder = base + "/locale"
            if context.flag("-a") || context.flag("--all") {
                locales += ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
                    FileManager.default.fileExists(atPath: folder + "/" + $0 + "/LC_MESSAGES")
                }.sorted()
            }
            guard !locales.isEmpty else {
                throw UsageError(
                    "Type 'makemessages -l de' to make the German catalog, or --all for every one in locale/.")
            }
            for locale in locales {
                guard locale.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "@" }),
                    Languages.isLanguageCode(locale.replacingOccurrences(of: "_", with: "-"))
                else {
                    throw UsageError(
                        "\"\(locale)\" is not a locale name: write it as Django does, with an underscore (pt_BR, de).")
                }
            }
            let messages = try Pony.messages(in: base)
            let date = Pony.creationDate()
            for locale in locales {
                let path = "\(folder)/\(locale)/LC_MESSAGES/django.po"
                let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
                var file = POFile()
                if let existing {
                    do {
                        file = try POFile(parsing: existing)
                    } catch var error as CatalogError {
                        error.file = path
                        throw error
                    }
                }
                let merged = file.merging(
                    messages, language: locale, keepObsolete: !context.flag("--no-obsolete"), date: date)
                try FileManager.default.createDirectory(
                    atPath: "\(folder)/\(locale)/LC_MESSAGES", withIntermediateDirectories: true)
                try Data(merged.text.utf8).write(to: URL(fileURLWithPath: path))
                context.write("processing locale \(locale)\n")
            }
            return 0
        }
    }

    /// The messages of the Swift and template files under `base`, with paths relative to it;
    /// hidden folders, `.build`, `locale`, `static`, `media` and `public` are skipped.
    static func messages(in base: String) throws -> [ExtractedMessage] {
        let skipped: Set<String> = ["locale", "static", "media", "public", "node_modules"]
        var found: [ExtractedMessage] = []
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        while let path = walker.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") || (walker.level == 1 && skipped.contains(name)) {
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                continue
            }
            let isSwift = name.hasSuffix(".swift")
            guard isSwift || name.hasSuffix(".html") || name.hasSuffix(".txt"),
                let data = FileManager.default.contents(atPath: base + "/" + path)
            else { continue }
            let source = String(decoding: data, as: UTF8.self)
            if isSwift { found += ExtractedMessage.inSwift(source, file: path) }
            found += try ExtractedMessage.inTemplate(source, file: path)
        }
        return found
    }

    /// Now, as xgettext writes `POT-Creation-Date` (`2026-12-07 10:15+0000`).
    static func creationDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mmZ"
        return formatter.string(from: Date())
    }
}
