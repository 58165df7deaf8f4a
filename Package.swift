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
    ],
    targets: [
        .systemLibrary(name: "CXGBoost", path: "Sources/CXGBoost"),
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .target(name: "TandemData"),
        .target(name: "TandemModel", dependencies: ["TandemData", "CXGBoost", "CLapack"]),
        .target(name: "TandemRecipe", dependencies: ["TandemData", "TandemModel", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TandemChallenge", dependencies: ["TandemData", "TandemModel", "TandemRecipe", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemData",
                "TandemModel",
                "TandemRecipe",
                "TandemChallenge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TandemDataTests", dependencies: ["TandemData"]),
        .testTarget(name: "TandemModelTests", dependencies: ["TandemModel", "TandemData"], exclude: ["Reference"]),
        .testTarget(name: "TandemRecipeTests", dependencies: ["TandemRecipe", "TandemModel", "TandemData", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "TestSupport", dependencies: ["TandemData"], path: "Tests/TestSupport"),
        .testTarget(name: "TandemChallengeTests", dependencies: ["TandemChallenge", "TandemRecipe", "TandemModel", "TandemData", "TestSupport"]),
        .testTarget(name: "tandemTests", dependencies: ["TandemData", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
