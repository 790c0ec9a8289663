// swift-tools-version:6.2
// The baseline for Benchmarks/run.sh: bare Hummingbird 2 with the same routes as
// Examples/bench.swift and no middleware; fortunes rendered with swift-mustache. Given a
// database path, also POST /entries/ through a pool of sqlite-nio connections, the baseline
// of Benchmarks/writers.sh.
import PackageDescription

let package = Package(
    name: "BareHummingbird",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        .executableTarget(
            name: "BareHummingbird",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ])
    ]
)
