internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyTemplates
internal import PonyWeb

// Django's system check framework: `./app check [--deploy]`, `pony check app.swift`, and the
// deployment warnings `serve` prints at start.
extension Pony {
    /// What the system checks find, as `check` reports it.
    struct CheckReport {
        /// Problems with an id, errors and warnings.
        var problems: [ConfigurationError] = []
        /// The models' problems, as Django's lines (`todo.Team.crew: (fields.E335) …`).
        var modelProblems: [String] = []
        /// How many warnings ``Settings/silencedSystemChecks`` hid.
        var silenced = 0

        /// Whether anything at `level` or above was found.
        func fails(at level: ConfigurationError.Level) -> Bool {
            !modelProblems.isEmpty || problems.contains { $0.level >= level }
        }

        /// Django's text: "System check identified some issues:", then ERRORS and WARNINGS,
        /// then the count.
        var text: String {
            let errors = modelProblems + problems.filter { $0.level == .error }.map(\.description)
            let warnings = problems.filter { $0.level == .warning }.map(\.description)
            let count = errors.count + warnings.count
            guard count > 0 else { return "System check identified no issues (\(silenced) silenced).\n" }
            var text = "System check identified some issues:\n"
            if !errors.isEmpty { text += "\nERRORS:\n" + errors.joined(separator: "\n") + "\n" }
            if !warnings.isEmpty { text += "\nWARNINGS:\n" + warnings.joined(separator: "\n") + "\n" }
            return text + "\nSystem check identified \(count) issue\(count == 1 ? "" : "s") (\(silenced) silenced).\n"
        }
    }

    /// Runs the system checks (Django's `check`): settings, models, URL patterns, apps (the
    /// admin's registrations), the API, and every template the app has; with `deploy`, also
    /// the deployment checks `serve` runs (secret key, DEBUG, hosts, HSTS, HTTPS redirect,
    /// secure cookies, …).
    func systemCheck(deploy: Bool, environment: [String: String]) -> CheckReport {
        var report = CheckReport()
        let settings: Settings
        do {
            settings = try self.settings.applyingEnvironment(environment)
        } catch {
            report.problems = [error]
            return report
        }
        var problems: [ConfigurationError] = []
        report.modelProblems = ORM.problems(allModels)
        do {
            let (site, siteProblems) = try checkedSite(mode: .development, environment: environment)
            problems += siteProblems + templateProblems(site)
        } catch {
            problems.append(error)
        }
        if deploy { problems += deploymentProblems(settings, environment: environment) }
        report.problems = problems.unsilenced(by: settings)
        report.silenced = problems.count - report.problems.count
        return report
    }

    /// The deployment checks: the settings', each installed app's, CSRF's and mail's (silenced
    /// warnings included).
    func deploymentProblems(
        _ settings: Settings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [ConfigurationError] {
        settings.deploymentProblems() + installedApps.flatMap { $0.deploymentChecks() }
            + Pony.csrfDeploymentProblems(csrf) + mailDeploymentProblems(environment: environment)
    }

    /// Every template of the app, parsed (`templates.E101` for one that does not): those set
    /// in code, then the files under `templates/`.
    func templateProblems(_ site: Site) -> [ConfigurationError] {
        let folder = URL(fileURLWithPath: site.settings.baseDirectory).appendingPathComponent("templates")
        var sources = templates.sorted { $0.key < $1.key }.map { (name: $0.key, file: file, source: $0.value) }
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        let root = folder.standardizedFileURL.path + "/"
        for case let url as URL in files?.allObjects ?? [] {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let source = try? String(contentsOf: url, encoding: .utf8)
            else { continue }
            let path = url.standardizedFileURL.path
            sources.append((String(path.dropFirst(path.hasPrefix(root) ? root.count : 0)), path, source))
        }
        return sources.compactMap { name, file, source in
            do {
                _ = try Template(source, name: name, library: site.templates.library)
                return nil
            } catch let error as TemplateSyntaxError {
                return ConfigurationError(
                    "The template \(name) does not parse: \(error.message)", file: file,
                    line: error.line > 0 ? error.line : nil, id: "templates.E101")
            } catch {
                return ConfigurationError(
                    "The template \(name) does not parse: \(error)", file: file, id: "templates.E101")
            }
        }
    }

    /// `check`: prints the report; exit status 1 when it has a problem at the fail level.
    var checkCommand: Command {
        Command(
            "check", usage: "[--deploy] [--fail-level ERROR|WARNING]",
            summary: "Check settings, models, URLs, the admin, the API and templates (--deploy: production too).",
            usesDatabase: false
        ) { context in
            let level: ConfigurationError.Level
            switch context.option("--fail-level")?.uppercased() ?? "ERROR" {
            case "ERROR", "CRITICAL": level = .error
            case "WARNING", "INFO", "DEBUG": level = .warning
            case let other: throw UsageError("--fail-level is ERROR or WARNING, not \"\(other)\".")
            }
            let report = self.systemCheck(deploy: context.flag("--deploy"), environment: context.environment)
            guard report.fails(at: level) else {
                context.write(report.text)
                return 0
            }
            FileHandle.standardError.write(Data(report.text.utf8))
            return 1
        }
    }
}
