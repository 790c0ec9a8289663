public import PonyORM
public import PonyWeb

extension Permission {
    /// A model's permissions as `(codename, name)` pairs (Django's `_get_all_permissions`): the
    /// default actions' (`add_task`, "Can add task"), then the model's own.
    static func all(of info: SchemaInfo) -> [(codename: String, name: String)] {
        builtin(of: info) + info.options.permissions.map { (codename: $0.0, name: $0.1) }
    }

    /// The default actions' permissions (Django's `_get_builtin_permissions`).
    static func builtin(of info: SchemaInfo) -> [(codename: String, name: String)] {
        info.options.defaultPermissions.map { action in
            (codename: "\(action)_\(info.name.lowercased())", name: "Can \(action) \(info.verboseName)")
        }
    }

    /// Django's `check_models_permissions`: names and codenames that would not fit their columns
    /// (`auth.E007`, `E008`, `E011`, `E012`), and a model's own permission that repeats a default
    /// one (`auth.E005`) or another of its own (`auth.E006`).
    public static func problems(_ models: [any Model.Type]) -> [ConfigurationError] {
        let nameLimit = 255
        let codenameLimit = 100
        var problems: [ConfigurationError] = []
        for model in models {
            let info = model.schemaInfo
            let label = "\(info.appLabel).\(info.name)"
            let builtin = builtin(of: info)
            if let longest = builtin.map(\.name.unicodeScalars.count).max(), longest > nameLimit {
                problems.append(
                    ConfigurationError(
                        "The verbose_name of model '\(label)' must be at most"
                            + " \(nameLimit - (longest - info.verboseName.unicodeScalars.count)) characters for its builtin permission"
                            + " names to be at most \(nameLimit) characters.", id: "auth.E007"))
            }
            if let longest = builtin.map(\.codename.unicodeScalars.count).max(), longest > codenameLimit {
                problems.append(
                    ConfigurationError(
                        "The name of model '\(label)' must be at most"
                            + " \(codenameLimit - (longest - info.name.unicodeScalars.count)) characters for its builtin permission"
                            + " codenames to be at most \(codenameLimit) characters.", id: "auth.E011"))
            }
            var codenames: Set<String> = []
            for (codename, name) in info.options.permissions {
                if name.unicodeScalars.count > nameLimit {
                    problems.append(
                        ConfigurationError(
                            "The permission named '\(name)' of model '\(label)' is longer than \(nameLimit) characters.",
                            id: "auth.E008"))
                }
                if codename.unicodeScalars.count > codenameLimit {
                    problems.append(
                        ConfigurationError(
                            "The permission codenamed '\(codename)' of model '\(label)' is longer than"
                                + " \(codenameLimit) characters.", id: "auth.E012"))
                }
                if builtin.contains(where: { $0.codename == codename }) {
                    problems.append(
                        ConfigurationError(
                            "The permission codenamed '\(codename)' clashes with a builtin permission for model"
                                + " '\(label)'.", id: "auth.E005"))
                } else if codenames.contains(codename) {
                    problems.append(
                        ConfigurationError(
                            "The permission codenamed '\(codename)' is duplicated for model '\(label)'.",
                            id: "auth.E006"))
                }
                codenames.insert(codename)
            }
        }
        return problems
    }
}
