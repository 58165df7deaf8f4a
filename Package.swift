// swift-tools-version: 6.1
import PackageDescription

// Module order (DESIGN.md section 1): a module imports only those listed before it.
let package = Package(
    name: "tandem",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        // Already resolved for async-http-client; named directly so the agent tests can run a loopback server.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CXGBoost", path: "Sources/CXGBoost"),
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .systemLibrary(name: "CNCursesw", path: "Sources/CNCursesw"),
        // Debian's zlib and liblzma: .gz, .zip (deflate) and .xz inputs are decompressed by them, never by our own code.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CLZMA", path: "Sources/CLZMA"),
        // SHA-256's compression function in C (SHA-NI when the CPU has it): the event log's chain is hashed on every append and replay.
        .target(name: "CSHA256"),
        .target(name: "TandemData", dependencies: ["CSHA256", "CZlib", "CLZMA"]),
        .target(name: "TandemModel", dependencies: ["TandemData", "CXGBoost", "CLapack"]),
        .target(name: "TandemRecipe", dependencies: ["TandemData", "TandemModel", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TandemChallenge", dependencies: ["TandemData", "TandemModel", "TandemRecipe", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TandemAgent", dependencies: ["TandemData", "TandemRecipe", "TandemChallenge"]),
        // The LLM agent and its HTTP client: the only module that links AsyncHTTPClient (with the executable), so the
        // reducer, the driver, the stores, the UI and the reports never do (issue 17).
        .target(name: "TandemLLM", dependencies: ["TandemData", "TandemRecipe", "TandemAgent", .product(name: "TOMLKit", package: "TOMLKit"),
                                                 .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .target(name: "TandemSession", dependencies: ["TandemData", "TandemModel", "TandemRecipe", "TandemChallenge", "TandemAgent"]),
        .target(name: "TandemUI", dependencies: ["TandemData", "TandemRecipe", "TandemChallenge", "TandemSession", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TandemTerminal", dependencies: ["CNCursesw", "TandemUI"]),
        .target(name: "TandemStore", dependencies: ["TandemData", "TandemSession", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "TandemStorePostgres", dependencies: ["TandemData", "TandemSession", "TandemStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                                                           .product(name: "Logging", package: "swift-log")]),
        .target(name: "TandemReport", dependencies: ["TandemData", "TandemModel", "TandemRecipe", "TandemChallenge", "TandemSession"]),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemData",
                "TandemModel",
                "TandemRecipe",
                "TandemChallenge",
                "TandemAgent",
                "TandemLLM",
                "TandemSession",
                "TandemUI",
                "TandemTerminal",
                "TandemStore",
                "TandemStorePostgres",
                "TandemReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz targets for every parser of untrusted input; `make fuzz` builds tandem-fuzz with libFuzzer (issue 19).
        .target(name: "TandemFuzz", dependencies: ["TandemData", "TandemRecipe", "TandemChallenge", "TandemAgent", "TandemLLM", "TandemSession"]),
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "tandem-fuzz", dependencies: ["TandemFuzz", "CLibFuzzer"]),
        .testTarget(name: "TandemFuzzTests", dependencies: ["TandemFuzz", "TestSupport"]),
        .testTarget(name: "TandemDataTests", dependencies: ["TandemData", "CSHA256"]),
        .testTarget(name: "TandemModelTests", dependencies: ["TandemModel", "TandemData"], exclude: ["Reference"]),
        .testTarget(name: "TandemRecipeTests", dependencies: ["TandemRecipe", "TandemModel", "TandemData", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TestSupport", dependencies: ["TandemData"], path: "Tests/TestSupport"),
        .testTarget(name: "TandemChallengeTests", dependencies: ["TandemChallenge", "TandemRecipe", "TandemModel", "TandemData", "TestSupport"]),
        .testTarget(name: "TandemAgentTests", dependencies: ["TandemAgent", "TandemLLM", "TandemChallenge", "TandemRecipe", "TandemData", "TestSupport",
                                                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                                                           .product(name: "NIOHTTP1", package: "swift-nio")]),
        .testTarget(name: "TandemSessionTests", dependencies: ["TandemSession", "TandemAgent", "TandemChallenge", "TandemRecipe", "TandemData", "TestSupport"]),
        .testTarget(name: "TandemStoreTests", dependencies: ["TandemStore", "TandemSession", "TandemData", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TandemStorePostgresTests", dependencies: ["TandemStorePostgres", "TandemStore", "TandemSession", "TestSupport",
                                                                   .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TandemUITests", dependencies: ["TandemUI", "TandemSession", "TandemChallenge", "TandemRecipe", "TandemData", "TandemAgent", "TestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "TandemReportTests", dependencies: ["TandemReport", "TandemSession", "TandemStore", "TandemChallenge", "TandemData", "TestSupport"]),
        .testTarget(name: "tandemTests", dependencies: ["TandemData", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
