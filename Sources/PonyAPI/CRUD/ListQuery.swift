internal import Foundation
internal import PonyORM
internal import PonySupport
internal import PonyWeb

/// The list endpoint of a model: `limit`/`offset` pagination, exact filters on declared
/// fields, and ordering by declared fields.
struct ListQuery<M: Model>: Sendable {
    let filters: [FieldInfo]
    let ordering: [String]
    let pageSize: Int
    /// The largest `limit` a request may ask for.
    var maximumLimit: Int { max(pageSize, 1000) }
    let problems: [String]

    init(filters: [String], ordering: [String], pageSize: Int) {
        let fields = M.schemaInfo.fields
        self.filters = filters.compactMap { name in fields.first { $0.name == name } }
        self.ordering = ordering
        self.pageSize = max(pageSize, 1)
        problems = pageSize < 1 ? ["pageSize must be at least 1 (it is \(pageSize))."] : []
    }

    /// The orderings a request may ask for: each field, ascending or descending.
    var orderingChoices: [JSONValue] { ordering.flatMap { [JSONValue.string($0), .string("-" + $0)] } }

    func respond(_ request: Request) async throws -> Response {
        var issues: [ValidationIssue] = []
        func number(_ name: String, default value: Int, bounds: ClosedRange<Int>) -> Int {
            guard let text = request.query[name] else { return value }
            switch Int.lax(.string(text)) {
            case .failure(let rejection):
                issues.append(ValidationIssue(type: rejection.type, loc: ["query", .string(name)], msg: rejection.msg))
                return value
            case .success(let number):
                let limits = Constraint.range(bounds)
                if let rejection = limits.violation(ofNumber: .int(Int64(number))) {
                    issues.append(
                        ValidationIssue(
                            type: rejection.type, loc: ["query", .string(name)], msg: rejection.msg, ctx: rejection.ctx)
                    )
                }
                return min(max(number, bounds.lowerBound), bounds.upperBound)
            }
        }
        let limit = number("limit", default: pageSize, bounds: 1...maximumLimit)
        let offset = number("offset", default: 0, bounds: 0...Int(Int32.max))
        var rows = M.objects.all()
        for field in filters {
            guard let text = request.query[field.name] else { continue }
            switch ModelInput<M>.storedValue(.string(text), field) {
            case .success(let value): rows = rows.filter(Q(field.name, value))
            case .failure(let rejection):
                issues.append(
                    ValidationIssue(
                        type: rejection.type, loc: ["query", .string(field.name)], msg: rejection.msg,
                        ctx: rejection.ctx))
            }
        }
        if let text = request.query["ordering"] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let choices = orderingChoices
            if names.isEmpty || names.contains(where: { !choices.contains(.string($0)) }) {
                let rejection = Rejection.choice(choices)
                issues.append(
                    ValidationIssue(
                        type: rejection.type, loc: ["query", "ordering"], msg: rejection.msg, ctx: rejection.ctx))
            } else {
                rows = rows.orderBy(names)
            }
        }
        guard issues.isEmpty else { throw RequestValidationError(issues) }
        let count = try await rows.count()
        let items = try await rows.offset(offset).limit(limit).fetch()
        return try encodeResult(Page(items: items, count: count), status: .ok)
    }

    /// Parameters and the page schema (`PagedTask`).
    @Sendable func describe(_ path: APIPath, _ components: SchemaComponents) -> Endpoint.Operation {
        var parameters: [JSONValue] = [
            [
                "in": "query", "name": "limit", "required": false,
                "schema": [
                    "type": "integer", "minimum": 1, "maximum": .int(Int64(maximumLimit)),
                    "default": .int(Int64(pageSize)),
                ],
            ],
            [
                "in": "query", "name": "offset", "required": false,
                "schema": ["type": "integer", "minimum": 0, "maximum": .int(Int64(Int32.max)), "default": 0],
            ],
        ]
        for field in filters {
            parameters.append([
                "in": "query", "name": .string(field.name), "required": false, "schema": .object(fieldSchema(field)),
            ])
        }
        if !ordering.isEmpty {
            parameters.append([
                "in": "query", "name": "ordering", "required": false,
                "description": "Comma-separated fields, `-` first for descending.",
                "schema": ["type": "string", "enum": .array(orderingChoices)],
            ])
        }
        let name = "Paged" + M.schemaInfo.name
        let row = outputSchema(M.self, into: components) ?? [:]
        components.schemas(
            named: name,
            [
                "properties": ["items": ["type": "array", "items": .object(row)], "count": ["type": "integer"]],
                "required": ["items", "count"], "title": .string(name), "type": "object",
            ])
        return Endpoint.Operation(
            parameters: parameters, response: ["$ref": .string("#/components/schemas/\(name)")])
    }
}

/// A page of rows: django-ninja's `{"items": [...], "count": N}`.
struct Page<Item: Encodable>: Encodable {
    let items: [Item]
    let count: Int
}
