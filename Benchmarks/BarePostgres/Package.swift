// swift-tools-version:6.2
// The baseline for Benchmarks/scaleout.sh: bare Hummingbird 2 and postgres-nio, no middleware,
// with the routes of Benchmarks/writers.swift on the table Pony's migration made for it.
import PackageDescription

let package = Package(
    name: "BarePostgres",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "BarePostgres",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ])
    ]
)
