// swift-tools-version:6.2
import CompilerPluginSupport
import PackageDescription

// NB: `pony run` compiles a user's single file against a prebuilt copy of Pony. With library
// evolution, Pony's own `.swiftmodule`s are all the compiler needs (its dependencies are
// internal imports). SwiftPM refuses unsafe flags in a versioned dependency, so the flag is
// only set when the `pony` CLI builds its framework cache with PONY_LIBRARY_EVOLUTION=1.
let libraryEvolution = Context.environment["PONY_LIBRARY_EVOLUTION"] == "1"

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
/// The framework cache (PonyCommands/FrameworkBuild.swift) hands the release build the debug
/// build's `@Model` plugin, so that it does not build swift-syntax again (optimising it took
/// 13 CPU-minutes).
let prebuiltMacros = Context.environment["PONY_MACRO_PLUGIN"].flatMap { $0.isEmpty ? nil : $0 }
/// The PostgreSQL backend brings postgres-nio and a second BoringSSL (swift-nio-ssl's), which
/// SMTP over TLS needs too; the framework cache leaves both out (PONY_POSTGRES=0) unless an app
/// asks for PostgreSQL or for mail over TLS.
let postgres = Context.environment["PONY_POSTGRES"] != "0"
/// PonyCrypto's hashes are optimised even in debug builds, so that a login under `pony run`
/// does not take 15 s of unoptimised SHA-256. NB: not when Pony is another package's
/// versioned dependency (checked out under SwiftPM's `.build/checkouts/` or Xcode's
/// `SourcePackages/checkouts/`), where unsafe flags are refused; that build hashes slowly in
/// debug only.
let unsafeFlagsAllowed = !Context.packageDirectory.contains("/checkouts/")
let optimized: [SwiftSetting] = unsafeFlagsAllowed ? [.unsafeFlags(["-O"])] : []
let optimizedC: [CSetting] = unsafeFlagsAllowed ? [.unsafeFlags(["-O2"])] : []

/// Settings for the modules that ship in the prebuilt framework.
/// NB: the textual .swiftinterface is not verified: the class `Pony` shares its module's name,
/// which textual interfaces cannot express, and `pony` only uses the binary .swiftmodule
/// with the compiler that wrote it.
let frameworkSettings =
    upcoming
    + (libraryEvolution ? [.unsafeFlags(["-enable-library-evolution", "-no-verify-emitted-module-interface"])] : [])
    + (prebuiltMacros.map { [.unsafeFlags(["-load-plugin-executable", "\($0)#PonyMacros"])] } ?? [])

let package = Package(
    name: "Pony",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Pony", targets: ["Pony"]),
        .library(name: "PonyTesting", targets: ["PonyTesting"]),
        // The template engine on its own (it depends on nothing else of Pony's).
        .library(name: "PonyTemplates", targets: ["PonyTemplates"]),
        // The ORM with its SQLite backend on its own, and the PostgreSQL backend (which brings
        // postgres-nio and TLS) for those who want it.
        .library(name: "PonyORM", targets: ["PonyORM", "PonySQLite"]),
        .library(name: "PonyPostgres", targets: ["PonyPostgres"]),
        .library(name: "PonyForms", targets: ["PonyForms"]),
        // The framework `pony run` links single-file apps against (see PonyCommands/Toolchain).
        .library(name: "PonyRuntime", type: .dynamic, targets: ["Pony"]),
        .executable(name: "pony", targets: ["pony"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Graceful shutdown on SIGTERM and the Date header's atomic (Hummingbird builds both).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.1"),
    ],
    targets: [
        .target(name: "PonySupport", swiftSettings: frameworkSettings),
        // SHA-1, SHA-256, SHA-512, MD5, HMAC and PBKDF2 for signing, passwords and ETags, and
        // SHA-256 with the CPU's SHA extensions.
        .target(name: "CPonySHA", cSettings: optimizedC),
        .target(name: "PonyCrypto", dependencies: ["CPonySHA"], swiftSettings: frameworkSettings + optimized),
        // zlib, for the gzip copies of static files `serve` keeps.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PonyTemplates", dependencies: ["PonySupport"], swiftSettings: frameworkSettings),
        .target(
            name: "PonyWeb",
            dependencies: [
                "PonySupport", "PonyCrypto", "PonyTemplates", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: frameworkSettings
        ),
        // `@Model` and `@Field`: the compiler plugin `pony` ships beside the framework.
        .macro(
            name: "PonyMacros",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ],
            swiftSettings: upcoming),
        // The ORM's backend-neutral layer, and its SQLite backend.
        .target(
            name: "PonyORM",
            dependencies: [
                "PonySupport", "PonyCrypto", "PonyTemplates", .product(name: "Logging", package: "swift-log"),
            ]
                + (prebuiltMacros == nil ? ["PonyMacros"] : []),
            swiftSettings: frameworkSettings),
        .target(
            name: "PonySQLite",
            dependencies: [
                // NB: for the SQLite it builds (its VaporCSQLite module), which Pony calls directly.
                "PonyORM", .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: frameworkSettings),
        .target(
            name: "PonyPostgres",
            dependencies: [
                "PonyORM", "PonySupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: frameworkSettings),
        // Django's `django.core.mail`: messages written as Django writes them, SMTP and other backends.
        .target(
            name: "PonyMail",
            dependencies: [
                "PonySupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
                + (postgres
                    ? [
                        .product(name: "NIOSSL", package: "swift-nio-ssl"),
                        .product(name: "NIOTLS", package: "swift-nio"),
                    ]
                    : []),
            swiftSettings: frameworkSettings + (postgres ? [.define("PONY_TLS")] : [])),
        // Django's cache framework: local-memory, database and Redis caches, and `cache_page`.
        .target(
            name: "PonyCache",
            dependencies: [
                "PonySupport", "PonyCrypto", "PonyTemplates", "PonyWeb", "PonyORM",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: frameworkSettings),
        // Django's contrib stack: signing, passwords, sessions, CSRF, users and messages.
        .target(
            name: "PonyAuth",
            dependencies: [
                "PonySupport", "PonyCrypto", "PonyWeb", "PonyORM", "PonyMail", "PonyCache", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: frameworkSettings),
        // Django's forms: fields, widgets and rendering identical to Django 5.2's.
        .target(
            name: "PonyForms", dependencies: ["PonySupport", "PonyWeb", "PonyORM", "PonyTemplates"],
            swiftSettings: frameworkSettings),
        // Django's admin: changelists, change forms, history and permissions for any model.
        .target(
            name: "PonyAdmin",
            dependencies: [
                "PonySupport", "PonyCrypto", "PonyWeb", "PonyORM", "PonyTemplates", "PonyAuth", "PonyForms",
            ],
            swiftSettings: frameworkSettings),
        // Typed JSON endpoints: validation with django-ninja's errors, OpenAPI 3.1, Swagger UI.
        .target(
            name: "PonyAPI", dependencies: ["PonySupport", "PonyWeb", "PonyORM", "PonyAuth"],
            swiftSettings: frameworkSettings),
        .target(
            name: "Pony",
            dependencies: [
                "PonyAPI", "PonyAdmin", "PonyAuth", "PonyCache", "PonyForms", "PonyMail", "PonyWeb", "PonyTemplates",
                "PonySupport",
                "PonyORM", "PonySQLite",
            ] + (postgres ? ["PonyPostgres"] : []),
            swiftSettings: frameworkSettings + (postgres ? [.define("PONY_POSTGRES")] : [])),
        .target(
            name: "PonyTesting",
            dependencies: ["Pony", "PonyWeb", "PonyAuth", "PonyForms", "PonyORM", "PonyTemplates", "PonySupport"],
            swiftSettings: upcoming),
        // NB: the CLI does not link the framework: it compiles apps against the prebuilt copy
        // in its cache, so `swift run pony` on a fresh clone builds in seconds, not minutes.
        .target(name: "PonyCommands", dependencies: ["PonySupport"], swiftSettings: upcoming),
        .executableTarget(
            name: "pony",
            dependencies: ["PonyCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonySupportTests", dependencies: ["PonySupport"], resources: [.copy("Fixtures")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyCryptoTests", dependencies: ["PonyCrypto"], resources: [.copy("Fixtures")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyCacheTests",
            dependencies: [
                "PonyCache", "PonyAuth", "PonyWeb", "PonyORM", "PonySQLite", "PonyPostgres", "Pony", "PonyTesting",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "PonySQLiteTests", dependencies: ["PonySQLite", "PonyORM"], swiftSettings: upcoming),
        .testTarget(
            name: "PonyPostgresTests",
            dependencies: ["PonyPostgres", "PonyORM", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyORMTests", dependencies: ["PonyORM", "PonySQLite", "PonyPostgres", "PonySupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming),

        .testTarget(
            name: "PonyTemplatesTests", dependencies: ["PonyTemplates"], resources: [.copy("Fixtures")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyWebTests", dependencies: ["PonyWeb", "PonyTesting", "Pony", "PonySQLite", "PonyPostgres"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyAuthTests",
            dependencies: [
                "PonyAuth", "PonyAdmin", "PonySupport", "PonyORM", "PonySQLite", "PonyPostgres", "Pony", "PonyTesting",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyFormsTests",
            dependencies: [
                "PonyForms", "PonySupport", "PonyWeb", "PonyORM", "PonyTemplates", "PonySQLite", "Pony", "PonyTesting",
            ],
            resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(
            name: "PonyAdminTests",
            dependencies: [
                "PonyAdmin", "PonyAuth", "PonyORM", "PonySQLite", "PonyPostgres", "PonyWeb", "Pony", "PonyTesting",
            ],
            swiftSettings: upcoming),
        .testTarget(
            name: "PonyTestingTests",
            dependencies: [
                "PonyTesting", "Pony", "PonyAuth", "PonyForms", "PonyORM", "PonySupport", "PonyWeb", "PonySQLite",
            ],
            resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(
            name: "PonyAPITests",
            dependencies: ["PonyAPI", "PonySupport", "PonyWeb", "PonyORM", "PonySQLite", "Pony", "PonyTesting"],
            resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(
            name: "PonyMailTests",
            dependencies: [
                "PonyMail", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "PonyCommandsTests", dependencies: ["PonyCommands", "PonySupport"], swiftSettings: upcoming),
        .testTarget(
            name: "PonyMacrosTests",
            dependencies: [
                "PonyMacros", .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
            ],
            swiftSettings: upcoming),
    ]
)
