internal import Foundation
internal import PonyORM
internal import PonySupport
internal import PonyWeb

extension ModelInput {
    /// The fields of `body` as stored values, or a 422 with every issue.
    func validated(_ body: JSONValue?, partial: Bool, forbidsExtraFields: Bool) async throws -> [Int: DatabaseValue] {
        let (values, issues) = try await read(body, partial: partial, forbidsExtraFields: forbidsExtraFields)
        guard issues.isEmpty else { throw RequestValidationError(issues) }
        return values
    }

    /// A row with `values` set: over `existing` (its key and automatic fields kept), or new.
    /// Fields not sent get their defaults, unless `keepingUnsent` (PATCH) keeps the row's.
    func makeRow(_ values: [Int: DatabaseValue], over existing: M?, keepingUnsent: Bool = false) throws -> M {
        let info = M.schemaInfo
        var stored = existing?.databaseValues ?? info.fields.map { _ in DatabaseValue.null }
        let editable = Set(fields.map(\.index))
        for (index, field) in info.fields.enumerated() where stored.indices.contains(index) {
            if let value = values[index] {
                stored[index] = value
            } else if existing == nil || (editable.contains(index) && !keepingUnsent) {
                stored[index] = Self.initialValue(field)
            }
        }
        do {
            return try M(row: ModelRow(values: stored[...], model: info.name))
        } catch {
            throw RequestValidationError([
                ValidationIssue(type: "value_error", loc: ["body"], msg: "Value error, \(error)")
            ])
        }
    }

    /// What a field holds before anything is sent: its default, the current time for
    /// `autoNow` fields, `""` for text that may be blank, else nothing.
    static func initialValue(_ field: FieldInfo) -> DatabaseValue {
        if field.isAutomatic { return .null }
        if let value = field.defaultValue?() { return value }
        if field.options.autoNow || field.options.autoNowAdd {
            switch field.type {
            case .dateTime: return Date().databaseValue
            case .date: return CalendarDate(Date())?.databaseValue ?? .null
            default: return .null
            }
        }
        if !field.isNullable, field.options.blank {
            switch field.type {
            case .char, .text, .email, .url, .slug, .file, .image, .genericIPAddress: return .text("")
            default: return .null
            }
        }
        return .null
    }

    /// `row` checked as Django's `full_clean()` checks it (422 with its messages) and saved
    /// (only `fields`, when given).
    func saved(_ row: M, fields updated: [String]? = nil) async throws -> M {
        let editable = Set(fields.map(\.info.name))
        do {
            try await row.fullClean(exclude: M.schemaInfo.fields.map(\.name).filter { !editable.contains($0) })
        } catch let error as PonyORM.ValidationError {
            let order = M.schemaInfo.fields.map(\.name)
            let issues = error.errors.sorted {
                (order.firstIndex(of: $0.key) ?? -1) < (order.firstIndex(of: $1.key) ?? -1)
            }
            .flatMap { field, messages in
                messages.map { message in
                    ValidationIssue(
                        type: "value_error",
                        loc: field == PonyORM.ValidationError.nonField ? ["body"] : ["body", .string(field)],
                        msg: "Value error, \(message)")
                }
            }
            throw RequestValidationError(issues)
        }
        var row = row
        try await row.save(updateFields: updated)
        return row
    }

    /// Names in `names` that are not in `allowed` (ordering names may start with `-`), as problems.
    static func unknown(_ names: [String], allowed: [String]) -> [String] {
        names.filter { !allowed.contains(String($0.drop { $0 == "-" })) }.map {
            "\(M.schemaInfo.name) has no field '\($0)' (it has: \(allowed.joined(separator: ", ")))."
        }
    }
}
