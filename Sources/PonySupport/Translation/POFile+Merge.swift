extension POFile {
    /// This file (or a new one for `language`, when it is empty) updated for the messages now
    /// used, as Django's `makemessages` updates it through `msgmerge`: each message keeps its
    /// translation, comments and flags, with its references renewed; new messages come
    /// untranslated; messages no longer used become obsolete (`#~`), or go with
    /// `keepObsolete` off. `date` is the header's `POT-Creation-Date`.
    public func merging(
        _ messages: [ExtractedMessage], language: String, keepObsolete: Bool = true, date: String
    ) -> POFile {
        var header =
            entries.first { $0.id.isEmpty && $0.context == nil && !$0.isObsolete }
            ?? POFile.newHeader(language: language)
        header.forms = [POFile.replacingCreationDate(in: header.forms.first ?? "", with: date)]
        let count =
            header.forms.first.flatMap { text in
                text.split(separator: "\n").first { $0.lowercased().hasPrefix("plural-forms:") }
                    .flatMap { PluralRule(header: String($0.dropFirst("plural-forms:".count)))?.count }
            } ?? 2
        var order: [String] = []
        var found: [String: Entry] = [:]
        let sorted = messages.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        for message in sorted {
            let key = Catalog.key(message.id, context: message.context)
            let reference = "\(message.file):\(message.line)"
            if var known = found[key] {
                if !known.references.contains(reference) { known.references.append(reference) }
                if known.plural == nil { known.plural = message.plural }
                found[key] = known
                continue
            }
            order.append(key)
            var entry = Entry(context: message.context, id: message.id, plural: message.plural, forms: [])
            entry.references = [reference]
            found[key] = entry
        }
        var previous: [String: Entry] = [:]
        for entry in entries where !(entry.id.isEmpty && entry.context == nil) {
            previous[Catalog.key(entry.id, context: entry.context)] = entry
        }
        var merged = [header]
        for key in order {
            guard var entry = found[key] else { continue }
            let forms = entry.plural == nil ? 1 : count
            if let old = previous[key] {
                (entry.comments, entry.flags) = (old.comments, old.flags)
                entry.forms = Array((old.forms + Array(repeating: "", count: forms)).prefix(forms))
                if old.plural != entry.plural, old.forms.contains(where: { !$0.isEmpty }), !entry.isFuzzy {
                    entry.flags.insert("fuzzy", at: 0)
                }
            } else {
                entry.forms = Array(repeating: "", count: forms)
            }
            if POFile.isPythonFormat(entry.id), !entry.flags.contains("python-format") {
                entry.flags.append("python-format")
            }
            merged.append(entry)
        }
        if keepObsolete {
            for entry in entries where !(entry.id.isEmpty && entry.context == nil) {
                let key = Catalog.key(entry.id, context: entry.context)
                guard found[key] == nil, entry.forms.contains(where: { !$0.isEmpty }) else { continue }
                var obsolete = entry
                obsolete.isObsolete = true
                obsolete.references = []
                merged.append(obsolete)
            }
        }
        return POFile(entries: merged)
    }

    /// Whether `id` holds a Python format directive (`%(name)s`, `%s`, `%d`, `%%`): xgettext's
    /// `python-format`, which `msgfmt --check-format` then checks translations against.
    static func isPythonFormat(_ id: String) -> Bool {
        var rest = Substring(id)
        while let percent = rest.firstIndex(of: "%") {
            rest = rest[rest.index(after: percent)...]
            if let next = rest.first, "(%sdirfeEgGxXoc".contains(next) { return true }
        }
        return false
    }

    /// The header `xgettext` and `msginit` write, with `language`'s plural rule when Pony
    /// knows it (else gettext's placeholder, for the translator to fill in).
    static func newHeader(language: String) -> Entry {
        let locale = Translations.locale(of: language)
        let base = String(locale.prefix { $0 != "_" })
        let plural = pluralForms[locale] ?? pluralForms[base] ?? "nplurals=INTEGER; plural=EXPRESSION;"
        var header = Entry(
            id: "",
            forms: [
                [
                    "Project-Id-Version: PACKAGE VERSION", "Report-Msgid-Bugs-To: ", "POT-Creation-Date: ",
                    "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE", "Last-Translator: FULL NAME <EMAIL@ADDRESS>",
                    "Language-Team: LANGUAGE <LL@li.org>", "Language: \(locale)", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit",
                    "Plural-Forms: \(plural)", "",
                ].joined(separator: "\n")
            ])
        header.comments = [
            "SOME DESCRIPTIVE TITLE.", "Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER",
            "This file is distributed under the same license as the PACKAGE package.",
            "FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.", "",
        ]
        header.flags = ["fuzzy"]
        return header
    }

    private static func replacingCreationDate(in header: String, with date: String) -> String {
        header.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("POT-Creation-Date:") ? "POT-Creation-Date: \(date)" : String(line)
        }.joined(separator: "\n")
    }

    /// The plural rules of common languages, as GNU gettext's `msginit` writes them.
    static let pluralForms: [String: String] = {
        let one = "nplurals=1; plural=0;"
        let germanic = "nplurals=2; plural=(n != 1);"
        let french = "nplurals=2; plural=(n > 1);"
        let slavic =
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        var forms: [String: String] = [:]
        for code in ["ja", "ko", "zh", "vi", "th", "id", "ms"] { forms[code] = one }
        for code in [
            "en", "de", "nl", "sv", "da", "nb", "nn", "no", "fi", "et", "el", "it", "es", "pt", "hu", "bg", "ca",
            "eu", "gl", "he", "af", "sq", "hi", "bn", "eo",
        ] { forms[code] = germanic }
        for code in ["fr", "pt_BR", "tr", "fa"] { forms[code] = french }
        for code in ["ru", "uk", "be", "sr", "hr", "bs"] { forms[code] = slavic }
        forms["pl"] = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        forms["cs"] = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
        forms["sk"] = forms["cs"]
        forms["ar"] =
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
        return forms
    }()
}
