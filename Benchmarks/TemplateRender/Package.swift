// swift-tools-version:6.2
// Raw template rendering for Benchmarks/templates.sh: Pony's engine on the fortunes page, and
// the hostile inputs of HostileInputTests at 64 KiB, timed.
import PackageDescription

let package = Package(
    name: "TemplateRender",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "main", path: "../..")],
    targets: [
        .executableTarget(
            name: "TemplateRender", dependencies: [.product(name: "PonyTemplates", package: "main")])
    ]
)
