// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RNNZoo",
    products: [
        .executable(name: "zoo", targets: ["ZooCLI"]),
        .executable(name: "zoo-bench", targets: ["ZooBench"]),
    ],
    dependencies: [
        .package(path: "Sources/ZooCore"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "ZooCLI",
            dependencies: [
                .product(name: "ZooCore", package: "ZooCore"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ZooCLI"
        ),
        .executableTarget(
            name: "ZooBench",
            dependencies: [
                .product(name: "ZooCore", package: "ZooCore"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ZooBench"
        ),
        .testTarget(
            name: "ZooCoreTests",
            dependencies: [.product(name: "ZooCore", package: "ZooCore")],
            path: "Tests/ZooCoreTests",
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
