// swift-tools-version:6.0
import PackageDescription

// Targets follow the data flow: Stripe client → catalog → normalizer → destinations → sync → CLI/server,
// with the emulator and test support beside them. A target depends only on targets above it.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tributary",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tributary", targets: ["TributaryCLI"]),
        .library(name: "TributaryCatalog", targets: ["TributaryCatalog"]),
        .library(name: "TributaryStripe", targets: ["TributaryStripe"]),
        .library(name: "TributaryEmulator", targets: ["TributaryEmulator"]),
        .library(name: "TributaryNormalizer", targets: ["TributaryNormalizer"]),
        .library(name: "TributaryWarehouse", targets: ["TributaryWarehouse"]),
        .library(name: "TributarySQLite", targets: ["TributarySQLite"]),
        .library(name: "TributaryPostgres", targets: ["TributaryPostgres"]),
        .library(name: "TributarySync", targets: ["TributarySync"]),
        .library(name: "TributaryConfig", targets: ["TributaryConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // 4.x is what the graph already resolves (postgres-nio, swift-certificates); 3.12.3 still works.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "TributaryCatalog",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryStripe",
            dependencies: [
                "TributaryCatalog",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryEmulator",
            dependencies: [
                "TributaryCatalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryTesting",
            dependencies: [
                "TributaryEmulator",
                "TributaryStripe",
                "TributaryCatalog",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                "TributaryWarehouse",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryNormalizer",
            dependencies: ["TributaryCatalog", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryWarehouse",
            dependencies: ["TributaryCatalog", "TributaryNormalizer"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributarySQLite",
            dependencies: [
                "TributaryCatalog",
                "TributaryNormalizer",
                "TributaryWarehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryPostgres",
            dependencies: [
                "TributaryNormalizer",
                "TributaryWarehouse",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributarySync",
            dependencies: [
                "TributaryCatalog",
                "TributaryStripe",
                "TributaryNormalizer",
                "TributaryWarehouse",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TributaryConfig",
            dependencies: [
                "TributaryCatalog",
                "TributaryNormalizer",
                "TributaryWarehouse",
                "TributaryStripe",
                "TributarySync",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TributaryCLI",
            dependencies: [
                "TributarySync",
                "TributaryConfig",
                "TributaryNormalizer",
                "TributaryWarehouse",
                "TributarySQLite",
                "TributaryPostgres",
                "TributaryCatalog",
                "TributaryStripe",
                "TributaryEmulator",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryConfigTests",
            dependencies: [
                "TributaryConfig", "TributaryNormalizer", "TributaryWarehouse", "TributaryCatalog", "TributaryStripe",
                "TributarySync",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryCLITests",
            dependencies: [
                "TributaryCLI", "TributaryConfig", "TributarySync", "TributaryWarehouse", "TributaryNormalizer",
                "TributaryCatalog", "TributaryStripe", "TributaryTesting", "TributaryEmulator",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryCatalogTests",
            dependencies: ["TributaryCatalog"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryStripeTests",
            dependencies: ["TributaryStripe", "TributaryTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryEmulatorTests",
            dependencies: ["TributaryEmulator", "TributaryTesting", "TributaryCatalog", "TributaryStripe"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryNormalizerTests",
            dependencies: ["TributaryNormalizer", "TributaryCatalog", "TributaryTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributarySQLiteTests",
            dependencies: [
                "TributarySQLite", "TributaryWarehouse", "TributaryNormalizer", "TributaryCatalog",
                "TributaryTesting", "TributaryStripe",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributarySyncTests",
            dependencies: [
                "TributarySync", "TributarySQLite", "TributaryWarehouse", "TributaryNormalizer", "TributaryCatalog",
                "TributaryTesting", "TributaryStripe", "TributaryEmulator", "TributaryPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryPostgresTests",
            dependencies: [
                "TributaryPostgres", "TributaryWarehouse", "TributaryNormalizer", "TributaryCatalog", "TributaryTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TributaryDestinationTests",
            dependencies: [
                "TributarySQLite", "TributaryPostgres", "TributaryWarehouse", "TributaryNormalizer", "TributaryCatalog",
                "TributaryTesting", "TributaryStripe",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
