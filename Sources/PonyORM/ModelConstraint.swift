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
    /// one is given (a partial unique index). `nullsDistinct: false` makes `NULL`s equal, so
    /// that two rows cannot both leave a field `nil` (Django's `nulls_distinct`; PostgreSQL
    /// 15+; on SQLite, as with Django, the constraint is not made, and `fullClean()` still
    /// checks it).
    public static func unique(
        fields: [String], name: String, condition: Q? = nil, violationErrorMessage: String? = nil,
        nullsDistinct: Bool? = nil
    ) -> ModelConstraint {
        var unique = UniqueConstraint(
            fields: fields, name: name, condition: condition, violationErrorMessage: violationErrorMessage)
        unique.nullsDistinct = nullsDistinct
        return .unique(unique)
    }

    /// Rows whose values of `expressions` are unique together (Django's
    /// `UniqueConstraint(Lower("name"), name=…)`), among those meeting `condition`: a unique
    /// index on the expressions. A field is `F("kind")`.
    public static func unique(
        expressions: [F], name: String, condition: Q? = nil, violationErrorMessage: String? = nil,
        nullsDistinct: Bool? = nil
    ) -> ModelConstraint {
        var unique = UniqueConstraint(
            fields: [], name: name, condition: condition, violationErrorMessage: violationErrorMessage)
        unique.expressions = expressions
        unique.nullsDistinct = nullsDistinct
        return .unique(unique)
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

    /// The names of `schema`'s fields the constraint's condition and expressions name.
    func fieldNames(of schema: SchemaInfo) -> Set<String> {
        var names = condition?.fieldNames(of: schema) ?? []
        if case .unique(let unique) = self {
            for path in unique.expressions.flatMap(\.paths) {
                let first = lookupParts(path)[0]
                names.insert(schema.field(named: first)?.name ?? first)
            }
        }
        return names
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

    /// A unique constraint as `{"fields", "name", …}` (or `"expressions"`), a check as
    /// `{"condition", "name", …}`.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: UniqueConstraint.CodingKeys.self)
        self =
            keys.contains(.fields) || keys.contains(.expressions)
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
    /// Expressions instead of fields (``ModelConstraint/unique(expressions:name:condition:violationErrorMessage:nullsDistinct:)``).
    public var expressions: [F] = []
    /// The constraint's name (Django requires one).
    public var name: String
    /// Only rows meeting it count (a partial unique index), when given.
    public var condition: Q?
    /// The message of ``Model/fullClean(exclude:)`` when it fails, instead of Django's.
    public var violationErrorMessage: String?
    /// Whether `NULL`s differ (`true`, SQL's rule) or are equal (`false`); `nil` leaves it to
    /// the database, which makes them differ (Django's `nulls_distinct`).
    public var nullsDistinct: Bool?

    /// A constraint named `name` on `fields`.
    public init(fields: [String], name: String, condition: Q? = nil, violationErrorMessage: String? = nil) {
        self.fields = fields
        self.name = name
        self.condition = condition
        self.violationErrorMessage = violationErrorMessage
    }

    /// Whether it is a unique index rather than a table constraint: with a condition or
    /// expressions, as Django makes it.
    var isIndex: Bool { condition != nil || !expressions.isEmpty }

    enum CodingKeys: String, CodingKey {
        case fields, expressions, name, condition, violationErrorMessage = "violation_error_message"
        case nullsDistinct = "nulls_distinct"
    }

    /// `{"fields": […], "name": …}`, with `expressions`, `condition` and the message where given.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fields = try c.decodeIfPresent([String].self, forKey: .fields) ?? []
        expressions = try c.decodeIfPresent([F].self, forKey: .expressions) ?? []
        name = try c.decode(String.self, forKey: .name)
        condition = try c.decodeIfPresent(Q.self, forKey: .condition)
        violationErrorMessage = try c.decodeIfPresent(String.self, forKey: .violationErrorMessage)
        nullsDistinct = try c.decodeIfPresent(Bool.self, forKey: .nullsDistinct)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !fields.isEmpty || expressions.isEmpty { try c.encode(fields, forKey: .fields) }
        if !expressions.isEmpty { try c.encode(expressions, forKey: .expressions) }
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(condition, forKey: .condition)
        try c.encodeIfPresent(violationErrorMessage, forKey: .violationErrorMessage)
        try c.encodeIfPresent(nullsDistinct, forKey: .nullsDistinct)
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
