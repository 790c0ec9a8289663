// swift-tools-version:6.2
// Forms for Benchmarks/forms.sh: a 10-field form bound, validated and rendered as `{{ form }}`.
import PackageDescription

let package = Package(
    name: "FormRender",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "main", path: "../..")],
    targets: [
        .executableTarget(
            name: "FormRender",
            dependencies: [.product(name: "PonyForms", package: "main"), .product(name: "PonyORM", package: "main")])
    ]
)
