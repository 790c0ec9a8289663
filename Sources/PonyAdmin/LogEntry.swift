public import Foundation
public import PonyAuth
public import PonyORM
internal import PonySupport

/// A row of the admin's history (Django's `admin.LogEntry`, in `django_admin_log`): who added,
/// changed or deleted which object, when, and what changed, as Django writes it, so the same
/// database shows the same history in Django's admin and Pony's.
@Model(
    table: "django_admin_log", appLabel: "admin", ordering: ["-actionTime"], verboseName: "log entry",
    verboseNamePlural: "log entries")
public struct LogEntry {
    /// Django's `ADDITION`, `CHANGE` and `DELETION`.
    public enum Action: Int64, Sendable, Codable {
        /// A row was added.
        case addition = 1
        /// A row was changed.
        case change = 2
        /// A row was deleted.
        case deletion = 3
    }

    /// The 32-bit key Django's `admin` app uses.
    public var id: Int32?
    /// When it happened.
    @Field(editable: false) public var actionTime: Date = Date()
    /// Who did it.
    @Field(onDelete: .cascade) public var user: ForeignKey<User>
    /// The model of the object.
    @Field(blank: true, onDelete: .setNull) public var contentType: ForeignKey<ContentType>?
    /// The object's primary key, as text.
    @Field(blank: true, dbColumn: "object_id") public var objectID: String?
    /// The object as it printed then (at most 200 characters).
    @Field(maxLength: 200) public var objectRepr: String
    /// What happened: 1, 2 or 3 (``Action``).
    @Field(choices: [(.integer(1), "Addition"), (.integer(2), "Change"), (.integer(3), "Deletion")]) public
        var actionFlag: UInt16
    /// What changed: Django's JSON list (`[{"changed": {"fields": ["Name"]}}]`) or plain text.
    @Field(blank: true) public var changeMessage: String = ""

    /// The change message in words (Django's `get_change_message()`): "Changed Name and Owner.",
    /// "Added.", or "No fields changed."; a message that is not Django's JSON is shown as it is.
    public var changeMessageText: String {
        guard changeMessage.hasPrefix("["),
            let items = try? JSONSerialization.jsonObject(with: Data(changeMessage.utf8)) as? [[String: Any]]
        else { return changeMessage }
        // NB: as Django's, the names and labels are stored as written and translated here.
        var parts: [String] = []
        func named(_ values: [String: Any]) -> [String: String] {
            ["name": AdminText.text(values["name"] as? String ?? ""), "object": values["object"] as? String ?? ""]
        }
        for item in items {
            if let added = item["added"] as? [String: Any] {
                parts.append(
                    added.isEmpty
                        ? AdminText.text("Added.") : AdminText.braces("Added {name} “{object}”.", named(added)))
            } else if let changed = item["changed"] as? [String: Any] {
                let labels = ((changed["fields"] as? [String]) ?? []).map(AdminText.text)
                var values = named(changed)
                values["fields"] = textList(labels, AdminText.text("and"))
                parts.append(
                    changed["name"] == nil
                        ? AdminText.braces("Changed {fields}.", values)
                        : AdminText.braces("Changed {fields} for {name} “{object}”.", values))
            } else if let deleted = item["deleted"] as? [String: Any] {
                parts.append(AdminText.braces("Deleted {name} “{object}”.", named(deleted)))
            }
        }
        let text = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return text.isEmpty ? AdminText.text("No fields changed.") : text
    }

    /// Django's JSON change message for a form: `[{"added": {}}]` for a new row,
    /// `[{"changed": {"fields": [labels]}}]` for changed fields, `[]` for none.
    static func changeMessage(added: Bool, changedLabels: [String], inlines: [InlineChange] = []) -> String {
        func list(_ labels: [String]) -> String {
            "[" + labels.map { pythonJSONQuoted($0) }.joined(separator: ", ") + "]"
        }
        var parts: [String] = []
        if added {
            parts.append(#"{"added": {}}"#)
        } else if !changedLabels.isEmpty {
            parts.append(#"{"changed": {"fields": "# + list(changedLabels) + "}}")
        }
        for change in inlines {
            let named = #""name": \#(pythonJSONQuoted(change.name)), "object": \#(pythonJSONQuoted(change.object))"#
            switch change.kind {
            case .added: parts.append(#"{"added": {"# + named + "}}")
            case .changed(let labels):
                parts.append(#"{"changed": {"# + named + #", "fields": "# + list(labels) + "}}")
            case .deleted: parts.append(#"{"deleted": {"# + named + "}}")
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// A row of an inline added, changed or deleted with its parent, for the change message.
    struct InlineChange: Sendable {
        enum Kind: Sendable {
            case added
            case changed([String])
            case deleted
        }
        /// The model's verbose name ("task").
        let name: String
        /// The row as it prints.
        let object: String
        let kind: Kind
    }
}

/// Django's `get_text_list`: "a, b and c".
func textList(_ items: [String], _ last: String) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " \(last) " + items[items.count - 1]
    }
}

extension AppConfig {
    /// Django's `django.contrib.admin`: `django_admin_log`, with Django's three migrations
    /// under their names (0002 and 0003 change no column; they are recorded as Django does).
    public static let admin = AppConfig(
        label: "admin", models: [LogEntry.self],
        migrations: AdminMigrations.all, requires: ["contenttypes", "auth"])
}
