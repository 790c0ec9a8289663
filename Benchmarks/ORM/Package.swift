// swift-tools-version:6.2
// Pony's ORM against the raw driver, for Benchmarks/orm.sh: get by primary key,
// filter+order+limit 20, single inserts and a 100k-row bulk insert, on one SQLite file.
import PackageDescription

let package = Package(
    name: "ORMBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "main", path: "../.."),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        .executableTarget(
            name: "ORMBench",
            dependencies: [
                .product(name: "PonyORM", package: "main"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ])
    ]
)
