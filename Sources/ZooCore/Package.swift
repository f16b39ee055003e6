// swift-tools-version:6.0
// The RNNZoo core: ONE dynamic library (libZooCore.so) shared by the `zoo` host, the format
// targets and every plugin. It is its own package so that a dynamic-library product of the root
// package links this library instead of embedding a private copy (see ../../../shared/DESIGN.md).
import PackageDescription

let package = Package(
    name: "ZooCore",
    products: [
        .library(name: "ZooCore", type: .dynamic, targets: ["ZooCore"]),
        // Applied to every plugin target: generates its entry points stamped with the core build.
        .plugin(name: "CoreBuildHash", targets: ["CoreBuildHash"]),
    ],
    // The error type, atomic writes and shape helpers the small format libraries share with the
    // core: its own dynamic library, which this one links and re-exports.
    dependencies: [.package(path: "ZooSupport")],
    targets: [
        // Vectorized C kernels (GEMM micro-kernel, transcendental activations) compiled with
        // per-ISA clones selected at run time (AVX-512, AVX2+FMA, generic).
        .target(
            name: "CZooKernels",
            path: "Kernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=fast-honor-pragmas"])]
        ),
        .target(
            name: "ZooCore",
            dependencies: ["CZooKernels", .product(name: "ZooSupport", package: "ZooSupport")],
            path: "Core",
            swiftSettings: [.unsafeFlags(["-O"])],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-soname=libZooCore.so"])],
            plugins: ["CoreBuildHash"]
        ),
        // The core build hash: plugins are refused unless built against these exact sources.
        .executableTarget(name: "CoreBuildHasher", path: "BuildHash/Tool"),
        .plugin(name: "CoreBuildHash", capability: .buildTool(), dependencies: ["CoreBuildHasher"], path: "BuildHash/Plugin"),
    ],
    swiftLanguageModes: [.v5]
)
