// swift-tools-version: 6.0
import PackageDescription

/// innersource: measures how much an organisation's teams build on each other's code, from git history.
/// Module boundaries are described in docs/ARCHITECTURE.md: only `Git` touches libgit2's C API, `Scoring` is
/// pure, the executable parses arguments and calls `Pipeline`.
let package = Package(
    name: "innersource",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "innersource", targets: ["innersource"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // HMAC-SHA256 for pseudonyms: a vetted implementation rather than our own cryptography.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // PostgreSQL's own client library, for the PostgreSQL sink: synchronous and small, where postgres-nio
        // would bring SwiftNIO's build into every cold build for one transaction per run.
        .systemLibrary(
            name: "Clibpq",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // xdiff, git's and libgit2's diff engine, copied from libgit2 v1.5.1 for line counts (Sources/Cxdiff/README.md).
        .target(name: "Cxdiff", cSettings: [.define("NDEBUG")]),
        .target(name: "InnerSourceModel"),
        .target(name: "CodeOwners", dependencies: ["InnerSourceModel"]),
        .target(name: "Components", dependencies: ["InnerSourceModel", "CodeOwners", "Yams"]),
        .target(name: "Git", dependencies: ["Clibgit2", "Cxdiff", "InnerSourceModel"]),
        .target(name: "Ingest", dependencies: ["Git", "InnerSourceModel"]),
        .target(
            name: "Attribution",
            dependencies: ["InnerSourceModel", "CodeOwners", "Yams", .product(name: "CSV", package: "CSV.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Scoring", dependencies: ["InnerSourceModel", "CodeOwners"]),
        .target(
            name: "Reporting",
            dependencies: ["InnerSourceModel", "Scoring", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "Postgres", dependencies: ["Clibpq", "Reporting", "InnerSourceModel"]),
        .target(
            name: "Pipeline",
            dependencies: ["Ingest", "Attribution", "Components", "Scoring", "Reporting", "Postgres", "InnerSourceModel", "Yams",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "innersource",
            dependencies: ["Pipeline", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "innersource-bench",
            dependencies: ["Ingest", "Scoring", "Pipeline", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "InnerSourceTests",
            dependencies: ["Git", "Ingest", "Attribution", "CodeOwners", "Components", "Scoring", "Reporting", "Postgres", "Pipeline", "InnerSourceModel",
                           // CSV.swift's writer: the oracle of CSVTable's quoting.
                           .product(name: "CSV", package: "CSV.swift")],
            path: "Tests/InnerSourceTests"
        ),
    ]
)

for target in package.targets where target.type != .system && target.name != "Cxdiff" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
