/// What deleting some rows would delete with them, found without changing anything (what
/// Django's admin reads from its deletion collector for the "Are you sure?" page).
public struct DeletionPreview: Sendable {
    /// The rows of one model that would go.
    public struct Group: Sendable {
        /// The model.
        public let model: SchemaInfo
        /// How many rows.
        public let count: Int
        /// The rows as they print (``Model/text``), at most ``DeletionPreview/listedRows`` of them.
        public let rows: [String]
    }

    /// How many rows per model the preview prints at most (the counts cover them all).
    public static let listedRows = 100

    /// The rows to delete, then those cascading from them, model by model.
    public let groups: [Group]
    /// Rows that protect what would be deleted (``OnDelete/protect`` or ``OnDelete/restrict``),
    /// as `"Model: text"`; the delete would fail while any exist.
    public let protected: [String]
}

extension QuerySet {
    /// What ``delete()`` would delete: these rows and, model by model, those that cascade
    /// from them; and the rows whose protected keys would refuse it. Reads only.
    public func deletionPreview() async throws -> DeletionPreview {
        let database = try ORM.requireDatabase()
        let keys = try await valuesList(["pk"]).map { $0[0] }
        var walk = PreviewWalk(database: database)
        try await walk.visit(M.schemaInfo, keys: keys)
        var groups: [DeletionPreview.Group] = []
        for (info, keys) in walk.found {
            groups.append(
                DeletionPreview.Group(
                    model: info, count: keys.count,
                    rows: try await texts(info.model, Array(keys.prefix(DeletionPreview.listedRows)))))
        }
        var protected: [String] = []
        for (info, keys) in walk.protected {
            for text in try await texts(info.model, Array(keys.prefix(DeletionPreview.listedRows))) {
                protected.append("\(info.verboseName.prefix(1).uppercased() + info.verboseName.dropFirst()): \(text)")
            }
        }
        return DeletionPreview(groups: groups, protected: protected)
    }

    private func texts<T: Model>(_ model: T.Type, _ keys: [DatabaseValue]) async throws -> [String] {
        guard !keys.isEmpty else { return [] }
        let rows = try await T.objects.filter(Q.lookup("pk__in", .list(keys))).fetch()
        // NB: in the order the keys were found.
        let byKey = Dictionary(rows.map { ($0.pk, $0.displayText) }) { first, _ in first }
        return keys.compactMap { byKey[$0] }
    }
}

/// The read-only twin of the deletion collector: follows cascades, notes protections.
private struct PreviewWalk {
    let database: any Database
    var found: [(SchemaInfo, [DatabaseValue])] = []
    var protected: [(SchemaInfo, [DatabaseValue])] = []
    var seen: Set<String> = []

    mutating func visit(_ info: SchemaInfo, keys: [DatabaseValue]) async throws {
        let fresh = keys.filter { seen.insert("\(info.label)\u{0}\($0)").inserted }
        guard !fresh.isEmpty else { return }
        if let index = found.firstIndex(where: { $0.0 === info }) {
            found[index].1 += fresh
        } else {
            found.append((info, fresh))
        }
        for model in ORM.models {
            let source = model.schemaInfo
            for field in source.fields where field.relationTarget == info.label {
                let rule = field.options.onDelete
                guard rule == .cascade || rule == .protect || rule == .restrict else { continue }
                let select = SQLSelect(
                    items: [.expression(.column(table: source.table, column: source.primaryKey.column), alias: nil)],
                    source: .table(source.table), filter: .column(source.table, field.column, in: fresh))
                let (sql, binds) = SQLRenderer.render(select, database.dialect)
                let related = try await database.query(rendered: sql, binds).compactMap(\.values.first)
                guard !related.isEmpty else { continue }
                if rule == .cascade {
                    try await visit(source, keys: related)
                } else {
                    protected.append((source, related))
                }
            }
        }
        for link in info.model.genericLinks {
            let related = try await link.keys(pointingTo: info, fresh)
            if !related.isEmpty { try await visit(link.source, keys: related) }
        }
    }
}
