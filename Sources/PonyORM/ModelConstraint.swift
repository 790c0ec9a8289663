/// A condition on a model's rows that the database enforces (Django's `Meta.constraints`):
///
/// ```swift
/// @Model(constraints: [
///     .check(Q("pages__gte", 1), name: "book_pages_positive"),
///     .unique(fields: ["author", "title"], name: "book_unique_title"),
///     .unique(fields: ["slug"], name: "book_unique_live_slug", condition: Q("published__isnull", false)),
/// ])
/// struct Book { … }
/// ```
///
/// Migrations create them (a check or unique constraint in the table, or a partial unique
/// index for a unique constraint with a condition), and ``Model/fullClean(exclude:)``
/// validates them before the database would refuse the row.
public enum ModelConstraint: Sendable, Hashable, Codable {
    /// Values unique across fields (Django's `UniqueConstraint`).
    case unique(UniqueConstraint)
    /// A condition every row meets (Django's `CheckConstraint`).
    case check(CheckConstraint)

    /// Rows whose `fields` are unique together, among the rows that meet `condition` when
    /// one is given (a partial unique index).
    public static func unique(
        fields: [String], name: String, condition: Q? = nil, violationErrorMessage: String? = nil
    ) -> ModelConstraint {
        .unique(
            UniqueConstraint(
                fields: fields, name: name, condition: condition, violationErrorMessage: violationErrorMessage))
    }

    /// Rows for which `condition` is not false (`NULL` passes, as in SQL).
    public static func check(_ condition: Q, name: String, violationErrorMessage: String? = nil) -> ModelConstraint {
        .check(CheckConstraint(condition: condition, name: name, violationErrorMessage: violationErrorMessage))
    }

    /// The constraint's name, unique in the database.
    public var name: String {
        switch self {
        case .unique(let unique): unique.name
        case .check(let check): check.name
        }
    }

    /// The condition a row must meet to be checked (unique) or to pass (check).
    var condition: Q? {
        switch self {
        case .unique(let unique): unique.condition
        case .check(let check): check.condition
        }
    }

    /// Django's message for a violated condition: "Constraint “name” is violated.", or the
    /// constraint's own.
    var violationMessage: String {
        switch self {
        case .unique(let unique): unique.violationErrorMessage ?? "Constraint “\(name)” is violated."
        case .check(let check): check.violationErrorMessage ?? "Constraint “\(name)” is violated."
        }
    }

    /// A unique constraint as `{"fields", "name", …}`, a check as `{"condition", "name", …}`.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: UniqueConstraint.CodingKeys.self)
        self =
            keys.contains(.fields)
            ? .unique(try UniqueConstraint(from: decoder)) : .check(try CheckConstraint(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .unique(let unique): try unique.encode(to: encoder)
        case .check(let check): try check.encode(to: encoder)
        }
    }
}

/// Values unique across fields (Django's `UniqueConstraint`): see ``ModelConstraint``.
public struct UniqueConstraint: Sendable, Hashable, Codable {
    /// Field names.
    public var fields: [String]
    /// The constraint's name (Django requires one).
    public var name: String
    /// Only rows meeting it count (a partial unique index), when given.
    public var condition: Q?
    /// The message of ``Model/fullClean(exclude:)`` when it fails, instead of Django's.
    public var violationErrorMessage: String?

    /// A constraint named `name` on `fields`.
    public init(fields: [String], name: String, condition: Q? = nil, violationErrorMessage: String? = nil) {
        self.fields = fields
        self.name = name
        self.condition = condition
        self.violationErrorMessage = violationErrorMessage
    }

    enum CodingKeys: String, CodingKey {
        case fields, name, condition, violationErrorMessage = "violation_error_message"
    }
}

/// A condition every row meets (Django's `CheckConstraint`): see ``ModelConstraint``.
public struct CheckConstraint: Sendable, Hashable, Codable {
    /// The condition, on the row's own fields.
    public var condition: Q
    /// The constraint's name.
    public var name: String
    /// The message of ``Model/fullClean(exclude:)`` when it fails, instead of Django's.
    public var violationErrorMessage: String?

    /// A constraint named `name` that rows meet `condition`.
    public init(condition: Q, name: String, violationErrorMessage: String? = nil) {
        self.condition = condition
        self.name = name
        self.violationErrorMessage = violationErrorMessage
    }

    enum CodingKeys: String, CodingKey {
        case condition, name, violationErrorMessage = "violation_error_message"
    }
}

extension Q {
    /// Every lookup path the condition names, split at `__`, with those of the ``F``
    /// expressions it compares with (``paths`` leaves those out).
    var referencedPaths: [[String]] {
        switch self {
        case .lookup(let path, .expression(let expression)): ([path] + expression.paths).map(lookupParts)
        case .lookup(let path, _): [lookupParts(path)]
        case .and(let parts), .or(let parts): parts.flatMap(\.referencedPaths)
        case .not(let inner): inner.referencedPaths
        case .exists: []
        }
    }

    /// The names of `schema`'s fields the condition names.
    func fieldNames(of schema: SchemaInfo) -> Set<String> {
        Set(referencedPaths.map { schema.field(named: $0[0])?.name ?? $0[0] })
    }
}
