/// The model type of a model known only from migrations (Django's historical models): it
/// lets the query compiler resolve a constraint's condition against the fields a migration
/// records. It has no rows; reading one is an error.
struct HistoricalModel: Model {
    static let schema = ModelSchema<HistoricalModel>(
        name: "HistoricalModel", fileID: "PonyORM/HistoricalModel.swift", options: ModelOptions(), fields: [])

    init(row: ModelRow) throws {
        throw DatabaseError("A model known only from migrations has no rows to read.")
    }

    var databaseValues: [DatabaseValue] { [] }

    mutating func assignPrimaryKey(_ id: Int64) {}
}

extension SchemaInfo {
    /// The table and columns of `state`, for compiling conditions on them (relations are
    /// columns here: nothing is joined).
    convenience init(historical state: ModelState) {
        let fields = state.columns.map { field in
            FieldInfo(
                name: field.name, column: field.column, type: field.fieldType, isNullable: field.isNullable,
                options: FieldOptions(primaryKey: field.isPrimaryKey), isAutomatic: false, defaultValue: nil,
                relatedModel: nil, choiceValues: nil, check: { _ in })
        }
        self.init(
            name: state.name, appLabel: state.appLabel ?? "", table: state.table, fields: fields,
            options: ModelOptions(), model: HistoricalModel.self)
    }
}
