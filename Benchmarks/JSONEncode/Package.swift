// swift-tools-version:6.2
// JSON encoding for Benchmarks/json.sh: Pony's CompactJSONEncoder (PonySupport, built for the
// PonyTemplates product) against Foundation's JSONEncoder with the same options, in one process.
import PackageDescription

let package = Package(
    name: "JSONEncode",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "main", path: "../..")],
    targets: [
        .executableTarget(name: "JSONEncode", dependencies: [.product(name: "PonyTemplates", package: "main")])
    ]
)
