// swift-tools-version:6.0
// A program that uses RNNZoo as a library: it depends on the project by path.
import PackageDescription

let package = Package(
    name: "Hello",
    dependencies: [.package(name: "RNNZoo", path: "../..")],
    targets: [
        .executableTarget(name: "Hello", dependencies: [.product(name: "RNNZoo", package: "RNNZoo")], path: "Sources/Hello"),
    ]
)
